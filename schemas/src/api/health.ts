import { Type, type Static } from '@sinclair/typebox';

export const Health = Type.Object(
  { status: Type.Literal('ok'), version: Type.String(), db: Type.Literal('ok'), time: Type.String() },
  { additionalProperties: false },
);
export type Health = Static<typeof Health>;

import { Type, type Static } from '@sinclair/typebox';
import { Instant, Names, OrgId } from './common';

export const Org = Type.Object(
  { id: OrgId, parentId: Type.Union([OrgId, Type.Null()]), name: Names, createdAt: Instant },
  { additionalProperties: false },
);
export type Org = Static<typeof Org>;

export const CreateOrgRequest = Type.Object(
  { id: OrgId, parentId: OrgId, name: Names },
  { additionalProperties: false },
);
export type CreateOrgRequest = Static<typeof CreateOrgRequest>;

export const OrgList = Type.Object({ items: Type.Array(Org) }, { additionalProperties: false });

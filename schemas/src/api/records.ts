import { Type, type Static } from '@sinclair/typebox';
import { DefinitionKey } from '../common';
import { Cursor, EntityId, Instant, Limit, OrgId } from './common';

const Data = Type.Record(Type.String(), Type.Unknown(), { description: "the record's field values by field key" });

export const RecordItem = Type.Object(
  {
    id: EntityId,
    orgId: OrgId,
    definitionId: EntityId,
    definitionVersion: Type.Integer(),
    definitionKey: DefinitionKey,
    templateKey: Type.Union([DefinitionKey, Type.Null()]),
    ownerId: Type.String(),
    data: Data,
    rev: Type.Integer(),
    createdAt: Instant,
    updatedAt: Instant,
  },
  { additionalProperties: false },
);
export type RecordItem = Static<typeof RecordItem>;

export const SubmitRecordRequest = Type.Object({ data: Data }, { additionalProperties: false });
export type SubmitRecordRequest = Static<typeof SubmitRecordRequest>;

export const PatchRecordRequest = Type.Object(
  {
    data: Type.Record(Type.String(), Type.Unknown(), { description: 'fields to change; null clears a field' }),
    rev: Type.Optional(Type.Integer({ minimum: 1, description: 'the rev you read; refused with 412 when the record changed since' })),
  },
  { additionalProperties: false },
);
export type PatchRecordRequest = Static<typeof PatchRecordRequest>;

export const RecordListQuery = Type.Object(
  {
    definitionId: Type.Optional(Type.String({ maxLength: 64 })),
    templateKey: Type.Optional(DefinitionKey),
    orgId: Type.Optional(OrgId),
    owner: Type.Optional(Type.String({ maxLength: 64, description: 'a user id, or "me"' })),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'text contained in any text value' })),
    limit: Type.Optional(Limit),
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);
export type RecordListQuery = Static<typeof RecordListQuery>;
export const RecordList = Type.Object({ items: Type.Array(RecordItem), nextCursor: Type.Optional(Type.String()) }, { additionalProperties: false });

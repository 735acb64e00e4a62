import { Type, type Static } from '@sinclair/typebox';
import { Cursor, Instant } from './common';

export const AuditEntry = Type.Object(
  {
    seq: Type.Integer(),
    at: Instant,
    actorId: Type.Union([Type.String(), Type.Null()]),
    orgId: Type.Union([Type.String(), Type.Null()]),
    action: Type.String(),
    entity: Type.String(),
    entityId: Type.String(),
    diff: Type.Unknown({ description: '{before?, after?}: the changed properties' }),
    prevHash: Type.String(),
    hash: Type.String(),
  },
  { additionalProperties: false },
);
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditQuery = Type.Object(
  {
    actor: Type.Optional(Type.String({ maxLength: 64 })),
    entity: Type.Optional(Type.String({ maxLength: 64, description: 'entity kind ("record") or kind:id ("record:rec_…")' })),
    action: Type.Optional(Type.String({ maxLength: 64 })),
    from: Type.Optional(Instant),
    to: Type.Optional(Instant),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditPage = Type.Object({ items: Type.Array(AuditEntry), nextCursor: Type.Optional(Type.String()) }, { additionalProperties: false });

export const AuditVerify = Type.Object(
  {
    ok: Type.Boolean(),
    count: Type.Integer(),
    firstBroken: Type.Optional(Type.Object({ seq: Type.Integer(), reason: Type.String() }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type AuditVerify = Static<typeof AuditVerify>;

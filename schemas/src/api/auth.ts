import { Type, type Static } from '@sinclair/typebox';
import { EntityId, Instant, OrgId, RoleSchema } from './common';

/** Attributes of a user that workflows read (best-match assignment): region, industries … */
export const UserAttributes = Type.Object(
  {
    region: Type.Optional(Type.String({ maxLength: 64 })),
    industries: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 50 })),
    languages: Type.Optional(Type.Array(Type.String({ maxLength: 16 }), { maxItems: 20 })),
    managerId: Type.Optional(EntityId),
  },
  { additionalProperties: false },
);
export type UserAttributes = Static<typeof UserAttributes>;

export const User = Type.Object(
  {
    id: EntityId,
    email: Type.String(),
    name: Type.String(),
    orgId: OrgId,
    role: RoleSchema,
    attributes: UserAttributes,
    disabled: Type.Boolean(),
    createdAt: Instant,
  },
  { additionalProperties: false },
);
export type User = Static<typeof User>;

export const LoginRequest = Type.Object(
  { email: Type.String({ minLength: 3, maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
);
export type LoginRequest = Static<typeof LoginRequest>;

export const LoginResponse = Type.Object(
  { token: Type.String(), expiresAt: Instant, user: User },
  { additionalProperties: false },
);
export type LoginResponse = Static<typeof LoginResponse>;

/** Who is calling: the user, and which orgs they may see. */
export const Me = Type.Object(
  { user: User, visibleOrgIds: Type.Array(OrgId), permissions: Type.Array(Type.String()) },
  { additionalProperties: false },
);
export type Me = Static<typeof Me>;

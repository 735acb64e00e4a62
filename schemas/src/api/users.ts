import { Type, type Static } from '@sinclair/typebox';
import { User, UserAttributes } from './auth';
import { Cursor, Limit, OrgId, Page, RoleSchema } from './common';

export const Email = Type.String({ format: 'email', maxLength: 254 });

export const CreateUserRequest = Type.Object(
  {
    email: Email,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    password: Type.String({ minLength: 10, maxLength: 1024, description: 'at least 10 characters' }),
    orgId: Type.Optional(OrgId),
    role: RoleSchema,
    attributes: Type.Optional(UserAttributes),
  },
  { additionalProperties: false },
);
export type CreateUserRequest = Static<typeof CreateUserRequest>;

export const UserListQuery = Type.Object(
  { orgId: Type.Optional(OrgId), role: Type.Optional(RoleSchema), limit: Type.Optional(Limit), cursor: Type.Optional(Cursor) },
  { additionalProperties: false },
);
export type UserListQuery = Static<typeof UserListQuery>;
export const UserList = Page(User);

export const UpdateUserRequest = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    role: Type.Optional(RoleSchema),
    attributes: Type.Optional(UserAttributes),
    disabled: Type.Optional(Type.Boolean({ description: 'a disabled user cannot sign in; their tokens stop working' })),
    password: Type.Optional(Type.String({ minLength: 10, maxLength: 1024 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateUserRequest = Static<typeof UpdateUserRequest>;

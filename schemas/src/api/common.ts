/**
 * Building blocks of the HTTP API's bodies (server routes and the editor's client share them).
 * Every object refuses unknown properties: a typo in a property name must not vanish.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { StringEnum } from '../common';

/** The short stable code of an org (`hq`, `east`, `sea`): lower case, chosen at creation. */
export const OrgId = Type.String({ pattern: '^[a-z][a-z0-9-]{1,31}$', description: 'short stable code, e.g. "east"' });

/** Server-made ids of users, definitions, records …: a prefix and a time-ordered suffix. */
export const EntityId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });

/** An instant as RFC 3339 text in UTC, e.g. `2026-01-31T08:00:00.000Z`. */
export const Instant = Type.String({ format: 'date-time' });

export const ROLES = ['hq_admin', 'hq_auditor', 'branch_admin', 'designer', 'sales_rep'] as const;
export type Role = (typeof ROLES)[number];
export const RoleSchema = StringEnum(ROLES, { description: 'hq_admin, hq_auditor, branch_admin, designer or sales_rep' });

/** Names in zh-CN and en (both required for orgs). */
export const Names = Type.Object({ 'zh-CN': Type.String({ minLength: 1, maxLength: 200 }), en: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });

/** One problem in a refused request: where (JSON pointer into the part named by `in`), what, and a stable code. */
export const ProblemItem = Type.Object(
  {
    pointer: Type.String(),
    code: Type.String(),
    message: Type.String({ description: 'in the language asked for by Accept-Language (zh-CN or en)' }),
    messages: Type.Optional(Type.Object({ 'zh-CN': Type.String(), en: Type.String() }, { additionalProperties: false })),
    in: Type.Optional(StringEnum(['body', 'query', 'params', 'headers'])),
    params: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);
export type ProblemItem = Static<typeof ProblemItem>;

/** RFC 9457 problem details, served as `application/problem+json`. */
export const ProblemDetails = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    code: Type.String({ description: 'stable error code from the server catalogue' }),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(ProblemItem)),
  },
  { additionalProperties: true },
);
export type ProblemDetails = Static<typeof ProblemDetails>;

/** A page of items; `nextCursor` is absent on the last page. */
export function Page<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), nextCursor: Type.Optional(Type.String()) }, { additionalProperties: false });
}

export const Limit = Type.Integer({ minimum: 1, maximum: 500, default: 50 });
export const Cursor = Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]*$' });

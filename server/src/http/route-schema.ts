/**
 * Route schemas with the parts every Branchline route shares: the error responses
 * (problem+json) and, for routes behind sign-in, the bearer security requirement.
 * Validation (ajv) and the OpenAPI document both come from these.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { ProblemDetails } from '@branchline/schemas';
import type { FastifySchema } from 'fastify';

export interface RouteSchemaInput {
  summary: string;
  description?: string;
  tags: string[];
  body?: TSchema;
  querystring?: TSchema;
  params?: TSchema;
  response: Record<number, TSchema>;
  /** false for routes that need no sign-in */
  auth?: boolean;
}

const Problem = Type.Unsafe<ProblemDetails>({ ...ProblemDetails, description: 'application/problem+json (RFC 9457)' });

export function routeSchema(s: RouteSchemaInput): FastifySchema {
  const out: Record<string, unknown> = {
    summary: s.summary,
    tags: s.tags,
    // Error responses are added to the OpenAPI document only (see `documentErrors`): they are
    // sent with JSON.stringify, so compiling serialisers for them would be wasted start-up time.
    response: { ...s.response },
  };
  if (s.description) out.description = s.description;
  if (s.body) out.body = s.body;
  if (s.querystring) out.querystring = s.querystring;
  if (s.params) out.params = s.params;
  if (s.auth !== false) out.security = [{ bearer: [] }];
  return out as FastifySchema;
}

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
export const KeyParams = Type.Object({ key: Type.String({ pattern: '^[a-z][a-z0-9-]{0,62}$' }) }, { additionalProperties: false });
export const NoContent = Type.Null({ description: 'no content' });

/** Swagger transform: document the problem+json error responses every route can give. */
export function documentErrors({ schema, url }: { schema: unknown; url: string }): { schema: unknown; url: string } {
  const sch = schema as { response?: Record<string, unknown> } | undefined;
  if (!sch || !url.startsWith('/api/')) return { schema, url };
  return { schema: { ...sch, response: { ...(sch.response ?? {}), '4xx': Problem, '5xx': Problem } }, url };
}

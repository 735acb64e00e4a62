/**
 * Routes that take no body refuse one. A POST, PUT, PATCH or DELETE under /api/ whose
 * schema declares no body (publish, logout, reapply or discard a set-aside change,
 * delete a record) accepts no body or `{}` only; anything else is a 422 naming each
 * property as unknown — as every route with a body schema does — instead of being
 * read as nothing (a client's `{"reason": …}` on a delete must not vanish unseen).
 *
 * The other way round, a route whose body schema is an object with no required property
 * (approve with an optional comment, start a manual run with an optional record) takes
 * no body as `{}`: a client that has nothing to say need not send an empty object.
 */
import type { FastifyInstance, FastifyRequest, preValidationHookHandler } from 'fastify';
import { pointer, problem, type Problem } from '@branchline/schemas';
import { AppError } from '../errors/app-error';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The problems of a body sent to a route that takes none: none for no body or `{}`. */
export function unexpectedBody(body: unknown): Problem[] {
  if (body === undefined || body === null) return [];
  if (typeof body === 'object' && !Array.isArray(body)) {
    return Object.keys(body).slice(0, 100).map((name) =>
      problem(pointer(name), 'unknown_property', `"${name}" is not a known property here: this operation takes no body.`, `此处不认识属性"${name}"：此操作不接受请求体。`, { property: name }),
    );
  }
  return [problem('', 'no_body', 'This operation takes no body; send none (or {}).', '此操作不接受请求体；请不要发送（或发送 {}）。')];
}

const noneIsEmpty: preValidationHookHandler = (req: FastifyRequest, _reply, done) => {
  if (req.body === undefined) req.body = {};
  done();
};

/** An object schema that any `{}` satisfies: no required property, no minimum count. */
function allOptional(schema: unknown): boolean {
  const s = schema as { type?: unknown; required?: unknown[]; minProperties?: number } | undefined;
  return s?.type === 'object' && !(s.required?.length) && !s.minProperties;
}

const refuseBody: preValidationHookHandler = (req: FastifyRequest, _reply, done) => {
  const problems = unexpectedBody(req.body);
  done(problems.length ? new AppError('validation_failed', { problems }) : undefined);
};

/** Install on the root app before any route is registered. */
export function installNoBody(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const methods = [route.method].flat();
    if (!methods.some((m) => WITH_BODY.has(m))) return;
    const body = (route.schema as { body?: unknown } | undefined)?.body;
    if (body !== undefined && !allOptional(body)) return;
    const hook = body === undefined ? refuseBody : noneIsEmpty;
    const own = route.preValidation;
    route.preValidation = own === undefined ? [hook] : [hook, ...[own].flat()];
  });
}

/**
 * Routes that take no body refuse one. A POST, PUT, PATCH or DELETE under /api/ whose
 * schema declares no body (publish, logout, reapply or discard a set-aside change,
 * delete a record) accepts no body or `{}` only; anything else is a 422 naming each
 * property as unknown — as every route with a body schema does — instead of being
 * read as nothing (a client's `{"reason": …}` on a delete must not vanish unseen).
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
    if ((route.schema as { body?: unknown } | undefined)?.body !== undefined) return;
    const own = route.preValidation;
    route.preValidation = own === undefined ? [refuseBody] : [refuseBody, ...[own].flat()];
  });
}

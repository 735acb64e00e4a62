/**
 * Authentication and permission, in one place for every route:
 * - at start-up, every `/api/` route must name a permission (or `public`) in its options,
 *   else `buildApp` fails;
 * - on each request, before the body is read, the bearer token is resolved into a
 *   {@link RequestContext} (401 when missing or bad) and the route's permission is checked
 *   against the caller's role (403).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error';
import { allows, POLICY, type RouteAccess } from './permissions';
import { HQ_ROLES } from './permissions';
import type { RequestContext, SessionUser } from './context';

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: RouteAccess;
  }
  interface FastifyRequest {
    ctx: RequestContext;
  }
  interface FastifyInstance {
    /** Every API route with the permission it declares, in registration order. */
    routeTable: RouteEntry[];
  }
}

export interface RouteEntry {
  method: string;
  url: string;
  permission: RouteAccess;
}

export class MissingPermissionError extends Error {}

function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m?.[1];
}

/** Install on the root app before any route is registered. */
export function installPolicy(app: FastifyInstance): void {
  app.decorateRequest('ctx', null as unknown as RequestContext);
  const table: RouteEntry[] = [];
  app.decorate('routeTable', table);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const permission = (route.config as { permission?: RouteAccess } | undefined)?.permission;
    if (permission === undefined) throw new MissingPermissionError(`route ${route.method} ${route.url} declares no permission (config.permission)`);
    if (permission !== 'public' && !(permission in POLICY)) throw new MissingPermissionError(`route ${route.method} ${route.url} names an unknown permission "${permission}"`);
    for (const method of [route.method].flat()) if (method !== 'HEAD') table.push({ method, url: route.url, permission });
  });

  // A callback hook (no promise per request): this runs on every API call.
  app.addHook('onRequest', (req, _reply, done) => {
    const permission = req.routeOptions.config?.permission;
    if (permission === undefined || permission === 'public') return done();
    const token = bearer(req);
    if (!token) return done(new AppError('unauthenticated'));
    const session = app.svc.tokens.resolve(token);
    if (!session) return done(new AppError('token_invalid'));
    const { user } = session;
    req.ctx = contextFor(app.svc.orgs, user, session.id);
    if (!allows(permission, user.role)) return done(new AppError('forbidden', { detail: `The role ${user.role} may not perform ${permission}.` }));
    done();
  });
}

/** The orgs a signed-in user may see: HQ roles every org, everyone else their own org and the orgs below it. */
export function contextFor(orgs: { allIds(): readonly string[]; subtree(orgId: string): readonly string[] }, user: SessionUser, tokenId: string): RequestContext {
  const allOrgs = HQ_ROLES.includes(user.role);
  return { user, tokenId, allOrgs, visibleOrgIds: allOrgs ? orgs.allIds() : orgs.subtree(user.orgId) };
}

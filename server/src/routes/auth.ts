/** Sign-in, sign-out and "who am I". Sign-in is rate-limited per IP and email and audited. */
import type { FastifyInstance } from 'fastify';
import { LoginRequest, LoginResponse, Me, type LoginRequest as LoginBody } from '@branchline/schemas';
import { routeSchema, NoContent } from '../http/route-schema';
import { AppError } from '../errors/app-error';
import { decoyHash, verifyPassword } from '../auth/password';
import { permissionsOf } from '../policy/permissions';
import { toUser } from '../repos/users';
import { iso } from '../ids';

export interface AuthOptions {
  /** Sign-in attempts allowed per IP and email per window. */
  loginMax: number;
  loginWindowMs: number;
}

export default async function authRoutes(app: FastifyInstance, opts: AuthOptions) {
  let decoy: Promise<string> | undefined;

  app.post<{ Body: LoginBody }>('/auth/login', {
    config: {
      permission: 'public',
      rateLimit: {
        max: opts.loginMax,
        timeWindow: opts.loginWindowMs,
        hook: 'preHandler',
        keyGenerator: (req) => `${req.ip}|${String((req.body as Partial<LoginBody> | undefined)?.email ?? '').trim().toLowerCase()}`,
      },
    },
    schema: routeSchema({ summary: 'Sign in with email and password', tags: ['auth'], auth: false, body: LoginRequest, response: { 200: LoginResponse } }),
    handler: async (req) => {
      const { email, password } = req.body;
      const row = app.svc.users.byEmailAny(email);
      if (!row || row.disabled) {
        // Spend the same time as a real check so timing does not reveal which emails exist.
        decoy ??= decoyHash(app.svc.scrypt);
        await verifyPassword(password, await decoy);
        await app.svc.writes.run(() => app.svc.auditAs(null, { orgId: row?.orgId ?? null, action: 'auth.login_failed', entity: 'user', entityId: row?.id ?? email.trim().toLowerCase().slice(0, 254), diff: {} }));
        throw new AppError('login_failed');
      }
      if (!(await verifyPassword(password, row.passwordHash))) {
        await app.svc.writes.run(() => app.svc.auditAs(null, { actorId: row.id, orgId: row.orgId, action: 'auth.login_failed', entity: 'user', entityId: row.id, diff: {} }));
        throw new AppError('login_failed');
      }
      const t = app.svc.tokens.create(row.id);
      await app.svc.writes.run(() => {
        t.insert();
        app.svc.auditAs(null, { actorId: row.id, orgId: row.orgId, action: 'auth.login', entity: 'user', entityId: row.id, diff: { after: { expiresAt: iso(t.expiresAt) } } });
      });
      return { token: t.token, expiresAt: iso(t.expiresAt), user: toUser(row) };
    },
  });

  app.post('/auth/logout', {
    config: { permission: 'auth.logout' },
    schema: routeSchema({ summary: 'Revoke the token of this request', tags: ['auth'], response: { 204: NoContent } }),
    handler: async (req, reply) => {
      const ctx = req.ctx;
      await app.svc.writes.run(() => {
        app.svc.tokens.revoke(ctx.tokenId);
        app.svc.auditAs(ctx, { orgId: ctx.user.orgId, action: 'auth.logout', entity: 'user', entityId: ctx.user.id, diff: {} });
      });
      app.svc.tokens.forget(ctx.tokenId);
      return reply.code(204).send();
    },
  });

  app.get('/me', {
    config: { permission: 'me.read' },
    schema: routeSchema({ summary: 'Who is calling, which orgs they see and what they may do', tags: ['auth'], response: { 200: Me } }),
    handler: async (req) => {
      const row = app.svc.users.byIdAny(req.ctx.user.id);
      if (!row) throw new AppError('token_invalid');
      return { user: toUser(row), visibleOrgIds: [...req.ctx.visibleOrgIds], permissions: permissionsOf(req.ctx.user.role) };
    },
  });
}

/**
 * Sign-in, sign-out and "who am I". Sign-in is audited and rate-limited twice: per IP and
 * email (every attempt, `loginMax` a window), and per IP alone (failed attempts,
 * `loginIpFailures` a window) so one address cannot try a password against many emails.
 */
import type { FastifyInstance } from 'fastify';
import { LoginRequest, LoginResponse, Me, type LoginRequest as LoginBody } from '@branchline/schemas';
import { routeSchema, NoContent } from '../http/route-schema';
import { sendProblem } from '../http/problem';
import { AppError } from '../errors/app-error';
import { decoyHash, verifyPassword } from '../auth/password';
import { permissionsOf } from '../policy/permissions';
import { toUser } from '../repos/users';
import { iso } from '../ids';

export interface AuthOptions {
  /** Sign-in attempts allowed per IP and email per window. */
  loginMax: number;
  loginWindowMs: number;
  /** Failed sign-ins allowed per IP (any email) per window. */
  loginIpFailures: number;
}

/** Failed sign-ins per IP in fixed windows, in memory (like the per-email limit). */
class FailureWindow {
  private readonly byIp = new Map<string, { count: number; resetAt: number }>();
  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}
  /** Seconds until `ip` may try again, or 0 when it may now. */
  blockedFor(ip: string, now: number): number {
    const e = this.byIp.get(ip);
    if (!e || e.resetAt <= now || e.count < this.max) return 0;
    return Math.max(1, Math.ceil((e.resetAt - now) / 1000));
  }
  fail(ip: string, now: number): void {
    const e = this.byIp.get(ip);
    if (e && e.resetAt > now) e.count += 1;
    else {
      if (this.byIp.size >= 100_000) for (const [k, v] of this.byIp) if (v.resetAt <= now) this.byIp.delete(k);
      if (this.byIp.size >= 100_000) this.byIp.delete(this.byIp.keys().next().value!);
      this.byIp.set(ip, { count: 1, resetAt: now + this.windowMs });
    }
  }
}

export default async function authRoutes(app: FastifyInstance, opts: AuthOptions) {
  let decoy: Promise<string> | undefined;
  const failures = new FailureWindow(opts.loginIpFailures, opts.loginWindowMs);

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
    handler: async (req, reply) => {
      const { email, password } = req.body;
      const wait = failures.blockedFor(req.ip, app.svc.clock());
      if (wait) return sendProblem(reply.header('retry-after', String(wait)), 'rate_limited');
      const row = app.svc.users.byEmailAny(email);
      if (!row || row.disabled) {
        failures.fail(req.ip, app.svc.clock());
        // Spend the same time as a real check so timing does not reveal which emails exist.
        decoy ??= decoyHash(app.svc.scrypt);
        await verifyPassword(password, await decoy);
        await app.svc.writes.run(() => app.svc.auditAs(null, { orgId: row?.orgId ?? null, action: 'auth.login_failed', entity: 'user', entityId: row?.id ?? email.trim().toLowerCase().slice(0, 254), diff: {} }));
        throw new AppError('login_failed');
      }
      if (!(await verifyPassword(password, row.passwordHash))) {
        failures.fail(req.ip, app.svc.clock());
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
      const user = app.svc.users.get(req.ctx, req.ctx.user.id);
      if (!user) throw new AppError('token_invalid');
      return { user, visibleOrgIds: [...req.ctx.visibleOrgIds], permissions: permissionsOf(req.ctx.user.role) };
    },
  });
}

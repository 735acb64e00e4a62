/**
 * Helpers for the server's tests: a fresh in-memory app per test, seeded with the demo
 * orgs and users only (tests publish the templates they need; cheap scrypt so
 * sign-in is fast), signing in as a demo user, and bearer headers. Not used by
 * production code.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type BuildOptions } from './app';
import { DEMO_PASSWORD } from './seed/seed';
import { contextFor } from './policy/plugin';
import type { RequestContext } from './policy/context';
import { toSessionUser } from './repos/users';

export const FAST_SCRYPT = { N: 1024, r: 8, p: 1 };

export function testApp(opts: Partial<BuildOptions> = {}): Promise<FastifyInstance> {
  return buildApp({ db: ':memory:', seed: 'orgs', scrypt: FAST_SCRYPT, logger: false, ...opts });
}

export const DEMO = {
  hqAdmin: 'admin@hq.demo',
  auditor: 'auditor@hq.demo',
  eastAdmin: 'admin@east.demo',
  southAdmin: 'admin@south.demo',
  eastRep: 'rep@east.demo',
  southRep: 'rep@south.demo',
  eastDesigner: 'designer@east.demo',
} as const;
export type DemoUser = keyof typeof DEMO;

export async function login(app: FastifyInstance, email: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login ${email} failed: ${res.statusCode} ${res.body}`);
  return (res.json() as { token: string }).token;
}

/** Sign every demo user in; returns their tokens by short name. */
export async function loginAll(app: FastifyInstance): Promise<Record<DemoUser, string>> {
  const entries = await Promise.all(Object.entries(DEMO).map(async ([k, email]) => [k, await login(app, email)] as const));
  return Object.fromEntries(entries) as Record<DemoUser, string>;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The problem items of a refused response, as `pointer code` lines for compact assertions. */
export function problemLines(res: LightMyRequestResponse): string[] {
  const body = res.json() as { errors?: { pointer: string; code: string }[] };
  return (body.errors ?? []).map((e) => `${e.pointer} ${e.code}`);
}

/** The request context a demo user's request gets (as the auth hook builds it), for calling repositories directly. */
export function contextOf(app: FastifyInstance, email: string): RequestContext {
  const row = app.svc.users.byEmailAny(email);
  if (!row) throw new Error(`no user ${email}`);
  return contextFor(app.svc.orgs, toSessionUser(row), 'test');
}

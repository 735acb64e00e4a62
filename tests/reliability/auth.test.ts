/**
 * Auth, against the real server process with its log at the most verbose level:
 * - passwords (right, wrong, new, changed, and inside refused bodies) never appear in
 *   anything it logged, nor in any answer of any GET route, nor in the audit log;
 * - the sign-in rate limit holds (the 11th attempt in a minute is refused even with the
 *   right password) per IP and email, and another email is not affected;
 * - a revoked token (logout), a disabled user's token and the tokens of a user whose
 *   password was changed are refused on every route;
 * - every kind of answer carries the security headers, and CORS grants nothing to a
 *   foreign origin.
 * Then, in process with a clock the test moves: an expired token is refused on every
 * route, also when its session was cached a moment before.
 * Builds on server/src/routes/auth.test.ts and server/src/app.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_TTL_MS } from '../../server/src/auth/tokens';
import { bearer, login, testApp } from '../../server/src/test-support';
import { Client } from './support/client';
import { startServer, type ServerProcess } from './support/server-process';

const rnd = Math.random().toString(36).slice(2, 10);
const SECRETS = {
  wrong: `Wrong-Pw-${rnd}-1`,
  fresh: `Fresh-Pw-${rnd}-2`,
  changed: `Changed-Pw-${rnd}-3`,
  inRefusedBody: `Refused-Pw-${rnd}-4`,
  tooLong: `TooLong-Pw-${rnd}-5`,
};

let dir: string;
let s: ServerProcess;
let c: Client;
let routes: { method: string; path: string; public: boolean }[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'branchline-auth-'));
  s = await startServer({ db: join(dir, 'auth.db'), env: { BRANCHLINE_SEED: 'orgs', LOG_LEVEL: 'trace' } });
  c = new Client(s.api);
  await c.login('admin@hq.demo');
  await c.login('admin@east.demo');
  await c.login('auditor@hq.demo');
  const doc = await c.must<{ paths: Record<string, Record<string, { security?: unknown[] }>> }>(200, 'GET', '/openapi.json', null);
  routes = Object.entries(doc.paths).flatMap(([p, ops]) =>
    Object.entries(ops).map(([m, op]) => ({ method: m.toUpperCase(), path: p.replace(/^\/api\/v1/, '').replace(/\{(\w+)\}/g, 'zz_missing'), public: !op.security || op.security.length === 0 })),
  );
}, 180_000);
afterAll(async () => {
  await s?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

/** Every non-public route answers 401 to `token`. */
async function refusedEverywhere(token: string): Promise<string[]> {
  const wrong: string[] = [];
  for (const r of routes.filter((x) => !x.public)) {
    const res = await c.call(r.method, r.path, token, ['POST', 'PUT', 'PATCH'].includes(r.method) ? {} : undefined);
    if (res.status !== 401) wrong.push(`${r.method} ${r.path} → ${res.status}`);
  }
  return wrong;
}

describe('passwords are never logged or returned', () => {
  it('through sign-ins, failed sign-ins, a new user, a password change and refused bodies', async () => {
    for (let i = 0; i < 3; i++) expect((await c.call('POST', '/auth/login', null, { email: 'rep@east.demo', password: SECRETS.wrong })).status).toBe(401);
    expect((await c.call('POST', '/auth/login', null, { email: `nobody-${rnd}@x.example.com`, password: SECRETS.wrong })).status).toBe(401);
    const user = await c.must<{ id: string }>(201, 'POST', '/users', 'admin@east.demo', { email: `new-${rnd}@east.example.com`, name: 'New', password: SECRETS.fresh, role: 'sales_rep' });
    await c.login(`new-${rnd}@east.example.com`, SECRETS.fresh);
    await c.must(200, 'PATCH', `/users/${user.id}`, 'admin@east.demo', { password: SECRETS.changed });
    await c.login(`new-${rnd}@east.example.com`, SECRETS.changed);
    // Refused bodies that carry a password: an unknown property, malformed JSON, too short, too long.
    expect((await c.call('POST', '/auth/login', null, { email: 'rep@east.demo', password: SECRETS.inRefusedBody, remember: true })).status).toBe(422);
    expect((await c.call('POST', '/auth/login', null, `{"email":"rep@east.demo","password":"${SECRETS.inRefusedBody}"`)).status).toBe(400);
    expect((await c.call('POST', '/users', 'admin@east.demo', { email: `x-${rnd}@east.example.com`, name: 'X', password: SECRETS.inRefusedBody.slice(0, 5), role: 'sales_rep' })).status).toBe(422);
    expect((await c.call('POST', '/users', 'admin@east.demo', { email: `y-${rnd}@east.example.com`, name: 'Y', password: SECRETS.tooLong.repeat(200), role: 'sales_rep' })).status).toBe(422);
    expect((await c.call('PATCH', `/users/${user.id}`, 'admin@east.demo', { password: SECRETS.inRefusedBody, oops: 1 })).status).toBe(422);

    // Every GET route an HQ admin and an auditor can call (lists paged through), the audit log included.
    const texts: string[] = [];
    for (const who of ['admin@hq.demo', 'auditor@hq.demo']) {
      for (const r of routes.filter((x) => x.method === 'GET' && !x.path.includes('zz_missing'))) {
        let cursor: string | undefined;
        for (let page = 0; page < 20; page++) {
          const res = await c.call<{ nextCursor?: string }>('GET', `${r.path}${r.path.includes('?') ? '&' : '?'}${cursor ? `cursor=${encodeURIComponent(cursor)}` : 'limit=200'}`, who);
          texts.push(res.text);
          cursor = res.status === 200 ? res.body?.nextCursor : undefined;
          if (!cursor) break;
        }
      }
      texts.push((await c.call('GET', `/users/${user.id}`, who)).text);
    }
    const answers = texts.join('\n');
    expect(answers).toContain(`new-${rnd}@east.example.com`); // the scan read the user's records
    expect(answers).toContain('auth.login_failed');
    await new Promise((r) => setTimeout(r, 300)); // let the log flush
    const log = s.output();
    expect(log.length).toBeGreaterThan(200); // trace level wrote something
    for (const [what, secret] of Object.entries({ ...SECRETS, demo: 'branchline-demo' })) {
      if (what !== 'demo') expect(log, `${what} in the log`).not.toContain(secret);
      expect(answers, `${what} in an answer`).not.toContain(secret);
    }
    // Nor their hashes.
    expect(answers).not.toMatch(/scrypt\$\d+\$/);
    expect(log).not.toMatch(/scrypt\$\d+\$/);
  }, 180_000);
});

describe('tokens', () => {
  it('a revoked token is refused on every route; another token of the same user still works', async () => {
    const a = await c.login('designer@east.demo');
    const b = (await c.call<{ token: string }>('POST', '/auth/login', null, { email: 'designer@east.demo', password: 'branchline-demo' })).body.token;
    expect((await c.call('GET', '/me', a)).status).toBe(200);
    expect((await c.call('POST', '/auth/logout', a)).status).toBe(204);
    expect(await refusedEverywhere(a)).toEqual([]);
    expect((await c.call('GET', '/me', b)).status).toBe(200);
  }, 120_000);

  it("a disabled user's token is refused on every route, and the user cannot sign in", async () => {
    const user = await c.must<{ id: string }>(201, 'POST', '/users', 'admin@east.demo', { email: `gone-${rnd}@east.example.com`, name: 'Gone', password: SECRETS.fresh, role: 'sales_rep' });
    const token = await c.login(`gone-${rnd}@east.example.com`, SECRETS.fresh);
    await c.must(200, 'PATCH', `/users/${user.id}`, 'admin@east.demo', { disabled: true });
    expect(await refusedEverywhere(token)).toEqual([]);
    expect((await c.call('POST', '/auth/login', null, { email: `gone-${rnd}@east.example.com`, password: SECRETS.fresh })).status).toBe(401);
  }, 120_000);

  it("a new password revokes the user's tokens on every route; the old password no longer signs in, the new one does", async () => {
    const email = `reset-${rnd}@east.example.com`;
    const user = await c.must<{ id: string }>(201, 'POST', '/users', 'admin@east.demo', { email, name: 'Reset', password: SECRETS.fresh, role: 'sales_rep' });
    const [a, b] = [await c.login(email, SECRETS.fresh), await c.login(email, SECRETS.fresh)];
    expect((await c.call('GET', '/me', a)).status).toBe(200);
    await c.must(200, 'PATCH', `/users/${user.id}`, 'admin@east.demo', { password: SECRETS.changed });
    expect(await refusedEverywhere(a)).toEqual([]);
    expect((await c.call('GET', '/me', b)).status).toBe(401);
    expect((await c.call('POST', '/auth/login', null, { email, password: SECRETS.fresh })).status).toBe(401);
    expect((await c.call('GET', '/me', await c.login(email, SECRETS.changed))).status).toBe(200);
    // The admin who set it keeps their session.
    expect((await c.call('GET', '/me', 'admin@east.demo')).status).toBe(200);
  }, 120_000);

  it('made-up, truncated and altered tokens are refused', async () => {
    const real = c.tokens.get('admin@east.demo')!;
    for (const t of ['x', 'a'.repeat(43), real.slice(0, -1), `${real}x`, real.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A')), `${'a'.repeat(5000)}`]) {
      expect((await c.call('GET', '/me', t)).status, t.slice(0, 20)).toBe(401);
    }
    expect((await c.call('GET', '/me', null, undefined, { authorization: `Basic ${Buffer.from('admin@east.demo:branchline-demo').toString('base64')}` })).status).toBe(401);
  });
});

describe('sign-in rate limit', () => {
  it('holds at 10 attempts a minute per IP and email — the 11th is refused even with the right password — and spares other emails', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await c.call('POST', '/auth/login', null, { email: 'rep@south.demo', password: `${SECRETS.wrong}-${i}` })).status);
    expect(statuses).toEqual(Array(10).fill(401));
    const right = await c.call('POST', '/auth/login', null, { email: 'rep@south.demo', password: 'branchline-demo' });
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(right.text).not.toContain('token');
    // The same email in another case is the same key.
    expect((await c.call('POST', '/auth/login', null, { email: 'REP@SOUTH.DEMO', password: 'branchline-demo' })).status).toBe(429);
    expect((await c.call('POST', '/auth/login', null, { email: 'admin@south.demo', password: 'branchline-demo' })).status).toBe(200);
  }, 120_000);
});

describe('security headers and CORS', () => {
  const SECURITY = ['content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'cross-origin-opener-policy', 'cross-origin-resource-policy'];
  it('every kind of answer carries the security headers; nothing reveals the stack', async () => {
    const answers = [
      await fetch(`${s.api}/health`),
      await fetch(`${s.api}/me`),
      await fetch(`${s.api}/me`, { headers: { authorization: `Bearer ${c.tokens.get('admin@east.demo')}` } }),
      await fetch(`${s.api}/no-such-route`),
      await fetch(`${s.api}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(2 * 1024 * 1024) }),
      await fetch(`${s.api}/auth/login`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' }),
      await fetch(`${s.url}/`),
      await fetch(`${s.url}/docs/`),
      await fetch(`${s.api}/openapi.json`),
    ];
    for (const res of answers) {
      const where = `${res.url} ${res.status}`;
      for (const h of SECURITY) expect(res.headers.get(h), `${h} on ${where}`).toBeTruthy();
      const csp = res.headers.get('content-security-policy')!;
      expect(csp, where).toMatch(/script-src 'self'/);
      expect(csp, where).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      // The API docs page keeps swagger-ui's own policy, which lets the app's own origin frame it.
      expect(csp, where).toMatch(res.url.includes('/docs') ? /frame-ancestors '(none|self)'/ : /frame-ancestors 'none'/);
      expect(csp, where).toMatch(/object-src 'none'/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-powered-by'), where).toBeNull();
      expect(res.headers.get('access-control-allow-origin'), where).toBeNull();
      const body = await res.text();
      expect(body, where).not.toMatch(/\bat [\w.<>]+ \(.*:\d+:\d+\)|node_modules|\/work\//);
    }
  });

  it('CORS is closed: no grant to a foreign origin, for preflights or requests, with or without credentials', async () => {
    const token = c.tokens.get('admin@east.demo')!;
    for (const origin of ['https://evil.example', 'null', s.url.replace('127.0.0.1', 'localhost')]) {
      const pre = await fetch(`${s.api}/records`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
      expect(pre.status).toBeGreaterThanOrEqual(400);
      for (const h of ['access-control-allow-origin', 'access-control-allow-credentials', 'access-control-allow-methods', 'access-control-allow-headers']) expect(pre.headers.get(h), `${h} for ${origin}`).toBeNull();
      const get = await fetch(`${s.api}/me`, { headers: { origin, authorization: `Bearer ${token}` } });
      expect(get.headers.get('access-control-allow-origin')).toBeNull();
      expect(get.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });
});

describe('expired tokens (in process, a clock the test moves)', () => {
  it('an expired token is refused on every route, also right after its session was cached', async () => {
    let now = Date.parse('2026-06-01T00:00:00Z');
    const app = await testApp({ clock: () => now, loginMax: 1000 });
    try {
      const token = await login(app, 'admin@hq.demo');
      const probe = async (method: string, url: string) => (await app.inject({ method: method as 'GET', url, headers: bearer(token), ...(['POST', 'PUT', 'PATCH'].includes(method) ? { payload: {} } : {}) })).statusCode;
      now += TOKEN_TTL_MS - 1;
      expect(await probe('GET', '/api/v1/me')).toBe(200); // valid to the last millisecond, and now cached
      now += 1;
      const wrong: string[] = [];
      for (const r of app.routeTable.filter((x) => x.permission !== 'public')) {
        const status = await probe(r.method, r.url.replace(':id', 'zz_missing').replace(':key', 'zz-missing'));
        if (status !== 401) wrong.push(`${r.method} ${r.url} → ${status}`);
      }
      expect(wrong).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { bearer, DEMO, login, problemLines, testApp } from '../test-support';
import { TOKEN_TTL_MS } from '../auth/tokens';

let app: FastifyInstance;
let now = Date.UTC(2026, 0, 5, 9);
beforeEach(async () => {
  now = Date.UTC(2026, 0, 5, 9);
  app = await testApp({ clock: () => now });
});
afterEach(() => app.close());

const post = (payload: unknown, headers: Record<string, string> = {}) => app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: payload as string, headers });

describe('POST /auth/login', () => {
  it('gives a token and the user (never the password hash) for the right password', async () => {
    const res = await post({ email: DEMO.eastRep, password: 'branchline-demo' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(body.user).toMatchObject({ email: DEMO.eastRep, orgId: 'east', role: 'sales_rep' });
    expect(res.body).not.toMatch(/scrypt|passwordHash|password_hash/);
    expect(body.expiresAt).toBe(new Date(now + TOKEN_TTL_MS).toISOString());
  });

  it('matches the email case-insensitively', async () => {
    expect((await post({ email: 'Rep@East.Demo', password: 'branchline-demo' })).statusCode).toBe(200);
  });

  it.each([
    ['a wrong password', { email: DEMO.eastRep, password: 'nope' }],
    ['an unknown email', { email: 'nobody@x.demo', password: 'branchline-demo' }],
  ])('refuses %s with 401 and the same answer', async (_w, body) => {
    const res = await post(body);
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 401, code: 'login_failed' });
  });

  it('refuses an unknown property with 422 and its pointer (no silent stripping)', async () => {
    const res = await post({ email: DEMO.eastRep, password: 'x', remember: true });
    expect(res.statusCode).toBe(422);
    expect(problemLines(res)).toEqual(['/remember unknown_property']);
  });

  it('refuses a missing or mistyped property with 422 and no coercion', async () => {
    const res = await post({ email: DEMO.eastRep, password: 12345 });
    expect(res.statusCode).toBe(422);
    expect(problemLines(res)).toEqual(['/password wrong_type']);
    expect(problemLines(await post({ email: DEMO.eastRep }))).toEqual(['/password required']);
  });

  it('answers 400 to malformed JSON, an empty body, a wrong content type and a __proto__ key', async () => {
    expect((await post('{"email":', { 'content-type': 'application/json' })).json()).toMatchObject({ status: 400, code: 'malformed_json' });
    expect((await post('', { 'content-type': 'application/json' })).statusCode).toBe(400);
    expect((await post('email=a', { 'content-type': 'application/x-www-form-urlencoded' })).json()).toMatchObject({ status: 400, code: 'unsupported_media_type' });
    expect((await post('{"email":"a"}', { 'content-type': 'text/plain' })).statusCode).toBe(400);
    expect((await post('{"__proto__":{"admin":true},"email":"a","password":"b"}', { 'content-type': 'application/json' })).json()).toMatchObject({ status: 400, code: 'forbidden_key' });
  });

  it('refuses too deep nesting with 400 and an oversized body with 413', async () => {
    const deep = '{"email":' + '['.repeat(100) + ']'.repeat(100) + ',"password":"x"}';
    expect((await post(deep, { 'content-type': 'application/json' })).json()).toMatchObject({ status: 400, code: 'body_too_deep' });
    const big = JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(2 * 1024 * 1024) });
    const res = await post(big, { 'content-type': 'application/json' });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('payload_too_large');
  });

  it('rate-limits attempts per IP and email', async () => {
    const limited = await testApp({ loginMax: 3 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await limited.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: DEMO.eastRep, password: 'wrong' } })).statusCode);
      expect(codes).toEqual([401, 401, 401, 429, 429]);
      const other = await limited.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: DEMO.southRep, password: 'branchline-demo' } });
      expect(other.statusCode).toBe(200);
      const res = await limited.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: DEMO.eastRep, password: 'branchline-demo' } });
      expect(res.json()).toMatchObject({ status: 429, code: 'rate_limited' });
    } finally {
      await limited.close();
    }
  });

  it('rate-limits failed attempts per IP across emails; successes do not count; another IP is unaffected; the window passes', async () => {
    let t = Date.UTC(2026, 0, 5, 9);
    const limited = await testApp({ clock: () => t, loginMax: 10, loginIpFailures: 5 });
    const attempt = (email: string, password: string, ip = '203.0.113.7') => limited.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: ip });
    try {
      // Sign-ins that succeed, more than the limit, do not count.
      for (const email of [...Object.values(DEMO), ...Object.values(DEMO)]) expect((await attempt(email, 'branchline-demo')).statusCode, email).toBe(200);
      // Five failures, each under another email (known and unknown ones): spraying one password.
      const emails = [DEMO.eastRep, DEMO.southRep, 'nobody@x.example.com', DEMO.eastAdmin, 'ghost@x.example.com'];
      for (const email of emails) expect((await attempt(email, 'Spring2026!')).statusCode, email).toBe(401);
      const blocked = await attempt(DEMO.hqAdmin, 'branchline-demo');
      expect(blocked.json()).toMatchObject({ status: 429, code: 'rate_limited' });
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect(blocked.body).not.toContain('token');
      expect((await attempt(DEMO.hqAdmin, 'branchline-demo', '198.51.100.2')).statusCode).toBe(200);
      t += 60_000;
      expect((await attempt(DEMO.hqAdmin, 'branchline-demo')).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('audits sign-ins and failed sign-ins', async () => {
    await login(app, DEMO.eastRep);
    await post({ email: DEMO.eastRep, password: 'bad' });
    const hq = await login(app, DEMO.hqAdmin);
    const res = await app.inject({ url: '/api/v1/audit?entity=user', headers: bearer(hq) });
    const actions = (res.json().items as { action: string }[]).map((e) => e.action);
    expect(actions.slice(0, 3)).toEqual(['auth.login', 'auth.login_failed', 'auth.login']);
  });
});

describe('tokens', () => {
  it('GET /me needs a token: 401 without, 401 with a bad one', async () => {
    expect((await app.inject({ url: '/api/v1/me' })).json()).toMatchObject({ status: 401, code: 'unauthenticated' });
    expect((await app.inject({ url: '/api/v1/me', headers: bearer('x'.repeat(43)) })).json()).toMatchObject({ status: 401, code: 'token_invalid' });
    expect((await app.inject({ url: '/api/v1/me', headers: { authorization: 'Basic abc' } })).statusCode).toBe(401);
  });

  it('GET /me tells who is calling, what they see and may do', async () => {
    const token = await login(app, DEMO.eastAdmin);
    const me = (await app.inject({ url: '/api/v1/me', headers: bearer(token) })).json();
    expect(me.user).toMatchObject({ email: DEMO.eastAdmin, role: 'branch_admin', orgId: 'east' });
    expect(me.visibleOrgIds).toEqual(['east']);
    expect(me.permissions).toContain('definitions.approve');
    expect(me.permissions).not.toContain('templates.publish');
    const hq = (await app.inject({ url: '/api/v1/me', headers: bearer(await login(app, DEMO.auditor)) })).json();
    expect(hq.visibleOrgIds.sort()).toEqual(['east', 'hq', 'sea', 'south']);
  });

  it('a token expires after its lifetime; expired tokens are purged at the next sign-in', async () => {
    const token = await login(app, DEMO.eastRep);
    now += TOKEN_TTL_MS - 1000;
    expect((await app.inject({ url: '/api/v1/me', headers: bearer(token) })).statusCode).toBe(200);
    now += 2000;
    expect((await app.inject({ url: '/api/v1/me', headers: bearer(token) })).json()).toMatchObject({ status: 401, code: 'token_invalid' });
    await login(app, DEMO.eastRep);
    expect(app.svc.store.sqlite.prepare('SELECT count(*) FROM tokens').pluck().get()).toBe(1);
  });

  it('logout revokes the token at once; other tokens of the user stay valid', async () => {
    const a = await login(app, DEMO.eastRep);
    const b = await login(app, DEMO.eastRep);
    expect((await app.inject({ url: '/api/v1/me', headers: bearer(a) })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(a) })).statusCode).toBe(204);
    expect((await app.inject({ url: '/api/v1/me', headers: bearer(a) })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/v1/me', headers: bearer(b) })).statusCode).toBe(200);
  });

  it('the database keeps only a hash of the token', async () => {
    const token = await login(app, DEMO.eastRep);
    const ids = app.svc.store.sqlite.prepare('SELECT id FROM tokens').pluck().all() as string[];
    expect(ids).toHaveLength(1);
    expect(ids[0]).not.toContain(token);
    expect(ids[0]).toMatch(/^[0-9a-f]{64}$/);
  });
});

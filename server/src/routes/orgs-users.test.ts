/**
 * GET/POST /orgs, GET/POST /users, PATCH /users/:id: who sees and changes which orgs and
 * users, what is audited, and what signs whom out. A fresh in-memory app per test, so no
 * test sees another's writes and each can say exactly what the tree and user list hold.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { bearer, loginAll, problemLines, testApp, type DemoUser } from '../test-support';

let app: FastifyInstance;
let tok: Record<DemoUser, string>;
let made = 0;
beforeEach(async () => {
  app = await testApp();
  tok = await loginAll(app);
  made = 0;
});
afterEach(() => app?.close());

const get = (url: string, who: DemoUser) => app.inject({ url: `/api/v1${url}`, headers: bearer(tok[who]) });
const post = (url: string, who: DemoUser, payload: unknown) => app.inject({ method: 'POST', url: `/api/v1${url}`, headers: bearer(tok[who]), payload: payload as object });
const user = (over: object = {}) => ({ email: `new${++made}@east.demo`, name: 'New Rep', password: 'a-long-password', role: 'sales_rep', ...over });
const orgIds = async () => ((await get('/orgs', 'auditor')).json().items as { id: string }[]).map((o) => o.id);
const emails = async () => ((await get('/users?limit=500', 'hqAdmin')).json().items as { email: string }[]).map((u) => u.email).sort();
const DEMO_EMAILS = ['admin@east.demo', 'admin@hq.demo', 'admin@south.demo', 'auditor@hq.demo', 'designer@east.demo', 'rep@east.demo', 'rep@south.demo'];

describe('GET /orgs', () => {
  it('HQ sees every org; a branch sees only its own', async () => {
    expect((await get('/orgs', 'auditor')).json().items.map((o: { id: string }) => o.id)).toEqual(['hq', 'east', 'south', 'sea']);
    const east = (await get('/orgs', 'eastRep')).json().items;
    expect(east).toEqual([{ id: 'east', parentId: 'hq', name: { 'zh-CN': '华东', en: 'East China' }, createdAt: expect.any(String) }]);
  });
  it('401 without a token', async () => {
    expect((await app.inject({ url: '/api/v1/orgs' })).statusCode).toBe(401);
  });
});

describe('GET /users', () => {
  it('HQ roles see every user; a branch admin only the users of the branch', async () => {
    expect((await get('/users', 'hqAdmin')).json().items).toHaveLength(7);
    const east = (await get('/users', 'eastAdmin')).json().items as { orgId: string; email: string }[];
    expect(east.map((u) => u.email).sort()).toEqual(['admin@east.demo', 'designer@east.demo', 'rep@east.demo']);
    expect(JSON.stringify(east)).not.toMatch(/south|password/);
  });
  it('filters by org and role, and pages with a cursor', async () => {
    expect((await get('/users?role=sales_rep', 'auditor')).json().items).toHaveLength(2);
    expect((await get('/users?orgId=south', 'eastAdmin')).json().items).toEqual([]);
    const p1 = (await get('/users?limit=4', 'hqAdmin')).json();
    expect(p1.items).toHaveLength(4);
    const p2 = (await get(`/users?limit=4&cursor=${p1.nextCursor}`, 'hqAdmin')).json();
    expect(p2.items).toHaveLength(3);
    expect(p2.nextCursor).toBeUndefined();
  });
  it.each(['eastRep', 'eastDesigner'] as const)('403 for %s', async (who) => {
    expect((await get('/users', who)).json()).toMatchObject({ status: 403, code: 'forbidden' });
  });
  it('422 for an unknown query parameter or a bad value, naming it', async () => {
    const res = await get('/users?rol=sales_rep&limit=0', 'hqAdmin');
    expect(res.statusCode).toBe(422);
    expect(problemLines(res).sort()).toEqual(['/limit too_small', '/rol unknown_property']);
    expect(res.json().errors[0].in).toBe('query');
  });
});

describe('writes to orgs and users', () => {
  it('an HQ admin creates a branch; it is audited and shows in the tree', async () => {
    const res = await post('/orgs', 'hqAdmin', { id: 'north', parentId: 'hq', name: { 'zh-CN': '华北', en: 'North China' } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ id: 'north', parentId: 'hq' });
    const audit = (await app.inject({ url: '/api/v1/audit?entity=org:north', headers: bearer(tok.auditor) })).json();
    expect(audit.items[0]).toMatchObject({ action: 'org.create', entityId: 'north', orgId: 'north' });
    expect((await post('/orgs', 'hqAdmin', { id: 'north', parentId: 'hq', name: { 'zh-CN': '华北', en: 'North' } })).json()).toMatchObject({ status: 409, code: 'org_exists' });
    expect(await orgIds()).toEqual(['hq', 'east', 'south', 'sea', 'north']);
    expect(((await get('/orgs', 'auditor')).json().items as { id: string; name: { en: string } }[]).find((o) => o.id === 'north')!.name.en).toBe('North China');
  });
  it.each(['auditor', 'eastAdmin', 'eastDesigner', 'eastRep'] as const)('403 for %s creating an org', async (who) => {
    expect((await post('/orgs', who, { id: 'west', parentId: 'hq', name: { 'zh-CN': '西', en: 'West' } })).statusCode).toBe(403);
    expect(await orgIds()).toEqual(['hq', 'east', 'south', 'sea']);
  });
  it('422 for a bad org id and 404 for an unknown parent', async () => {
    expect(problemLines(await post('/orgs', 'hqAdmin', { id: 'X!', parentId: 'hq', name: { 'zh-CN': '西', en: 'West' } }))).toEqual(['/id bad_format']);
    expect((await post('/orgs', 'hqAdmin', { id: 'west', parentId: 'nowhere', name: { 'zh-CN': '西', en: 'West' } })).statusCode).toBe(404);
    expect(await orgIds()).toEqual(['hq', 'east', 'south', 'sea']);
  });

  it('a branch admin creates a user in the own branch (default) and the user can sign in', async () => {
    const body = user();
    const res = await post('/users', 'eastAdmin', body);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ email: body.email, orgId: 'east', role: 'sales_rep' });
    expect(res.body).not.toContain('a-long-password');
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: body.email, password: body.password } });
    expect(login.statusCode).toBe(200);
    expect(await emails()).toEqual([...DEMO_EMAILS, body.email].sort());
  });
  it('a branch admin cannot create users in another branch (404) nor HQ roles (403)', async () => {
    expect((await post('/users', 'eastAdmin', user({ orgId: 'south' }))).json()).toMatchObject({ status: 404, code: 'org_not_found' });
    expect((await post('/users', 'eastAdmin', user({ role: 'hq_auditor', orgId: 'hq' }))).statusCode).toBe(404);
    expect((await post('/users', 'eastAdmin', user({ role: 'hq_admin' }))).statusCode).toBe(403);
    expect(await emails()).toEqual(DEMO_EMAILS);
  });
  it('HQ roles only in HQ, branch roles only in a branch', async () => {
    expect(problemLines(await post('/users', 'hqAdmin', user({ role: 'sales_rep', orgId: 'hq' })))).toEqual(['/role role_org_mismatch']);
    const auditor = user({ role: 'hq_auditor', orgId: 'hq' });
    expect((await post('/users', 'hqAdmin', auditor)).statusCode).toBe(201);
    expect(await emails()).toEqual([...DEMO_EMAILS, auditor.email].sort());
  });
  it('409 for a taken email; 422 for a short password and an unknown role', async () => {
    expect((await post('/users', 'hqAdmin', user({ email: 'rep@east.demo', orgId: 'east' }))).json()).toMatchObject({ status: 409, code: 'email_taken' });
    expect(problemLines(await post('/users', 'eastAdmin', user({ password: 'short', role: 'boss' }))).sort()).toEqual(['/password too_short', '/role not_allowed']);
    expect(await emails()).toEqual(DEMO_EMAILS);
  });
  it.each(['auditor', 'eastDesigner', 'eastRep'] as const)('403 for %s creating a user', async (who) => {
    expect((await post('/users', who, user())).statusCode).toBe(403);
    expect(await emails()).toEqual(DEMO_EMAILS);
  });

  describe('PATCH /users/:id', () => {
    const patch = (id: string, who: DemoUser, payload: unknown) => app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers: bearer(tok[who]), payload: payload as object });
    const idOf = async (email: string) => ((await app.inject({ url: '/api/v1/users?limit=500', headers: bearer(tok.hqAdmin) })).json().items as { id: string; email: string }[]).find((u) => u.email === email)!.id;

    it('a branch admin changes a user of the branch; audited without the password; a disabled user is signed out at once', async () => {
      const body = user();
      const created = (await post('/users', 'eastAdmin', body)).json();
      const token = (await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: body.email, password: body.password } })).json().token;
      const res = await patch(created.id, 'eastAdmin', { role: 'designer', attributes: { region: 'east', industries: ['retail'] } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ role: 'designer', attributes: { region: 'east' } });
      // A role change keeps the session and applies to its next request.
      const me = (await app.inject({ url: '/api/v1/me', headers: bearer(token) })).json();
      expect(me.user.role).toBe('designer');
      expect((await patch(created.id, 'eastAdmin', { password: 'another-long-one' })).statusCode).toBe(200);
      const audit = (await app.inject({ url: `/api/v1/audit?entity=user:${created.id}&action=user.update`, headers: bearer(tok.auditor) })).json().items[0];
      expect(audit.diff).toMatchObject({ after: { password: 'changed', sessionsRevoked: 1 } });
      const roleAudit = (await app.inject({ url: `/api/v1/audit?entity=user:${created.id}&action=user.update`, headers: bearer(tok.auditor) })).json().items[1];
      expect(roleAudit.diff).toMatchObject({ before: { role: 'sales_rep' }, after: { role: 'designer' } });
      expect(JSON.stringify(audit)).not.toContain('another-long-one');
      // The password change revoked the session signed in with the old one; the new password signs in.
      expect((await app.inject({ url: '/api/v1/me', headers: bearer(token) })).statusCode).toBe(401);
      const token2 = (await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: body.email, password: 'another-long-one' } })).json().token;
      expect((await app.inject({ url: '/api/v1/me', headers: bearer(token2) })).statusCode).toBe(200);
      expect((await patch(created.id, 'eastAdmin', { disabled: true })).json().disabled).toBe(true);
      expect((await app.inject({ url: '/api/v1/me', headers: bearer(token2) })).statusCode).toBe(401);
      expect((await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: body.email, password: 'another-long-one' } })).statusCode).toBe(401);
    });

    it("an admin's own new password keeps the session that set it and revokes the admin's other sessions", async () => {
      const body = user({ role: 'branch_admin' });
      const created = (await post('/users', 'eastAdmin', body)).json();
      const signIn = async (password: string) => (await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: body.email, password } })).json().token as string;
      const [a, b] = [await signIn(body.password), await signIn(body.password)];
      const res = await app.inject({ method: 'PATCH', url: `/api/v1/users/${created.id}`, headers: bearer(a), payload: { password: 'a-new-password-1' } });
      expect(res.statusCode).toBe(200);
      expect((await app.inject({ url: '/api/v1/me', headers: bearer(a) })).statusCode).toBe(200);
      expect((await app.inject({ url: '/api/v1/me', headers: bearer(b) })).json()).toMatchObject({ status: 401, code: 'token_invalid' });
      expect((await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: body.email, password: body.password } })).statusCode).toBe(401);
      // Other users' sessions are untouched.
      expect((await app.inject({ url: '/api/v1/me', headers: bearer(tok.eastAdmin) })).statusCode).toBe(200);
    });

    it('404 for a user of another branch; 403 for HQ users and HQ roles unless HQ admin; 403 for other roles', async () => {
      expect((await patch(await idOf('rep@south.demo'), 'eastAdmin', { name: 'x' })).json()).toMatchObject({ status: 404, code: 'user_not_found' });
      expect((await patch(await idOf('auditor@hq.demo'), 'eastAdmin', { name: 'x' })).statusCode).toBe(404);
      expect((await patch(await idOf('rep@east.demo'), 'eastAdmin', { role: 'hq_admin' })).statusCode).toBe(403);
      for (const who of ['auditor', 'eastDesigner', 'eastRep'] as const) expect((await patch(await idOf('rep@east.demo'), who, { name: 'x' })).statusCode).toBe(403);
      expect(problemLines(await patch(await idOf('rep@east.demo'), 'hqAdmin', { role: 'hq_auditor' }))).toEqual(['/role role_org_mismatch']);
    });

    it('422 for an empty change or an unknown property; 409 for disabling oneself', async () => {
      const rep = await idOf('rep@east.demo');
      expect(problemLines(await patch(rep, 'eastAdmin', {}))).toEqual([' too_few']);
      expect(problemLines(await patch(rep, 'eastAdmin', { rol: 'designer' }))).toEqual(['/rol unknown_property']);
      expect((await patch(await idOf('admin@east.demo'), 'eastAdmin', { disabled: true })).statusCode).toBe(409);
    });
  });
});

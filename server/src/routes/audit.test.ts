/**
 * GET /audit and GET /audit/verify through the API: every filter the issue lists (actor,
 * entity as kind or kind:id, action, from / to, limit, cursor) narrows to exactly the
 * entries it should — checked against the whole log read unfiltered — and the refusals:
 * 401, 403 for every branch role, 422 with the query parameter's pointer, 400 for a cursor
 * the server never gave. No route can change the log.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { bearer, loginAll, testApp, type DemoUser } from '../test-support';

type Entry = { seq: number; at: string; actorId: string | null; orgId: string | null; action: string; entity: string; entityId: string; hash: string; prevHash: string };

let app: FastifyInstance;
afterEach(() => app?.close());

const T0 = Date.parse('2026-10-01T09:00:00.000Z');
// Steps of an hour: tokens signed in at T0 stay valid (12 h).
const HOUR = 60 * 60 * 1000;

async function world() {
  let now = T0;
  app = await testApp({ clock: () => now, loginMax: 1000 });
  const tok = await loginAll(app); // hour 0: seven sign-ins
  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, who: DemoUser | null, payload?: object) =>
    app.inject({ method, url: `/api/v1${url}`, headers: who ? bearer(tok[who]) : {}, ...(payload ? { payload } : {}) });
  now = T0 + HOUR; // hour 1: east's admin creates and changes a user
  const user = (await call('POST', '/users', 'eastAdmin', { email: 'audit.rep@east.demo', name: 'Audit Rep', password: 'a-long-password', role: 'sales_rep' })).json();
  await call('PATCH', `/users/${user.id}`, 'eastAdmin', { name: 'Audit Rep 2' });
  now = T0 + 2 * HOUR; // hour 2: HQ creates a branch, south's admin creates a user
  await call('POST', '/orgs', 'hqAdmin', { id: 'north', parentId: 'hq', name: { 'zh-CN': '华北', en: 'North' } });
  await call('POST', '/users', 'southAdmin', { email: 'audit.rep@south.demo', name: 'South Rep', password: 'a-long-password', role: 'sales_rep' });
  const me = async (who: DemoUser) => ((await call('GET', '/me', who)).json() as { user: { id: string } }).user.id;
  /** The whole log, newest first, read page by page with the largest page. */
  const all = async (query = ''): Promise<Entry[]> => {
    const out: Entry[] = [];
    let cursor: string | undefined;
    do {
      const res = await call('GET', `/audit?limit=1000${query}${cursor ? `&cursor=${cursor}` : ''}`, 'auditor');
      expect(res.statusCode).toBe(200);
      out.push(...res.json().items);
      cursor = res.json().nextCursor;
    } while (cursor);
    return out;
  };
  return { call, all, me, userId: user.id as string };
}

describe('GET /audit filters', () => {
  it('actor, entity (kind and kind:id), action, from and to each keep exactly the matching entries', async () => {
    const { all, me, userId } = await world();
    const log = await all();
    expect(log.length).toBeGreaterThan(10);
    expect(log.map((e) => e.seq)).toEqual([...log.map((e) => e.seq)].sort((a, b) => b - a)); // newest first
    const eastAdmin = await me('eastAdmin');
    const pairs: [string, (e: Entry) => boolean][] = [
      [`&actor=${eastAdmin}`, (e) => e.actorId === eastAdmin],
      ['&entity=user', (e) => e.entity === 'user'],
      [`&entity=user:${userId}`, (e) => e.entity === 'user' && e.entityId === userId],
      ['&entity=org', (e) => e.entity === 'org'],
      ['&action=auth.login', (e) => e.action === 'auth.login'],
      [`&from=${new Date(T0 + HOUR).toISOString()}`, (e) => Date.parse(e.at) >= T0 + HOUR],
      [`&to=${new Date(T0 + HOUR).toISOString()}`, (e) => Date.parse(e.at) <= T0 + HOUR],
      [`&from=${new Date(T0 + HOUR).toISOString()}&to=${new Date(T0 + HOUR).toISOString()}&actor=${eastAdmin}&entity=user`, (e) => e.at === new Date(T0 + HOUR).toISOString() && e.actorId === eastAdmin && e.entity === 'user'],
    ];
    for (const [q, keep] of pairs) {
      const want = log.filter(keep).map((e) => e.seq);
      expect(want.length, `${q} selects something`).toBeGreaterThan(0);
      expect(want.length, `${q} leaves something out`).toBeLessThan(log.length);
      expect((await all(q)).map((e) => e.seq), q).toEqual(want);
    }
    // The user created and renamed in hour 1 by east's admin: exactly those two entries.
    expect((await all(`&entity=user:${userId}`)).map((e) => `${e.action} ${e.actorId === eastAdmin}`)).toEqual(['user.update true', 'user.create true']);
  });

  it('limit and cursor page through the whole log: no entry twice, none left out, in order', async () => {
    const { call, all } = await world();
    const log = await all();
    const paged: Entry[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await call('GET', `/audit?limit=3${cursor ? `&cursor=${cursor}` : ''}`, 'hqAdmin');
      expect(res.statusCode).toBe(200);
      const page = res.json();
      expect(page.items.length).toBeLessThanOrEqual(3);
      paged.push(...page.items);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 100);
    expect(pages).toBe(Math.ceil(log.length / 3));
    expect(paged.map((e) => e.seq)).toEqual(log.map((e) => e.seq));
    // A filter holds across pages too.
    const logins = log.filter((e) => e.action === 'auth.login').map((e) => e.seq);
    const first = (await call('GET', '/audit?action=auth.login&limit=2', 'auditor')).json();
    const second = (await call('GET', `/audit?action=auth.login&limit=2&cursor=${first.nextCursor}`, 'auditor')).json();
    expect([...first.items, ...second.items].map((e: Entry) => e.seq)).toEqual(logins.slice(0, 4));
  });

  it('refuses: 401 without a token, 403 for every branch role, 422 naming the query parameter, 400 for a made-up cursor', async () => {
    const { call } = await world();
    expect((await call('GET', '/audit', null)).statusCode).toBe(401);
    expect((await call('GET', '/audit/verify', null)).statusCode).toBe(401);
    for (const who of ['eastAdmin', 'southAdmin', 'eastDesigner', 'eastRep', 'southRep'] as const) {
      expect((await call('GET', '/audit', who)).json(), who).toMatchObject({ status: 403, code: 'forbidden' });
      expect((await call('GET', '/audit/verify', who)).json(), who).toMatchObject({ status: 403, code: 'forbidden' });
    }
    for (const [q, pointer] of [['from=yesterday', '/from'], ['to=2026-13-45T00:00:00Z', '/to'], ['limit=0', '/limit'], ['limit=1001', '/limit'], ['limit=ten', '/limit'], ['actr=usr_x', '/actr']] as const) {
      const res = await call('GET', `/audit?${q}`, 'auditor');
      expect(res.statusCode, q).toBe(422);
      expect(res.json().errors.map((e: { pointer: string; in?: string }) => `${e.in} ${e.pointer}`), q).toContain(`query ${pointer}`);
    }
    expect((await call('GET', '/audit?cursor=zzzzzzzzzzzzzzzzzzzz', 'auditor')).json()).toMatchObject({ status: 400, code: 'bad_cursor' });
  });
});

describe('GET /audit/verify and append-only', () => {
  it('verifies the chain with the count of every entry; no API route can change the log', async () => {
    const { call, all } = await world();
    const count = (await all()).length;
    for (const who of ['hqAdmin', 'auditor'] as const) expect((await call('GET', '/audit/verify', who)).json()).toEqual({ ok: true, count });
    const writes = app.routeTable.filter((r) => r.url.startsWith('/api/v1/audit') && r.method !== 'GET');
    expect(writes).toEqual([]);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      for (const url of ['/api/v1/audit', '/api/v1/audit/1']) {
        const res = await app.inject({ method, url, headers: bearer((await loginAll(app)).hqAdmin), payload: {} });
        expect(res.statusCode, `${method} ${url}`).toBe(404);
      }
    }
  });
});

/**
 * The permission matrix, generated from the app's route table and the policy table:
 * every API route × every role (and no token) — so a new route is covered the moment it
 * is registered. Then own vs. other branch for every read of a branch's entity.
 *
 * Every cell of the matrix (one route, one role) runs on an app of its own: an allowed
 * probe reaches the handler, and a write it makes (a logout revoking the token, an entity
 * created from the empty body) must not decide the answer of another cell.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ROLES, type Role } from '@branchline/schemas';
import { must } from '../runs/test-kit';
import { bearer, DEMO, login, loginAll, testApp, type DemoUser } from '../test-support';
import { visitTemplate } from '../test-fixtures';
import type { RouteEntry } from './plugin';
import { allows, type Permission } from './permissions';

const ROLE_USER: Record<Role, DemoUser> = { hq_admin: 'hqAdmin', hq_auditor: 'auditor', branch_admin: 'eastAdmin', designer: 'eastDesigner', sales_rep: 'eastRep' };

/** The non-public routes, read from the route table of an app built only for that. */
const ROUTES: RouteEntry[] = await (async () => {
  const app = await testApp({ seed: 'none' });
  const routes = app.routeTable.filter((r) => r.permission !== 'public').map((r) => ({ ...r }));
  await app.close();
  return routes;
})();

/** A request for the route with placeholder ids and an empty JSON body: enough to pass or fail the permission check. */
function probe(app: FastifyInstance, method: string, url: string, headers: Record<string, string>) {
  const path = url.replace(':id', 'zz_missing').replace(':key', 'no-such-template');
  const withBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
  return app.inject({ method: method as 'GET', url: path, headers, ...(withBody ? { payload: {} } : {}) });
}

describe('permission matrix (route table × roles)', () => {
  it('covers the routes the app has', () => {
    expect(ROUTES.length).toBeGreaterThan(25);
    expect(ROUTES.map((r) => `${r.method} ${r.url}`)).toContain('POST /api/v1/auth/logout');
  });

  it('every non-public route refuses a request without a token (401)', async () => {
    // A 401 is answered before the handler runs, so these probes cannot write: one app serves them all.
    const app = await testApp();
    try {
      for (const r of ROUTES) {
        const res = await probe(app, r.method, r.url, {});
        expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
      }
    } finally {
      await app.close();
    }
  });

  it.each(ROUTES.map((r) => [`${r.method} ${r.url}`, r] as const))('%s answers 403 exactly to the roles its permission does not name', async (_name, r) => {
    const failures: string[] = [];
    for (const role of ROLES) {
      const app = await testApp();
      try {
        const res = await probe(app, r.method, r.url, bearer(await login(app, DEMO[ROLE_USER[role]])));
        const allowed = allows(r.permission as Permission, role);
        const refused = res.statusCode === 403 && (res.json() as { code: string }).code === 'forbidden';
        if (allowed === refused || res.statusCode === 401 || res.statusCode >= 500) failures.push(`${role} ${r.method} ${r.url} → ${res.statusCode} (allowed: ${allowed})`);
      } finally {
        await app.close();
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('own vs. other branch', () => {
  let app: FastifyInstance;
  let tok: Record<DemoUser, string>;
  const ids: Record<'east' | 'south', { definition: string; record: string }> = { east: { definition: '', record: '' }, south: { definition: '', record: '' } };
  /** Per test: a fresh app where east and south each have a published visit-report instance and one record in it. */
  beforeEach(async () => {
    app = await testApp();
    tok = await loginAll(app);
    must(await app.inject({ method: 'POST', url: '/api/v1/templates', headers: bearer(tok.hqAdmin), payload: { template: visitTemplate(1) } }), 201);
    for (const [org, admin, rep] of [['east', 'eastAdmin', 'eastRep'], ['south', 'southAdmin', 'southRep']] as const) {
      ids[org].definition = must(await app.inject({ method: 'POST', url: '/api/v1/templates/visit-report/instances', headers: bearer(tok[admin]), payload: { publish: true } }), 201).id as string;
      ids[org].record = must(await app.inject({ method: 'POST', url: `/api/v1/definitions/${ids[org].definition}/records`, headers: bearer(tok[rep]), payload: { data: { company: `${org} Co`, region: org } } }), 201).id as string;
    }
  });
  afterEach(() => app?.close());

  const reads = (o: { definition: string; record: string }) => [
    `/definitions/${o.definition}`,
    `/definitions/${o.definition}/versions`,
    `/definitions/${o.definition}/export`,
    `/records/${o.record}`,
  ];

  it.each([
    ['hqAdmin', 'both'],
    ['auditor', 'both'],
    ['eastAdmin', 'east'],
    ['eastDesigner', 'east'],
    ['eastRep', 'east'],
    ['southAdmin', 'south'],
    ['southRep', 'south'],
  ] as const)('%s sees %s', async (who, sees) => {
    for (const org of ['east', 'south'] as const) {
      const visible = sees === 'both' || sees === org;
      for (const url of reads(ids[org])) {
        const res = await app.inject({ url: `/api/v1${url}`, headers: bearer(tok[who]) });
        const permitted = !(url.endsWith('/export') && who.endsWith('Rep'));
        const expected = !permitted ? 403 : visible ? 200 : 404;
        expect(res.statusCode, `${who} GET ${url}`).toBe(expected);
      }
      const list = (await app.inject({ url: '/api/v1/records', headers: bearer(tok[who]) })).json().items as { id: string }[];
      expect(list.some((r) => r.id === ids[org].record), `${who} lists ${org}'s record`).toBe(visible);
      const defs = (await app.inject({ url: '/api/v1/definitions', headers: bearer(tok[who]) })).json().items as { id: string }[];
      expect(defs.some((d) => d.id === ids[org].definition), `${who} lists ${org}'s definition`).toBe(visible);
    }
  });

  it("no response of a branch user contains another branch's record ids or values", async () => {
    for (const url of ['/records', '/definitions', '/orgs', '/users', `/templates/visit-report/usage`]) {
      const res = await app.inject({ url: `/api/v1${url}`, headers: bearer(tok.eastAdmin) });
      expect(res.body, url).not.toContain(ids.south.record);
      expect(res.body, url).not.toContain(ids.south.definition);
      expect(res.body, url).not.toContain('south Co');
    }
  });
});

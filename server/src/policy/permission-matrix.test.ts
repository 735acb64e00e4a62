/**
 * The permission matrix, generated from the app's route table and the policy table:
 * every API route × every role (and no token) — so a new route is covered the moment it
 * is registered. Then own vs. other branch for every read of a branch's entity.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { ROLES, type Role } from '@branchline/schemas';
import { bearer, DEMO, login, testApp, type DemoUser } from '../test-support';
import { visitTemplate } from '../test-fixtures';
import { allows, type Permission } from './permissions';

const ROLE_USER: Record<Role, DemoUser> = { hq_admin: 'hqAdmin', hq_auditor: 'auditor', branch_admin: 'eastAdmin', designer: 'eastDesigner', sales_rep: 'eastRep' };

let app: FastifyInstance;
const tok = {} as Record<DemoUser, string>;
beforeAll(async () => {
  app = await testApp();
  for (const [k, email] of Object.entries(DEMO)) tok[k as DemoUser] = await login(app, email);
});
afterAll(() => app.close());

/** A request for the route with placeholder ids and an empty JSON body: enough to pass or fail the permission check. */
function probe(method: string, url: string, headers: Record<string, string>) {
  const path = url.replace(':id', 'zz_missing').replace(':key', 'no-such-template');
  const withBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
  return app.inject({ method: method as 'GET', url: path, headers, ...(withBody ? { payload: {} } : {}) });
}

describe('permission matrix (route table × roles)', () => {
  it('every non-public route refuses a request without a token (401)', async () => {
    const routes = app.routeTable.filter((r) => r.permission !== 'public');
    expect(routes.length).toBeGreaterThan(25);
    for (const r of routes) {
      const res = await probe(r.method, r.url, {});
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
    }
  });

  it('every route answers 403 exactly to the roles its permission does not name', async () => {
    const failures: string[] = [];
    // Logout revokes the token used, so it goes last.
    const routes = app.routeTable.filter((r) => r.permission !== 'public').sort((a, b) => Number(a.url.endsWith('/logout')) - Number(b.url.endsWith('/logout')));
    for (const r of routes) {
      for (const role of ROLES) {
        const res = await probe(r.method, r.url, bearer(tok[ROLE_USER[role]]));
        const allowed = allows(r.permission as Permission, role);
        const refused = res.statusCode === 403 && (res.json() as { code: string }).code === 'forbidden';
        if (allowed === refused || res.statusCode === 401 || res.statusCode >= 500) failures.push(`${role} ${r.method} ${r.url} → ${res.statusCode} (allowed: ${allowed})`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('own vs. other branch', () => {
  const ids: Record<'east' | 'south', { definition: string; record: string }> = { east: { definition: '', record: '' }, south: { definition: '', record: '' } };
  beforeAll(async () => {
    // The matrix signed every role out (POST /auth/logout is open to all): sign in again.
    for (const [k, email] of Object.entries(DEMO)) tok[k as DemoUser] = await login(app, email);
    await app.inject({ method: 'POST', url: '/api/v1/templates', headers: bearer(tok.hqAdmin), payload: { template: visitTemplate(1) } });
    for (const [org, admin, rep] of [['east', 'eastAdmin', 'eastRep'], ['south', 'southAdmin', 'southRep']] as const) {
      ids[org].definition = (await app.inject({ method: 'POST', url: '/api/v1/templates/visit-report/instances', headers: bearer(tok[admin]), payload: { publish: true } })).json().id;
      ids[org].record = (await app.inject({ method: 'POST', url: `/api/v1/definitions/${ids[org].definition}/records`, headers: bearer(tok[rep]), payload: { data: { company: `${org} Co`, region: org } } })).json().id;
    }
  });

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

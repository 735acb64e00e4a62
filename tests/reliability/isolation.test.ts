/**
 * Isolation between branches, on an app full of distinctive data (support/populate.ts).
 * Builds on server/src/policy/permission-matrix.test.ts (role × route → 403) and adds:
 *
 * 1. A rule for every route of `app.routeTable`, so a new route without one fails here.
 * 2. Own / other branch / HQ × every role × every route that takes an id: another
 *    branch's (or HQ's) id answers exactly what a missing id answers — same status, same
 *    code — for reads and writes alike, and none of those refused writes changes a byte
 *    of the database; own ids are found. Routes that take an `orgId` in the body refuse
 *    another org and store nothing.
 * 3. A no-leak scan: every GET route (lists, reports — JSON and CSV —, runs, tasks,
 *    audit, search), with every query parameter it declares set to own and foreign values,
 *    following cursors, as every branch user: no response carries an id or a marker of
 *    another org, and every `orgId` in it is one the caller may see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '@branchline/schemas';
import { allows, type Permission } from '../../server/src/policy/permissions';
import type { DemoUser } from '../../server/src/test-support';
import { contentHash } from './support/db';
import { idsByOrg, populate, type Org, type Reply, type World } from './support/populate';

let w: World;
beforeAll(async () => {
  w = await populate({ records: 12 });
}, 120_000);
afterAll(() => w?.app.close());

const ROLE_USER: Record<Role, DemoUser> = { hq_admin: 'hqAdmin', hq_auditor: 'auditor', branch_admin: 'eastAdmin', designer: 'eastDesigner', sales_rep: 'eastRep' };
const BRANCH_USERS: { who: DemoUser; org: Org }[] = [
  { who: 'eastAdmin', org: 'east' },
  { who: 'eastDesigner', org: 'east' },
  { who: 'eastRep', org: 'east' },
  { who: 'southAdmin', org: 'south' },
  { who: 'southRep', org: 'south' },
];
const ORGS: Org[] = ['east', 'south', 'hq'];
const ROLE_OF: Record<DemoUser, Role> = { hqAdmin: 'hq_admin', auditor: 'hq_auditor', eastAdmin: 'branch_admin', southAdmin: 'branch_admin', eastDesigner: 'designer', eastRep: 'sales_rep', southRep: 'sales_rep' };

type Entity = 'definition' | 'record' | 'run' | 'task' | 'user';
/** How a route is scoped, and what a probe sends. */
type Rule =
  | { scope: 'public' | 'self' | 'global' }
  | { scope: 'list' }
  | { scope: 'id'; entity: Entity; pick?: (org: Org) => Promise<string> | string; body?: (id: string) => Promise<unknown> | unknown }
  | { scope: 'body-org'; body: (org: Org) => Promise<unknown> | unknown; path?: string };

const draftOf = async (id: string) => ({ definition: (await w.call('GET', `/definitions/${id}`, 'hqAdmin')).body?.definition ?? {} });
const exportOf = async (org: Org) => (await w.call('GET', `/definitions/${w.ids[org === 'hq' ? 'east' : org].visitForm}/export`, 'hqAdmin')).body;

/** Every API route, and how it is isolated. A route missing here fails the first test. */
const RULES: Record<string, Rule> = {
  'GET /health': { scope: 'public' },
  'POST /auth/login': { scope: 'public' },
  'GET /openapi.json': { scope: 'public' },
  'POST /auth/logout': { scope: 'self' },
  'GET /me': { scope: 'self' },
  'GET /orgs': { scope: 'list' },
  'POST /orgs': { scope: 'global' },
  'GET /users': { scope: 'list' },
  'POST /users': { scope: 'body-org', body: (org) => ({ email: `probe-${Math.random().toString(36).slice(2)}@x.example.com`, name: 'Probe', password: 'probe-password-1', role: org === 'hq' ? 'hq_auditor' : 'sales_rep', orgId: org }) },
  'PATCH /users/:id': { scope: 'id', entity: 'user', body: () => ({ name: 'Renamed by probe' }) },
  'GET /audit': { scope: 'list' },
  'GET /audit/verify': { scope: 'global' },
  'GET /runs': { scope: 'list' },
  'GET /runs/:id': { scope: 'id', entity: 'run' },
  // A non-manual workflow: own ids answer 409 not_manual_workflow (found), others' exactly like a missing id, and nothing starts.
  'POST /definitions/:id/runs': { scope: 'id', entity: 'definition', pick: (o) => w.ids[o].workflow, body: () => ({}) },
  'GET /definitions/:id/rollout': { scope: 'id', entity: 'definition', pick: (o) => w.ids[o].workflow },
  'PUT /definitions/:id/rollout': { scope: 'id', entity: 'definition', pick: (o) => w.ids[o].workflow, body: () => ({ rollout: null }) },
  'GET /tasks': { scope: 'list' },
  'GET /tasks/:id': { scope: 'id', entity: 'task' },
  'POST /tasks/:id/complete': { scope: 'id', entity: 'task', pick: (o) => w.ids[o].openTasks.shift() ?? w.ids[o].tasks[0]!, body: () => ({ outcome: 'done' }) },
  'POST /events': { scope: 'body-org', body: (org) => ({ type: 'probe.event', key: 'probe', orgId: org }) },
  'GET /reports/templates': { scope: 'global' },
  'GET /reports/aggregate': { scope: 'list' },
  'GET /reports/sla': { scope: 'list' },
  'GET /reports/distribution': { scope: 'list' },
  'GET /templates': { scope: 'global' },
  'GET /templates/:key': { scope: 'global' },
  'POST /templates': { scope: 'global' },
  'POST /templates/:key/instances': { scope: 'body-org', path: '/templates/visit-report/instances', body: (org) => ({ orgId: org }) },
  'GET /templates/:key/usage': { scope: 'list' },
  'GET /definitions': { scope: 'list' },
  'POST /definitions': { scope: 'body-org', body: (org) => ({ definition: { schemaVersion: 1, kind: 'form', key: `probe-${Math.random().toString(36).slice(2, 8)}`, title: { en: 'Probe' }, fields: [{ key: 'a', type: 'text', label: { en: 'A' } }] }, orgId: org }) },
  'GET /definitions/:id': { scope: 'id', entity: 'definition' },
  'PUT /definitions/:id': { scope: 'id', entity: 'definition', body: (id) => draftOf(id) },
  'POST /definitions/:id/publish': { scope: 'id', entity: 'definition' },
  'POST /definitions/:id/approve': { scope: 'id', entity: 'definition', body: () => ({}) },
  'POST /definitions/:id/reject': { scope: 'id', entity: 'definition', body: () => ({}) },
  'POST /definitions/:id/deactivate': { scope: 'id', entity: 'definition', pick: (o) => w.ids[o].workflow },
  'POST /definitions/:id/activate': { scope: 'id', entity: 'definition', pick: (o) => w.ids[o].workflow },
  'GET /definitions/:id/versions': { scope: 'id', entity: 'definition' },
  'GET /definitions/:id/upgrade': { scope: 'id', entity: 'definition', pick: (o) => w.ids[o].definition || w.ids[o].visitForm },
  'POST /definitions/:id/upgrade': { scope: 'id', entity: 'definition', pick: (o) => w.ids[o].definition || w.ids[o].visitForm, body: () => ({}) },
  'POST /definitions/:id/set-aside/:index/reapply': { scope: 'id', entity: 'definition', pick: (o) => w.ids[o].definition || w.ids[o].visitForm },
  'DELETE /definitions/:id/set-aside/:index': { scope: 'id', entity: 'definition', pick: (o) => w.ids[o].definition || w.ids[o].visitForm },
  'GET /definitions/:id/export': { scope: 'id', entity: 'definition' },
  'POST /definitions/import': { scope: 'body-org', body: async (org) => ({ file: await exportOf(org), orgId: org }) },
  'POST /definitions/:id/records': { scope: 'id', entity: 'definition', body: () => ({ data: { company: 'Probe Co' } }) },
  'GET /records': { scope: 'list' },
  'GET /records/:id': { scope: 'id', entity: 'record' },
  'PATCH /records/:id': { scope: 'id', entity: 'record', body: () => ({ data: { notes: 'probe' } }) },
  'DELETE /records/:id': { scope: 'id', entity: 'record', pick: (o) => w.newRecord(o) },
};

/** The route table with paths relative to /api/v1 (what `w.call` takes). */
const routes = () => w.app.routeTable.map((r) => ({ ...r, path: r.url.replace(/^\/api\/v1/, ''), key: `${r.method} ${r.url.replace(/^\/api\/v1/, '')}` }));
const PREFIX: Record<Entity, string> = { definition: 'def', record: 'rec', run: 'run', task: 'task', user: 'usr' };
const MISSING: Record<Entity, string> = { definition: 'def_zzzzzzzzzzzzzzzzzzz', record: 'rec_zzzzzzzzzzzzzzzzzzz', run: 'run_zzzzzzzzzzzzzzzzzzz', task: 'task:run_zzzzzzzzzzzzzzzzzzz:call:1', user: 'usr_zzzzzzzzzzzzzzzzzzz' };

function defaultPick(entity: Entity, org: Org): string {
  const ids = w.ids[org];
  return { definition: ids.visitForm, record: ids.records[2]!, run: ids.runs[0]!, task: ids.tasks[0]!, user: ids.users[0]! }[entity];
}

async function probe(method: string, url: string, rule: Extract<Rule, { scope: 'id' }>, who: DemoUser, id: string): Promise<Reply> {
  const body = rule.body ? await rule.body(id) : undefined;
  return w.call(method, url.replace(':id', encodeURIComponent(id)), who, body);
}

const codeOf = (r: Reply) => `${r.status} ${r.body?.code ?? ''}`;

describe('isolation: a rule for every route', () => {
  it('every route of the route table has an isolation rule here, and every rule a route', () => {
    const keys = routes().map((r) => r.key);
    expect(keys.filter((k) => !(k in RULES)), 'routes without an isolation rule: add one to RULES').toEqual([]);
    expect(Object.keys(RULES).filter((k) => !keys.includes(k)), 'rules for routes that no longer exist').toEqual([]);
    for (const r of routes()) {
      const rule = RULES[r.key]!;
      if (r.url.includes(':id')) expect(rule.scope, `${r.key} takes an id`).toBe('id');
      if (rule.scope === 'id') expect(PREFIX[rule.entity], r.key).toBeDefined();
    }
  });
});

describe('isolation: own / other branch / HQ × role × route', () => {
  it("a branch user gets for another org's id exactly what a missing id gets, and the database does not change", async () => {
    const failures: string[] = [];
    const db = w.app.svc.store.sqlite;
    const before = contentHash(db);
    let probes = 0;
    for (const r of routes()) {
      const rule = RULES[r.key]!;
      if (rule.scope !== 'id') continue;
      for (const { who, org } of BRANCH_USERS) {
        const missing = await probe(r.method, r.path, rule, who, MISSING[rule.entity]);
        // The yardstick itself must be a lookup that failed (or the role's refusal), not a refused body.
        if (![`404 ${rule.entity}_not_found`, '403 forbidden'].includes(codeOf(missing))) failures.push(`${who} ${r.key} with a missing id: ${codeOf(missing)}`);
        for (const target of ORGS.filter((o) => o !== org)) {
          const id = rule.pick && r.method !== 'DELETE' ? await rule.pick(target) : defaultPick(rule.entity, target);
          const res = await probe(r.method, r.path, rule, who, id);
          probes += 1;
          if (codeOf(res) !== codeOf(missing)) failures.push(`${who} ${r.key} on ${target}'s ${id}: ${codeOf(res)}, a missing id: ${codeOf(missing)}`);
          // Beyond `instance` (the URL the caller sent), the refusal says nothing about the entity.
          const { instance: _echo, ...said } = (res.body ?? {}) as Record<string, unknown>;
          if (JSON.stringify(said).includes(id) || res.text.includes(w.markers[target])) failures.push(`${who} ${r.key} on ${target}: the refusal names it`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(contentHash(db), 'refused requests changed the database').toBe(before);
    expect(probes).toBeGreaterThan(100);
  }, 300_000);

  it('own ids are found by every role the policy allows; HQ roles find every org’s', async () => {
    const failures: string[] = [];
    for (const r of routes()) {
      const rule = RULES[r.key]!;
      if (rule.scope !== 'id') continue;
      const notFound = `${rule.entity}_not_found`;
      for (const role of ROLES) {
        const who = ROLE_USER[role];
        const targets: Org[] = role.startsWith('hq_') ? ORGS : ['east'];
        for (const target of targets) {
          const id = rule.pick ? await rule.pick(target) : defaultPick(rule.entity, target);
          const res = await probe(r.method, r.path, rule, who, id);
          const allowed = allows(r.permission as Permission, role);
          if (res.status >= 500) failures.push(`${role} ${r.key} on ${target}: ${res.status}`);
          else if (!allowed && codeOf(res) !== '403 forbidden') failures.push(`${role} ${r.key}: ${codeOf(res)}, expected 403 forbidden`);
          else if (allowed && res.body?.code === notFound) failures.push(`${role} ${r.key} on ${target}'s ${id}: ${notFound}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('routes that take an orgId in the body refuse another org (and store nothing), and accept the own one', async () => {
    const failures: string[] = [];
    const db = w.app.svc.store.sqlite;
    for (const r of routes()) {
      const rule = RULES[r.key]!;
      if (rule.scope !== 'body-org') continue;
      const path = rule.path ?? r.url.replace(/^\/api\/v1/, '');
      for (const { who, org } of BRANCH_USERS) {
        if (!allows(r.permission as Permission, ROLE_OF[who])) continue;
        for (const target of ORGS.filter((o) => o !== org)) {
          const body = await rule.body(target);
          const before = contentHash(db);
          const res = await w.call(r.method, path, who, body);
          if (res.status < 400 || res.status >= 500) failures.push(`${who} ${r.key} into ${target}: ${codeOf(res)}`);
          if (contentHash(db) !== before) failures.push(`${who} ${r.key} into ${target}: stored something`);
        }
        const own = await w.call(r.method, path, who, await rule.body(org));
        if (own.status >= 300) failures.push(`${who} ${r.key} into its own org: ${codeOf(own)} ${own.text.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});

/** The values each query parameter is tried with: the caller's own and other orgs'. A parameter without an entry fails the scan. */
function queryValues(param: string, own: Org, foreign: Org[]): string[] {
  const all = [own, ...foreign];
  const ids = (f: (o: Org) => string | undefined) => all.map(f).filter((x): x is string => !!x);
  const table: Record<string, string[]> = {
    orgId: all,
    role: ['sales_rep', 'branch_admin'],
    limit: ['200'],
    cursor: [],
    actor: ids((o) => w.ids[o].users[0]),
    entity: ['record', ...ids((o) => `record:${w.ids[o].records[2]}`)],
    action: ['record.create'],
    from: ['2000-01-01'],
    to: ['2100-01-01'],
    recordId: ids((o) => w.ids[o].records[2]),
    definitionId: ids((o) => w.ids[o].visitForm),
    workflowKey: ['visit-follow'],
    status: ['open', 'completed', 'waiting', 'draft', 'published'],
    assignee: ['me', ...ids((o) => w.ids[o].users[0])],
    runId: ids((o) => w.ids[o].runs[0]),
    template: ['visit-report', 'visit-log'],
    workflow: ['visit-follow'],
    groupBy: ['orgId', 'orgId,region', 'month', 'orgId,kind'],
    measures: ['count,sum:amount,avg:amount'],
    field: ['amount'],
    buckets: ['5'],
    min: ['0'],
    max: ['100000'],
    version: ['1'],
    kind: ['form', 'workflow'],
    templateKey: ['visit-report'],
    owner: ['me'],
    q: ['mark', ...all.map((o) => w.markers[o])],
  };
  if (!(param in table)) throw new Error(`no scan values for query parameter "${param}": add them to queryValues`);
  return table[param]!;
}

const REQUIRED: Record<string, string> = { '/reports/aggregate': 'template=visit-report', '/reports/distribution': 'template=visit-report&field=amount' };

/** Every `orgId` (or `org_id`) value anywhere in a JSON value. */
function orgIdsIn(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) for (const x of v) orgIdsIn(x, out);
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      if ((k === 'orgId' || k === 'org_id') && typeof x === 'string') out.push(x);
      else orgIdsIn(x, out);
    }
  return out;
}

describe('isolation: no response of a branch user carries another org’s ids or values', () => {
  it.each(BRANCH_USERS)('$who: every GET route, every query parameter, own and foreign values, every page', async ({ who, org }) => {
    const doc = (await w.call('GET', '/openapi.json', null)).body as { paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>> };
    const byOrg = idsByOrg(w.app);
    const foreign = ORGS.filter((o) => o !== org);
    // HQ's people act in branches (an HQ admin may submit or complete there), so their user ids may appear; nothing else of HQ's may.
    const forbiddenIds = new Set(foreign.flatMap((o) => [...(byOrg.get(o) ?? [])].filter(([, table]) => !(o === 'hq' && table === 'users')).map(([id]) => id)));
    const forbiddenMarkers = foreign.map((o) => w.markers[o]);
    const ownIds = new Map(byOrg.get(org)!);
    const leaks: string[] = [];
    const seenOwn = new Set<string>();
    const scanned = new Map<string, number>();
    let responses = 0;

    const check = (url: string, res: Reply) => {
      responses += 1;
      if (res.status >= 500) leaks.push(`${url} → ${res.status}`);
      for (const token of res.text.match(/[a-z]{2,5}_[0-9a-z]{19}/g) ?? []) {
        // A problem's `instance` echoes the URL the caller sent: an id from the request is not a leak.
        if (forbiddenIds.has(token) && !url.includes(token)) leaks.push(`${url}: id ${token}`);
        if (ownIds.has(token)) seenOwn.add(token);
      }
      for (const m of forbiddenMarkers) if (res.text.includes(m) && !decodeURIComponent(url).includes(m)) leaks.push(`${url}: marker ${m}`);
      if (res.text.includes(w.markers[org])) seenOwn.add(w.markers[org]);
      const orgs = res.body ? orgIdsIn(res.body) : [];
      for (const o of orgs) if (o !== org) leaks.push(`${url}: orgId ${o}`);
    };

    for (const r of routes().filter((x) => x.method === 'GET')) {
      const path = r.url.replace(/^\/api\/v1/, '');
      const params = (doc.paths[r.url.replace(/:(\w+)/g, '{$1}')]?.get?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      const rule = RULES[r.key]!;
      const bases: string[] = [];
      if (rule.scope === 'id') for (const o of [org, ...foreign]) bases.push(path.replace(':id', encodeURIComponent(rule.pick ? await rule.pick(o) : defaultPick(rule.entity, o))));
      else bases.push(path.replace(':key', 'visit-report'));
      const required = REQUIRED[path];
      for (const base of bases) {
        const queries = [required ?? '', ...params.flatMap((p) => queryValues(p, org, foreign).map((v) => [required, `${p}=${encodeURIComponent(v)}`].filter(Boolean).join('&')))];
        for (const q of new Set(queries)) {
          let url = q ? `${base}?${q}` : base;
          for (let page = 0; page < 10 && url; page++) {
            const res = await w.call('GET', url, who);
            check(url, res);
            scanned.set(r.key, (scanned.get(r.key) ?? 0) + (res.status === 200 ? 1 : 0));
            if (path.startsWith('/reports/') && res.status === 200) check(`${url} (csv)`, await w.call('GET', url, who, undefined, { accept: 'text/csv' }));
            const next = res.status === 200 ? (res.body?.nextCursor as string | undefined) : undefined;
            url = next ? `${base}?${[q, `cursor=${encodeURIComponent(next)}`].filter(Boolean).join('&')}` : '';
          }
        }
      }
    }
    expect(leaks.slice(0, 20)).toEqual([]);
    // Not vacuous: the scan read the caller's own data through many routes.
    expect(seenOwn.has(w.markers[org])).toBe(true);
    expect(seenOwn.size).toBeGreaterThan(30);
    expect(responses).toBeGreaterThan(150);
    const readable = [...scanned].filter(([, n]) => n > 0).map(([k]) => k);
    expect(readable).toEqual(expect.arrayContaining(['GET /records', 'GET /runs', 'GET /tasks', 'GET /definitions', 'GET /records/:id', 'GET /runs/:id', 'GET /tasks/:id']));
    if (who.endsWith('Admin')) expect(readable).toEqual(expect.arrayContaining(['GET /reports/aggregate', 'GET /reports/sla', 'GET /reports/distribution', 'GET /users', 'GET /templates/:key/usage']));
  }, 300_000);
});

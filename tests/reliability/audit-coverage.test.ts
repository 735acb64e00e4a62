/**
 * Every change is audited — generated from the route table: each route that can change
 * something (POST, PUT, PATCH, DELETE) is called successfully once, as a user the policy
 * allows, and must append at least one audit entry naming that caller (or, for a
 * sign-in, the user signing in) and the entity it changed; the chain verifies at the end.
 * A write route without a recipe here fails the first test, so a new route cannot slip
 * in unaudited. Logins (and failed ones), users and their roles, orgs, templates,
 * definitions, publishes, approvals, workflows switched off and on, records, tasks, events
 * and rollouts are all covered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoUser } from '../../server/src/test-support';
import { visitTemplate } from '../../server/src/test-fixtures';
import { populate, type World } from './support/populate';

let w: World;
beforeAll(async () => {
  w = await populate({ records: 3 });
}, 120_000);
afterAll(() => w?.app.close());

interface Recipe {
  who: DemoUser | null;
  /** The path (relative to /api/v1) and body of a call that succeeds. */
  call: () => Promise<{ path: string; body?: unknown }> | { path: string; body?: unknown };
  /** The entity kind the entries name. */
  entity: string;
  /** For a sign-in: the user whose entry it is. */
  actorEmail?: string;
}

const t = (en: string) => ({ 'zh-CN': en, en });
const rnd = () => Math.random().toString(36).slice(2, 8);
const form = (key: string) => ({ schemaVersion: 1, kind: 'form', key, title: t(`Form ${key}`), fields: [{ key: 'a', type: 'text', label: t('A') }] });
const must = async (status: number, method: string, path: string, who: DemoUser | null, body?: unknown) => {
  const r = await w.call(method, path, who, body);
  if (r.status !== status) throw new Error(`${method} ${path}: ${r.status} ${r.text.slice(0, 300)}`);
  return r.body;
};
/** A designer's definition whose publish waits for a branch admin's decision. */
const pending = async () => {
  const id = (await must(201, 'POST', '/definitions', 'eastDesigner', { definition: form(`pending-${rnd()}`) })).id as string;
  await must(202, 'POST', `/definitions/${id}/publish`, 'eastDesigner');
  return id;
};

/** Write routes whose success needs a set-up proven elsewhere, with the test that checks their audit entry. */
const ELSEWHERE: Record<string, string> = {
  'POST /definitions/:id/set-aside/:index/reapply': 'server/src/routes/set-aside.test.ts (definition.set_aside.reapply)',
  'DELETE /definitions/:id/set-aside/:index': 'server/src/routes/set-aside.test.ts (definition.set_aside.discard)',
};

const RECIPES: Record<string, Recipe> = {
  'POST /auth/login': { who: null, call: () => ({ path: '/auth/login', body: { email: 'rep@south.demo', password: 'branchline-demo' } }), entity: 'user', actorEmail: 'rep@south.demo' },
  'POST /auth/logout': { who: 'southRep', call: () => ({ path: '/auth/logout' }), entity: 'user' },
  'POST /orgs': { who: 'hqAdmin', call: () => ({ path: '/orgs', body: { id: `n${rnd()}`, parentId: 'hq', name: t('North') } }), entity: 'org' },
  'POST /users': { who: 'eastAdmin', call: () => ({ path: '/users', body: { email: `a-${rnd()}@east.example.com`, name: 'A', password: 'a-long-password', role: 'sales_rep' } }), entity: 'user' },
  'PATCH /users/:id': { who: 'eastAdmin', call: () => ({ path: `/users/${w.ids.east.users[0]}`, body: { role: 'designer' } }), entity: 'user' },
  'PUT /definitions/:id/rollout': { who: 'eastAdmin', call: () => ({ path: `/definitions/${w.ids.east.workflow}/rollout`, body: { rollout: null } }), entity: 'definition' },
  'POST /tasks/:id/complete': { who: 'eastRep', call: () => ({ path: `/tasks/${w.ids.east.openTasks[0]}/complete`, body: { outcome: 'done' } }), entity: 'task' },
  'POST /events': { who: 'eastAdmin', call: () => ({ path: '/events', body: { type: 'visit.touched', key: 'audit-coverage' } }), entity: 'event' },
  'POST /templates': { who: 'hqAdmin', call: () => ({ path: '/templates', body: { template: visitTemplate(2) } }), entity: 'template' },
  'POST /templates/:key/instances': { who: 'southAdmin', call: () => ({ path: '/templates/visit-report/instances', body: {} }), entity: 'definition' },
  'POST /definitions': { who: 'eastDesigner', call: () => ({ path: '/definitions', body: { definition: form(`new-${rnd()}`) } }), entity: 'definition' },
  'PUT /definitions/:id': {
    who: 'eastAdmin',
    call: async () => {
      const def = (await must(200, 'GET', `/definitions/${w.ids.east.visitForm}`, 'eastAdmin')).definition;
      return { path: `/definitions/${w.ids.east.visitForm}`, body: { definition: { ...def, fields: [...def.fields, { key: `extra_${rnd()}`, type: 'text', label: t('Extra') }] } } };
    },
    entity: 'definition',
  },
  'POST /definitions/:id/publish': { who: 'eastAdmin', call: () => ({ path: `/definitions/${w.ids.east.visitForm}/publish` }), entity: 'definition' },
  'POST /definitions/:id/approve': { who: 'eastAdmin', call: async () => ({ path: `/definitions/${await pending()}/approve`, body: { comment: 'ok' } }), entity: 'definition' },
  'POST /definitions/:id/reject': { who: 'eastAdmin', call: async () => ({ path: `/definitions/${await pending()}/reject`, body: { comment: 'no' } }), entity: 'definition' },
  'POST /definitions/:id/runs': {
    who: 'eastRep',
    // A manual workflow published first (its own entries come before the count starts).
    call: async () => {
      const definition = { schemaVersion: 1, kind: 'workflow', key: `by-hand-${rnd()}`, title: t('By hand'), trigger: { type: 'manual' }, start: 'done', nodes: [{ id: 'done', kind: 'end' }], edges: [] };
      const id = (await must(201, 'POST', '/definitions', 'eastAdmin', { definition })).id as string;
      await must(200, 'POST', `/definitions/${id}/publish`, 'eastAdmin');
      return { path: `/definitions/${id}/runs`, body: {} };
    },
    entity: 'run',
  },
  'POST /definitions/:id/deactivate': { who: 'eastAdmin', call: () => ({ path: `/definitions/${w.ids.east.workflow}/deactivate` }), entity: 'definition' },
  'POST /definitions/:id/activate': {
    who: 'eastAdmin',
    // Switched off first (audited before the count starts), so the activation changes something.
    call: async () => {
      await must(200, 'POST', `/definitions/${w.ids.east.workflow}/deactivate`, 'eastAdmin');
      return { path: `/definitions/${w.ids.east.workflow}/activate` };
    },
    entity: 'definition',
  },
  'POST /definitions/:id/upgrade': { who: 'eastAdmin', call: () => ({ path: `/definitions/${w.ids.east.definition}/upgrade`, body: {} }), entity: 'definition' },
  'POST /definitions/import': {
    who: 'eastAdmin',
    call: async () => {
      const file = await must(200, 'GET', `/definitions/${w.ids.east.visitForm}/export`, 'eastAdmin');
      const key = `imported-${rnd()}`;
      return { path: '/definitions/import', body: { file: { ...file, key, definition: { ...file.definition, key } } } };
    },
    entity: 'definition',
  },
  'POST /definitions/:id/records': { who: 'eastRep', call: () => ({ path: `/definitions/${w.ids.east.visitForm}/records`, body: { data: { company: 'Audited Co' } } }), entity: 'record' },
  'PATCH /records/:id': { who: 'eastRep', call: () => ({ path: `/records/${w.ids.east.records[2]}`, body: { data: { notes: 'audited change' } } }), entity: 'record' },
  'DELETE /records/:id': { who: 'eastAdmin', call: async () => ({ path: `/records/${await w.newRecord('east')}` }), entity: 'record' },
};

const writeRoutes = () => w.app.routeTable.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.url.replace(/^\/api\/v1/, '')}`);
const lastSeq = () => (w.app.svc.store.sqlite.prepare('SELECT coalesce(max(seq), 0) FROM audit_log').pluck().get() as number);

describe('every change is audited (route table)', () => {
  it('every write route has a recipe here (or names the test that audits it), and every recipe a route', () => {
    const routes = writeRoutes();
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.filter((k) => !(k in RECIPES) && !(k in ELSEWHERE)), 'write routes without an audit recipe').toEqual([]);
    expect([...Object.keys(RECIPES), ...Object.keys(ELSEWHERE)].filter((k) => !routes.includes(k))).toEqual([]);
  });

  it('a successful call of every write route appends entries naming its caller and the entity it changed', async () => {
    const failures: string[] = [];
    const ids = new Map<string, string>();
    for (const who of ['hqAdmin', 'eastAdmin', 'southAdmin', 'eastDesigner', 'eastRep', 'southRep'] as DemoUser[]) ids.set(who, (await must(200, 'GET', '/me', who)).user.id);
    const idOfEmail = async (email: string) => ((await must(200, 'GET', '/users?limit=500', 'hqAdmin')).items as { id: string; email: string }[]).find((u) => u.email === email)!.id;
    // Logout ends the southRep session; no later recipe uses it.
    const order = writeRoutes().filter((k) => k in RECIPES);
    for (const key of order) {
      const recipe = RECIPES[key]!;
      const { path, body } = await recipe.call();
      const before = lastSeq();
      const res = await w.call(key.split(' ')[0]!, path, recipe.who, body);
      if (res.status >= 300) {
        failures.push(`${key}: the recipe did not succeed: ${res.status} ${res.text.slice(0, 200)}`);
        continue;
      }
      const entries = w.app.svc.store.sqlite.prepare('SELECT actor_id, entity, action FROM audit_log WHERE seq > ? ORDER BY seq').all(before) as { actor_id: string | null; entity: string; action: string }[];
      const actor = recipe.actorEmail ? await idOfEmail(recipe.actorEmail) : ids.get(recipe.who!)!;
      const own = entries.filter((e) => e.actor_id === actor && e.entity === recipe.entity);
      if (!own.length) failures.push(`${key}: no audit entry by the caller for a ${recipe.entity} (got ${JSON.stringify(entries)})`);
    }
    expect(failures).toEqual([]);
    expect((await must(200, 'GET', '/audit/verify', 'auditor')).ok).toBe(true);
  }, 120_000);
});

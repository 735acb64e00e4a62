/**
 * An in-process app (`buildApp` through `testApp`, fresh `:memory:` database) filled
 * with distinctive data in HQ and two branches, for the isolation and hostile-input
 * proofs. Every text a branch stores carries its org's marker — `MARK-<org>-<random>` —
 * so a leak is one `includes` away; every entity of every org is reachable by id.
 *
 * Per org (east, south, and HQ's own): an instance of HQ's visit-report template (rollups
 * and reports), an own form `visit-log` and workflow `visit-follow` (a notification and a
 * follow-up task per record, whose title names the org's marker), records of both forms,
 * completed and open tasks, a patched and a deleted record, an event, a user of its own.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { bearer, DEMO, login, testApp, type DemoUser } from '../../../server/src/test-support';
import { visitTemplate } from '../../../server/src/test-fixtures';

export type Org = 'hq' | 'east' | 'south';
export const ORG_ADMIN: Record<Org, DemoUser> = { hq: 'hqAdmin', east: 'eastAdmin', south: 'southAdmin' };
export const ORG_REP: Record<Org, DemoUser> = { hq: 'hqAdmin', east: 'eastRep', south: 'southRep' };

export interface Reply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON of any route
  text: string;
  headers: Record<string, unknown>;
}

export interface World {
  app: FastifyInstance;
  tok: Record<DemoUser, string>;
  markers: Record<Org, string>;
  /** Ids of each org's entities by kind. */
  ids: Record<Org, { definition: string; visitForm: string; workflow: string; records: string[]; runs: string[]; tasks: string[]; openTasks: string[]; users: string[] }>;
  call(method: string, url: string, who: DemoUser | null, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  /** A fresh record of `org`'s own form, submitted by its rep (or HQ's admin). */
  newRecord(org: Org): Promise<string>;
}

const t = (en: string, zh = en) => ({ 'zh-CN': zh, en });

const logForm = (marker: string) => ({
  schemaVersion: 1, kind: 'form', key: 'visit-log', title: t(`Visit log ${marker}`),
  fields: [
    { key: 'company', type: 'text', label: t('Company', '公司'), required: true },
    { key: 'contact', type: 'email', label: t('Contact', '联系人') },
    { key: 'notes', type: 'textarea', label: t(`Notes ${marker}`) },
    { key: 'amount', type: 'number', label: t('Amount', '金额') },
  ],
});

const followFlow = (marker: string) => ({
  schemaVersion: 1, kind: 'workflow', key: 'visit-follow', title: t(`Visit follow-up ${marker}`),
  trigger: { type: 'record.created', form: 'visit-log' },
  start: 'tell',
  nodes: [
    { id: 'tell', kind: 'notify', channel: 'inbox', to: { strategy: 'owner' }, message: t(`New visit ${marker}`) },
    { id: 'call', kind: 'task', name: t(`Call back ${marker}`), assignee: { strategy: 'owner' }, facts: ['company', 'notes'] },
    { id: 'end', kind: 'end', outcome: 'called' },
  ],
  edges: [
    { id: 'e1', from: 'tell', to: 'call' },
    { id: 'e2', from: 'call', to: 'end', port: 'done' },
  ],
});

export async function populate(opts: { records?: number } = {}): Promise<World> {
  const perOrg = opts.records ?? 12;
  const app = await testApp({ loginMax: 100_000, runs: { background: false } });
  const tok = {} as Record<DemoUser, string>;
  for (const [k, email] of Object.entries(DEMO)) tok[k as DemoUser] = await login(app, email);
  const call: World['call'] = async (method, url, who, body, headers = {}) => {
    const res = await app.inject({
      method: method as 'GET',
      url: `/api/v1${url}`,
      headers: { ...(who ? bearer(tok[who]) : {}), ...headers },
      ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json', ...(who ? bearer(tok[who]) : {}), ...headers } } : {}),
    });
    let parsed: unknown;
    try {
      parsed = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.statusCode, body: parsed, text: res.body, headers: res.headers };
  };
  const must = async (status: number, method: string, url: string, who: DemoUser, body?: unknown) => {
    const r = await call(method, url, who, body);
    if (r.status !== status) throw new Error(`${method} ${url} as ${who}: expected ${status}, got ${r.status} ${r.text.slice(0, 400)}`);
    return r.body;
  };

  const rnd = randomBytes(4).toString('hex');
  const markers: Record<Org, string> = { hq: `MARK-hq-${rnd}`, east: `MARK-east-${rnd}`, south: `MARK-south-${rnd}` };
  const empty = () => ({ definition: '', visitForm: '', workflow: '', records: [] as string[], runs: [] as string[], tasks: [] as string[], openTasks: [] as string[], users: [] as string[] });
  const ids: World['ids'] = { hq: empty(), east: empty(), south: empty() };

  await must(201, 'POST', '/templates', 'hqAdmin', { template: visitTemplate(1) });
  let n = 0;
  const newRecord = async (org: Org) => {
    const m = `${markers[org]}-r${n++}`;
    const r = await must(201, 'POST', `/definitions/${ids[org].visitForm}/records`, ORG_REP[org], { data: { company: `${m} Co`, contact: `${m.toLowerCase()}@example.com`, notes: `notes ${m}`, amount: n } });
    return r.id as string;
  };

  for (const org of ['east', 'south', 'hq'] as const) {
    const admin = ORG_ADMIN[org];
    const orgId = org === 'hq' ? { orgId: 'hq' } : {};
    const m = markers[org];
    if (org !== 'hq') ids[org].definition = (await must(201, 'POST', '/templates/visit-report/instances', admin, { publish: true })).id;
    ids[org].visitForm = (await must(201, 'POST', '/definitions', admin, { definition: logForm(m), ...orgId })).id;
    await must(200, 'POST', `/definitions/${ids[org].visitForm}/publish`, admin);
    ids[org].workflow = (await must(201, 'POST', '/definitions', admin, { definition: followFlow(m), ...orgId })).id;
    await must(200, 'POST', `/definitions/${ids[org].workflow}/publish`, admin);
    for (let i = 0; i < perOrg; i++) {
      ids[org].records.push(await newRecord(org));
      if (org !== 'hq') {
        const r = await must(201, 'POST', `/definitions/${ids[org].definition}/records`, ORG_REP[org], { data: { company: `${m}-v${i} Ltd`, region: org, amount: 1000 * (i + 1), visits: i, notes: `visit ${m}-v${i}` } });
        ids[org].records.push(r.id);
      }
    }
    const user = await must(201, 'POST', '/users', admin, { email: `${m.toLowerCase()}@${org}.example.com`, name: `User ${m}`, password: `pw-${m}-secret`, role: org === 'hq' ? 'hq_auditor' : 'sales_rep', ...orgId });
    ids[org].users.push(user.id);
    await must(200, 'PATCH', `/records/${ids[org].records[0]}`, admin, { data: { notes: `patched ${m}` } });
    await must(204, 'DELETE', `/records/${ids[org].records[1]}`, admin);
    await must(202, 'POST', '/events', admin, { type: 'visit.touched', key: `${m}-event`, data: { note: m }, ...orgId });
  }
  for (const org of ['east', 'south', 'hq'] as const) {
    const tasks = (await must(200, 'GET', `/tasks?orgId=${org}&limit=200`, 'hqAdmin')).items as { id: string; runId: string; status: string }[];
    ids[org].tasks = tasks.map((x) => x.id);
    ids[org].runs = ((await must(200, 'GET', `/runs?orgId=${org}&limit=200`, 'hqAdmin')).items as { id: string }[]).map((r) => r.id);
    // Half the follow-ups done by the owner, half left open.
    const open = tasks.filter((x) => x.status === 'open');
    for (const [i, task] of open.entries()) if (i % 2 === 0) await must(200, 'POST', `/tasks/${task.id}/complete`, ORG_REP[org], { outcome: 'done', data: { said: `${markers[org]} called` } });
    ids[org].openTasks = open.filter((_x, i) => i % 2 === 1).map((x) => x.id);
  }
  // A designer's change waiting for approval in east.
  const draft = await must(201, 'POST', '/definitions', 'eastDesigner', { definition: { ...logForm(markers.east), key: 'visit-log-draft' } });
  await must(202, 'POST', `/definitions/${draft.id}/publish`, 'eastDesigner');
  return { app, tok, markers, ids, call, newRecord };
}

/** Ids of every table with an `id` and an `org_id`, by org, each with its table: what another org must never see. */
export function idsByOrg(app: FastifyInstance): Map<string, Map<string, string>> {
  const db = app.svc.store.sqlite;
  const out = new Map<string, Map<string, string>>();
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  for (const name of tables) {
    const cols = (db.prepare(`PRAGMA table_info("${name}")`).all() as { name: string }[]).map((c) => c.name);
    if (!cols.includes('id') || !cols.includes('org_id')) continue;
    for (const row of db.prepare(`SELECT id, org_id FROM "${name}" WHERE org_id IS NOT NULL`).all() as { id: string; org_id: string }[]) {
      if (!out.has(row.org_id)) out.set(row.org_id, new Map());
      out.get(row.org_id)!.set(row.id, name);
    }
  }
  return out;
}

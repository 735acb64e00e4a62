import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { bearer, loginAll, problemLines, testApp, type DemoUser } from '../test-support';
import { ownForm, visitTemplate } from '../test-fixtures';

let app: FastifyInstance;
let tok: Record<DemoUser, string>;
let eastDef: string;
let southDef: string;
const now = Date.UTC(2026, 2, 10, 8);

function call(method: string, url: string, who: DemoUser, payload?: unknown) {
  return app.inject({ method: method as 'GET', url: `/api/v1${url}`, headers: bearer(tok[who]), ...(payload !== undefined ? { payload: payload as object } : {}) });
}
const visit = (over: Record<string, unknown> = {}) => ({ company: 'Acme 有限公司', region: 'east', amount: 120000, visits: 2, ...over });
const submit = (def: string, who: DemoUser, data: unknown) => call('POST', `/definitions/${def}/records`, who, { data });

beforeEach(async () => {
  app = await testApp({ clock: () => now });
  tok = await loginAll(app);
  await call('POST', '/templates', 'hqAdmin', { template: visitTemplate(1) });
  eastDef = (await call('POST', '/templates/visit-report/instances', 'eastAdmin', { publish: true })).json().id;
  southDef = (await call('POST', '/templates/visit-report/instances', 'southAdmin', { publish: true })).json().id;
});
afterEach(() => app.close());

describe('POST /definitions/:id/records', () => {
  it('stores a record with computed fields filled, owned by the submitter, audited', async () => {
    const res = await submit(eastDef, 'eastRep', visit());
    expect(res.statusCode).toBe(201);
    const rec = res.json();
    expect(rec).toMatchObject({ orgId: 'east', definitionId: eastDef, definitionVersion: 1, templateKey: 'visit-report', rev: 1, createdAt: new Date(now).toISOString() });
    expect(rec.data).toMatchObject({ company: 'Acme 有限公司', amount: 120000, big: true });
    expect(rec.id).toMatch(/^rec_/);
    const me = (await call('GET', '/me', 'eastRep')).json().user.id;
    expect(rec.ownerId).toBe(me);
    const audit = (await call('GET', `/audit?entity=record:${rec.id}`, 'auditor')).json().items;
    expect(audit).toMatchObject([{ action: 'record.create', actorId: me, orgId: 'east', diff: { after: { company: 'Acme 有限公司' } } }]);
    expect((await call('GET', `/records/${rec.id}`, 'eastAdmin')).json().data.big).toBe(true);
  });

  it('422 with pointers into the data: missing required, wrong type, out of range, unknown field', async () => {
    const res = await submit(eastDef, 'eastRep', { region: 'north', amount: -5, visits: 1.5, colour: 'red' });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('record_invalid');
    const lines = problemLines(res);
    for (const p of ['/data/company', '/data/region', '/data/amount', '/data/visits', '/data/colour']) expect(lines.some((l) => l.startsWith(p + ' ')), `${p} in ${lines}`).toBe(true);
    expect(problemLines(await call('POST', `/definitions/${eastDef}/records`, 'eastRep', { data: visit(), extra: true }))).toEqual(['/extra unknown_property']);
    expect(problemLines(await call('POST', `/definitions/${eastDef}/records`, 'eastRep', { data: 'text' }))).toEqual(['/data wrong_type']);
  });

  it('400 for malformed JSON; 401 without a token', async () => {
    const bad = await app.inject({ method: 'POST', url: `/api/v1/definitions/${eastDef}/records`, headers: { ...bearer(tok.eastRep), 'content-type': 'application/json' }, payload: '{"data": {' });
    expect(bad.json()).toMatchObject({ status: 400, code: 'malformed_json' });
    expect((await app.inject({ method: 'POST', url: `/api/v1/definitions/${eastDef}/records`, payload: { data: visit() } })).statusCode).toBe(401);
  });

  it('404 for a definition of another branch; 403 for roles that may not submit', async () => {
    expect((await submit(southDef, 'eastRep', visit())).json()).toMatchObject({ status: 404, code: 'definition_not_found' });
    for (const who of ['auditor', 'eastDesigner'] as const) expect((await submit(eastDef, who, visit())).statusCode).toBe(403);
    expect((await submit(southDef, 'hqAdmin', visit())).statusCode).toBe(201);
  });

  it('409 for an unpublished definition or a workflow', async () => {
    const draft = (await call('POST', '/definitions', 'eastAdmin', { definition: ownForm })).json().id;
    expect((await submit(draft, 'eastRep', { purpose: 'x' })).json()).toMatchObject({ status: 409, code: 'not_published' });
  });
});

describe('reading, changing and deleting records', () => {
  let recId: string;
  beforeEach(async () => {
    recId = (await submit(eastDef, 'eastRep', visit())).json().id;
    await submit(eastDef, 'eastAdmin', visit({ company: 'Beta 贸易', amount: 5000 }));
    await submit(southDef, 'southRep', visit({ company: 'Gamma', region: 'south' }));
  });

  it('lists records of the visible orgs, newest first, with search and paging', async () => {
    expect((await call('GET', '/records', 'eastRep')).json().items.map((r: { data: { company: string } }) => r.data.company).sort()).toEqual(['Acme 有限公司', 'Beta 贸易']);
    expect((await call('GET', '/records', 'southRep')).json().items.map((r: { data: { company: string } }) => r.data.company)).toEqual(['Gamma']);
    expect((await call('GET', '/records', 'auditor')).json().items).toHaveLength(3);
    expect((await call('GET', '/records?q=beta', 'eastRep')).json().items).toHaveLength(1);
    expect((await call('GET', '/records?q=gamma', 'eastRep')).json().items).toHaveLength(0);
    expect((await call('GET', '/records?q=%25', 'auditor')).json().items).toHaveLength(0);
    expect((await call('GET', `/records?definitionId=${southDef}`, 'eastAdmin')).json().items).toHaveLength(0);
    expect((await call('GET', '/records?owner=me', 'eastRep')).json().items).toHaveLength(1);
    const p1 = (await call('GET', '/records?limit=2', 'auditor')).json();
    expect(p1.items).toHaveLength(2);
    const p2 = (await call('GET', `/records?limit=2&cursor=${p1.nextCursor}`, 'auditor')).json();
    expect(p2.items).toHaveLength(1);
    expect(p2.nextCursor).toBeUndefined();
    expect((await call('GET', '/records?cursor=zz', 'auditor')).statusCode).toBe(400);
  });

  it('GET /records/:id is 404 across branches', async () => {
    expect((await call('GET', `/records/${recId}`, 'southAdmin')).json()).toMatchObject({ status: 404, code: 'record_not_found' });
    expect((await call('GET', `/records/${recId}`, 'auditor')).statusCode).toBe(200);
  });

  it('PATCH recomputes, bumps rev, audits the changed fields only; a stale rev is 412', async () => {
    const res = await call('PATCH', `/records/${recId}`, 'eastRep', { data: { amount: 50, notes: 'call back' }, rev: 1 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ rev: 2, data: { amount: 50, big: false, notes: 'call back' } });
    const audit = (await call('GET', `/audit?entity=record:${recId}&action=record.update`, 'auditor')).json().items[0];
    expect(audit.diff).toEqual({ before: { amount: 120000, big: true }, after: { amount: 50, big: false, notes: 'call back' } });
    expect((await call('PATCH', `/records/${recId}`, 'eastRep', { data: { amount: 1 }, rev: 1 })).json()).toMatchObject({ status: 412, code: 'stale_revision' });
    expect(problemLines(await call('PATCH', `/records/${recId}`, 'eastRep', { data: { company: null } }))).toEqual(['/data/company required']);
  });

  it('PATCH: a sales rep may change only own records; 404 across branches; 403 for auditors and designers', async () => {
    const adminsRecord = (await call('GET', '/records?q=beta', 'eastAdmin')).json().items[0].id;
    expect((await call('PATCH', `/records/${adminsRecord}`, 'eastRep', { data: { amount: 1 } })).json()).toMatchObject({ status: 403, code: 'not_owner' });
    expect((await call('PATCH', `/records/${recId}`, 'eastAdmin', { data: { amount: 1 } })).statusCode).toBe(200);
    expect((await call('PATCH', `/records/${recId}`, 'southAdmin', { data: { amount: 1 } })).statusCode).toBe(404);
    for (const who of ['auditor', 'eastDesigner'] as const) expect((await call('PATCH', `/records/${recId}`, who, { data: { amount: 1 } })).statusCode).toBe(403);
  });

  it('DELETE is soft and audited: the record disappears from reads but stays in the table', async () => {
    for (const who of ['eastRep', 'auditor', 'eastDesigner'] as const) expect((await call('DELETE', `/records/${recId}`, who)).statusCode).toBe(403);
    expect((await call('DELETE', `/records/${recId}`, 'southAdmin')).statusCode).toBe(404);
    expect((await call('DELETE', `/records/${recId}`, 'eastAdmin')).statusCode).toBe(204);
    expect((await call('GET', `/records/${recId}`, 'eastAdmin')).statusCode).toBe(404);
    expect((await call('DELETE', `/records/${recId}`, 'eastAdmin')).statusCode).toBe(404);
    const row = app.svc.store.sqlite.prepare('SELECT deleted_at FROM records WHERE id = ?').get(recId) as { deleted_at: number };
    expect(row.deleted_at).toBe(now);
    const audit = (await call('GET', `/audit?entity=record:${recId}&action=record.delete`, 'auditor')).json().items[0];
    expect(audit.diff.before.company).toBe('Acme 有限公司');
  });

  it('keeps the reporting rollup in step with creates, updates and deletes', async () => {
    const rows = () =>
      app.svc.store.sqlite
        .prepare("SELECT org_id, dim, value, count, s0 FROM record_rollups WHERE template_key = 'visit-report' AND count != 0 ORDER BY org_id, dim, value")
        .all() as { org_id: string; dim: string; value: string; count: number; s0: number }[];
    const shape = app.svc.rollups.shape('visit-report');
    expect(shape.dims).toEqual(['big', 'region']);
    expect(shape.measures.map((m) => m.field)).toEqual(['amount']);
    const east = () => rows().filter((r) => r.org_id === 'east');
    expect(east()).toEqual([
      { org_id: 'east', dim: '', value: '', count: 2, s0: 125000 },
      { org_id: 'east', dim: 'big', value: 'false', count: 1, s0: 5000 },
      { org_id: 'east', dim: 'big', value: 'true', count: 1, s0: 120000 },
      { org_id: 'east', dim: 'region', value: 'east', count: 2, s0: 125000 },
    ]);
    await call('PATCH', `/records/${recId}`, 'eastAdmin', { data: { amount: 100 } });
    expect(east().find((r) => r.dim === '')).toMatchObject({ count: 2, s0: 5100 });
    expect(east().filter((r) => r.dim === 'big')).toEqual([{ org_id: 'east', dim: 'big', value: 'false', count: 2, s0: 5100 }]);
    await call('DELETE', `/records/${recId}`, 'eastAdmin');
    expect(east().find((r) => r.dim === '')).toMatchObject({ count: 1, s0: 5000 });
  });
});

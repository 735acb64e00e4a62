/**
 * GET /definitions/:id/export and POST /definitions/import through inject(): the round
 * trip (a branch's own form, and a template instance with its overlay, re-checked against
 * HQ's locks), and every refusal — 401, 403 per role, 404 across branches (export of
 * another branch's definition, import into another branch), 422 with pointers, 400 for
 * malformed JSON — none of which stores anything.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { bearer, loginAll, problemLines, testApp, type DemoUser } from '../test-support';
import { visitTemplate } from '../test-fixtures';

let app: FastifyInstance;
afterEach(() => app?.close());

const t = (en: string) => ({ 'zh-CN': en, en });
const ownForm = { schemaVersion: 1, kind: 'form', key: 'site-visit', title: t('Site visit'), fields: [{ key: 'company', type: 'text', label: t('Company'), required: true }, { key: 'wechat', type: 'text', label: t('WeChat') }] };

async function world() {
  app = await testApp();
  const tok = await loginAll(app);
  const call = (method: 'GET' | 'POST' | 'PUT', url: string, who: DemoUser | null, payload?: unknown) =>
    app.inject({ method, url: `/api/v1${url}`, headers: who ? bearer(tok[who]) : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });
  await call('POST', '/templates', 'hqAdmin', { template: visitTemplate(1) });
  const instance = (await call('POST', '/templates/visit-report/instances', 'eastAdmin', {})).json();
  const def = instance.definition;
  def.fields.push({ key: 'wechat_id', type: 'text', label: t('WeChat ID') });
  expect((await call('PUT', `/definitions/${instance.id}`, 'eastAdmin', { definition: def })).statusCode).toBe(200);
  const own = (await call('POST', '/definitions', 'eastDesigner', { definition: ownForm })).json();
  const count = () => app.svc.store.sqlite.prepare('SELECT (SELECT count(*) FROM definitions) || \'/\' || (SELECT count(*) FROM audit_log)').pluck().get() as string;
  return { call, tok, instanceId: instance.id as string, ownId: own.id as string, count };
}

describe('export / import', () => {
  it('round trip: an own form and a template instance (with its overlay) re-imported into another branch as drafts, audited', async () => {
    const { call, instanceId, ownId } = await world();
    const ownFile = (await call('GET', `/definitions/${ownId}/export`, 'eastDesigner')).json();
    expect(ownFile).toMatchObject({ format: 'branchline.definition', formatVersion: 1, kind: 'form', key: 'site-visit', source: { id: ownId, orgId: 'east' }, definition: ownForm });
    const instFile = (await call('GET', `/definitions/${instanceId}/export`, 'auditor')).json();
    expect(instFile).toMatchObject({ template: { key: 'visit-report', version: 1 }, source: { orgId: 'east' } });
    expect(JSON.stringify(instFile.overlay)).toContain('wechat_id');

    const a = await call('POST', '/definitions/import', 'southAdmin', { file: ownFile });
    expect(a.statusCode).toBe(201);
    expect(a.json()).toMatchObject({ orgId: 'south', kind: 'form', status: 'draft', version: 0, definition: ownForm });
    const b = await call('POST', '/definitions/import', 'hqAdmin', { file: instFile, orgId: 'south' });
    expect(b.statusCode).toBe(201);
    expect(b.json()).toMatchObject({ orgId: 'south', status: 'draft', template: { key: 'visit-report', version: 1 } });
    expect(b.json().definition.fields.map((f: { key: string }) => f.key)).toContain('wechat_id');
    const audit = (await call('GET', '/audit?action=definition.import', 'auditor')).json().items as { entityId: string; orgId: string; diff: { after: { from: string } } }[];
    expect(audit.map((e) => [e.entityId, e.orgId, e.diff.after.from]).sort()).toEqual([[a.json().id, 'south', ownId], [b.json().id, 'south', instanceId]].sort());
  });

  it('422 with pointers: a locked field removed, a key that does not match, an unknown template version, a malformed file; nothing stored', async () => {
    const { call, tok, instanceId, count } = await world();
    const file = (await call('GET', `/definitions/${instanceId}/export`, 'eastAdmin')).json();
    const before = count();
    const removed = { ...file, definition: { ...file.definition, fields: file.definition.fields.filter((f: { key: string }) => f.key !== 'company') } };
    const r1 = await call('POST', '/definitions/import', 'eastAdmin', { file: removed });
    expect(r1.json()).toMatchObject({ status: 422, code: 'locked_element' });
    expect(problemLines(r1).some((l) => l.startsWith('/file/definition'))).toBe(true);
    const r2 = await call('POST', '/definitions/import', 'eastAdmin', { file: { ...file, key: 'other-key' } });
    expect(r2.statusCode).toBe(422);
    expect(problemLines(r2).every((l) => l.startsWith('/file/definition'))).toBe(true);
    const r3 = await call('POST', '/definitions/import', 'eastAdmin', { file: { ...file, template: { key: 'visit-report', version: 9 } } });
    expect(problemLines(r3)).toEqual(['/file/template template_not_found']);
    const r4 = await call('POST', '/definitions/import', 'eastAdmin', { file: { ...file, format: 'zip', extra: 1 } });
    expect(r4.statusCode).toBe(422);
    expect(problemLines(r4)).toEqual(expect.arrayContaining(['/file/extra unknown_property']));
    expect(problemLines(r4).some((l) => l.startsWith('/file/format'))).toBe(true);
    expect(problemLines(await call('POST', '/definitions/import', 'eastAdmin', {}))).toEqual(['/file required']);
    const r5 = await app.inject({ method: 'POST', url: '/api/v1/definitions/import', headers: { ...bearer(tok.eastAdmin), 'content-type': 'application/json' }, payload: '{"file":{"format":' });
    expect(r5.json()).toMatchObject({ status: 400, code: 'malformed_json' });
    expect(count()).toBe(before);
  });

  it('401 without a token; 403 for roles that may not; 404 for another branch (export and import target); nothing stored', async () => {
    const { call, instanceId, ownId, count } = await world();
    const file = (await call('GET', `/definitions/${ownId}/export`, 'eastAdmin')).json();
    const before = count();
    expect((await call('GET', `/definitions/${ownId}/export`, null)).statusCode).toBe(401);
    expect((await call('POST', '/definitions/import', null, { file })).statusCode).toBe(401);
    for (const who of ['eastRep', 'southRep'] as const) expect((await call('GET', `/definitions/${ownId}/export`, who)).statusCode, who).toBe(403);
    for (const who of ['eastRep', 'southRep', 'auditor'] as const) expect((await call('POST', '/definitions/import', who, { file })).json(), who).toMatchObject({ status: 403, code: 'forbidden' });
    for (const id of [ownId, instanceId]) expect((await call('GET', `/definitions/${id}/export`, 'southAdmin')).json()).toMatchObject({ status: 404, code: 'definition_not_found' });
    for (const orgId of ['south', 'hq'] as const) {
      const res = await call('POST', '/definitions/import', 'eastAdmin', { file, orgId });
      expect(res.statusCode, orgId).toBe(404);
    }
    expect((await call('POST', '/definitions/import', 'eastDesigner', { file, orgId: 'south' })).statusCode).toBe(404);
    expect(count()).toBe(before);
  });
});

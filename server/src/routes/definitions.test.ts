import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { bearer, loginAll, problemLines, testApp, type DemoUser } from '../test-support';
import { ownForm, visitTemplate } from '../test-fixtures';

let app: FastifyInstance;
let tok: Record<DemoUser, string>;
let instanceId: string;
let template: { fields: unknown[]; [k: string]: unknown };

beforeEach(async () => {
  app = await testApp();
  tok = await loginAll(app);
  await call('POST', '/templates', 'hqAdmin', { template: visitTemplate(1) });
  const res = await call('POST', '/templates/visit-report/instances', 'eastAdmin', {});
  instanceId = res.json().id;
  template = res.json().definition;
});
afterEach(() => app.close());

function call(method: string, url: string, who: DemoUser, payload?: unknown) {
  return app.inject({ method: method as 'GET', url: `/api/v1${url}`, headers: bearer(tok[who]), ...(payload !== undefined ? { payload: payload as object } : {}) });
}
type Field = { key: string; type: string; label: Record<string, string>; required?: boolean; validation?: Record<string, unknown> };
const withFields = (f: (fields: Field[]) => Field[]) => ({ ...template, fields: f(structuredClone(template.fields) as Field[]) });
const wechat: Field = { key: 'wechat_id', type: 'text', label: { 'zh-CN': '微信号', en: 'WeChat ID' } };

describe('PUT /definitions/:id on a template instance', () => {
  it('saves an extension as a draft with the derived overlay', async () => {
    const res = await call('PUT', `/definitions/${instanceId}`, 'eastDesigner', { definition: withFields((f) => [...f, wechat]) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'draft', version: 0, overlay: { changes: [{ type: 'field.add', field: { key: 'wechat_id' } }] } });
    expect(res.json().definition.fields.map((f: Field) => f.key)).toContain('wechat_id');
  });

  it('accepts tightening a locked field (optional → required, narrower range)', async () => {
    const res = await call('PUT', `/definitions/${instanceId}`, 'eastAdmin', {
      definition: withFields((f) => f.map((x) => (x.key === 'amount' ? { ...x, required: true, validation: { min: 10 } } : x))),
    });
    expect(res.statusCode).toBe(200);
  });

  it('refuses with 422 naming every locked element touched: removed, retyped, loosened', async () => {
    const res = await call('PUT', `/definitions/${instanceId}`, 'eastDesigner', {
      definition: withFields((f) =>
        f
          .filter((x) => x.key !== 'company')
          .map((x) => (x.key === 'region' ? { ...x, required: false } : x.key === 'amount' ? { ...x, type: 'number' } : x)),
      ),
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('locked_element');
    const errors = res.json().errors as { pointer: string; params: { key: string }; message: string }[];
    expect(errors.map((e) => e.params.key).sort()).toEqual(['amount', 'company', 'region']);
    expect(errors.find((e) => e.params.key === 'region')!.pointer).toBe('/definition/fields/0');
    expect(errors.every((e) => /locked by HQ/.test(e.message))).toBe(true);
    const after = (await call('GET', `/definitions/${instanceId}`, 'eastDesigner')).json();
    expect(after.definition.fields.map((f: Field) => f.key)).toContain('company');
  });

  it('422 with pointers for an invalid definition, and for a changed key or kind', async () => {
    expect(problemLines(await call('PUT', `/definitions/${instanceId}`, 'eastAdmin', { definition: withFields((f) => [...f, { ...wechat, key: 'WeChat' }]) }))).toContain('/definition/fields/6/key bad_format');
    expect(problemLines(await call('PUT', `/definitions/${instanceId}`, 'eastAdmin', { definition: { ...template, key: 'other' } }))).toEqual(['/definition/key immutable']);
    expect(problemLines(await call('PUT', `/definitions/${instanceId}`, 'eastAdmin', { definition: 'nope' }))).toEqual(['/definition/kind unknown_kind']);
    expect(problemLines(await call('PUT', `/definitions/${instanceId}`, 'eastAdmin', { definition: template, extra: 1 }))).toEqual(['/extra unknown_property']);
  });

  it('saves unfinished logic as a draft and lists its problems; publishing refuses it until fixed', async () => {
    const unfinished = { key: 'budget', type: 'computed', label: { en: 'Budget' }, expression: 'amount * ', resultType: 'number' };
    const saved = await call('PUT', `/definitions/${instanceId}`, 'eastAdmin', { definition: withFields((f) => [...f, unfinished as unknown as Field]) });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().problems.map((p: { pointer: string; code: string }) => `${p.pointer} ${p.code}`)).toEqual(['/definition/fields/6/expression expression_syntax']);
    expect((await call('GET', `/definitions/${instanceId}`, 'eastAdmin')).json().definition.fields.map((f: Field) => f.key)).toContain('budget');
    const refused = await call('POST', `/definitions/${instanceId}/publish`, 'eastAdmin');
    expect(refused.statusCode).toBe(422);
    expect(problemLines(refused)).toContain('/definition/fields/6/expression expression_syntax');
    const fixed = await call('PUT', `/definitions/${instanceId}`, 'eastAdmin', { definition: withFields((f) => [...f, { ...unfinished, expression: 'amount * 2' } as unknown as Field]) });
    expect(fixed.json().problems).toEqual([]);
    expect((await call('POST', `/definitions/${instanceId}/publish`, 'eastAdmin')).statusCode).toBe(200);
  });

  it('404 across branches (also for HQ-invisible ids); 403 for roles that may not edit', async () => {
    expect((await call('PUT', `/definitions/${instanceId}`, 'southAdmin', { definition: template })).json()).toMatchObject({ status: 404, code: 'definition_not_found' });
    expect((await call('GET', `/definitions/${instanceId}`, 'southRep')).statusCode).toBe(404);
    expect((await call('GET', '/definitions/def_nope', 'hqAdmin')).statusCode).toBe(404);
    for (const who of ['auditor', 'eastRep'] as const) expect((await call('PUT', `/definitions/${instanceId}`, who, { definition: template })).statusCode).toBe(403);
  });
});

describe('publishing and approval before effect', () => {
  it("a designer's publish waits for a branch admin; the version takes effect only on approval", async () => {
    await call('PUT', `/definitions/${instanceId}`, 'eastDesigner', { definition: withFields((f) => [...f, wechat]) });
    const pub = await call('POST', `/definitions/${instanceId}/publish`, 'eastDesigner');
    expect(pub.statusCode).toBe(202);
    expect(pub.json()).toMatchObject({ outcome: 'pending_approval', definition: { status: 'pending_approval', version: 0 }, changeRequest: { status: 'pending' } });
    expect((await call('GET', `/definitions/${instanceId}/versions`, 'eastRep')).json().items).toEqual([]);
    expect((await call('POST', `/definitions/${instanceId}/publish`, 'eastDesigner')).json()).toMatchObject({ status: 409, code: 'pending_approval' });
    expect((await call('POST', `/definitions/${instanceId}/approve`, 'eastDesigner', {})).statusCode).toBe(403);
    expect((await call('POST', `/definitions/${instanceId}/approve`, 'southAdmin', {})).statusCode).toBe(404);
    const ok = await call('POST', `/definitions/${instanceId}/approve`, 'eastAdmin', { comment: 'fine' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ outcome: 'published', definition: { status: 'published', version: 1, publishedVersion: 1 }, changeRequest: { status: 'approved', comment: 'fine' } });
    const versions = (await call('GET', `/definitions/${instanceId}/versions`, 'eastRep')).json().items;
    expect(versions).toHaveLength(1);
    expect(versions[0].definition.fields.map((f: Field) => f.key)).toContain('wechat_id');
    const audit = (await call('GET', `/audit?entity=definition:${instanceId}`, 'auditor')).json().items.map((e: { action: string }) => e.action);
    expect(audit).toEqual(['definition.publish', 'definition.approve', 'definition.request_publish', 'definition.save', 'definition.instantiate']);
  });

  it('an approval publishes exactly what was asked for: draft edits made while it waits are not smuggled in', async () => {
    await call('PUT', `/definitions/${instanceId}`, 'eastDesigner', { definition: withFields((f) => [...f, wechat]) });
    expect((await call('POST', `/definitions/${instanceId}/publish`, 'eastDesigner')).statusCode).toBe(202);
    const sneaked: Field = { key: 'sneaked_in', type: 'text', label: { 'zh-CN': '后加', en: 'Added later' } };
    expect((await call('PUT', `/definitions/${instanceId}`, 'eastDesigner', { definition: withFields((f) => [...f, wechat, sneaked]) })).statusCode).toBe(200);
    const ok = await call('POST', `/definitions/${instanceId}/approve`, 'eastAdmin', {});
    expect(ok.statusCode).toBe(200);
    const versions = (await call('GET', `/definitions/${instanceId}/versions`, 'eastRep')).json().items;
    expect(versions).toHaveLength(1);
    const published = versions[0].definition.fields.map((f: Field) => f.key);
    expect(published).toContain('wechat_id');
    expect(published).not.toContain('sneaked_in');
    // The later edit stays a draft, to be asked for again.
    expect(ok.json().definition).toMatchObject({ status: 'draft', version: 1, publishedVersion: 1 });
    expect((await call('POST', `/definitions/${instanceId}/publish`, 'eastDesigner')).statusCode).toBe(202);
  });

  it('a rejected request publishes nothing and leaves the draft', async () => {
    await call('PUT', `/definitions/${instanceId}`, 'eastDesigner', { definition: withFields((f) => [...f, wechat]) });
    await call('POST', `/definitions/${instanceId}/publish`, 'eastDesigner');
    const res = await call('POST', `/definitions/${instanceId}/reject`, 'eastAdmin', { comment: 'not yet' });
    expect(res.json()).toMatchObject({ definition: { status: 'draft', version: 0 }, changeRequest: { status: 'rejected', comment: 'not yet' } });
    expect((await call('POST', `/definitions/${instanceId}/approve`, 'eastAdmin', {})).json()).toMatchObject({ status: 404, code: 'change_request_not_found' });
  });

  it('an admin publishes at once; publishing the same again is a 409', async () => {
    const res = await call('POST', `/definitions/${instanceId}/publish`, 'eastAdmin');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ outcome: 'published', definition: { version: 1, status: 'published' } });
    expect((await call('POST', `/definitions/${instanceId}/publish`, 'eastAdmin')).json()).toMatchObject({ status: 409, code: 'nothing_to_publish' });
    await call('PUT', `/definitions/${instanceId}`, 'eastAdmin', { definition: withFields((f) => [...f, wechat]) });
    expect((await call('POST', `/definitions/${instanceId}/publish`, 'eastAdmin')).json().definition.version).toBe(2);
  });

  it.each(['auditor', 'eastRep'] as const)('403 for %s publishing', async (who) => {
    expect((await call('POST', `/definitions/${instanceId}/publish`, who)).statusCode).toBe(403);
  });
});

describe('own definitions and lists', () => {
  it("a designer creates a branch's own form; the list is scoped by org", async () => {
    const res = await call('POST', '/definitions', 'eastDesigner', { definition: ownForm });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'form', key: 'expense-claim', orgId: 'east', status: 'draft' });
    expect(res.json().template).toBeUndefined();
    const east = (await call('GET', '/definitions', 'eastRep')).json().items.map((d: { key: string }) => d.key).sort();
    expect(east).toEqual(['expense-claim', 'visit-report']);
    expect((await call('GET', '/definitions', 'southRep')).json().items).toEqual([]);
    expect((await call('GET', '/definitions?kind=form&orgId=east', 'auditor')).json().items).toHaveLength(2);
    expect((await call('GET', '/definitions?templateKey=visit-report', 'hqAdmin')).json().items).toHaveLength(1);
  });
  it('422 for an invalid definition; 403 for reps and auditors; 404 for another org', async () => {
    expect(problemLines(await call('POST', '/definitions', 'eastDesigner', { definition: { ...ownForm, fields: [] } }))).toEqual(['/definition/fields too_few']);
    expect((await call('POST', '/definitions', 'eastRep', { definition: ownForm })).statusCode).toBe(403);
    expect((await call('POST', '/definitions', 'auditor', { definition: ownForm })).statusCode).toBe(403);
    expect((await call('POST', '/definitions', 'eastDesigner', { definition: ownForm, orgId: 'south' })).statusCode).toBe(404);
  });
});

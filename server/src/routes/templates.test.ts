import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { bearer, loginAll, problemLines, testApp, type DemoUser } from '../test-support';
import { visitTemplate } from '../test-fixtures';

let app: FastifyInstance;
let tok: Record<DemoUser, string>;
beforeEach(async () => {
  app = await testApp();
  tok = await loginAll(app);
});
afterEach(() => app.close());

const call = (method: string, url: string, who: DemoUser, payload?: unknown) =>
  app.inject({ method: method as 'GET', url: `/api/v1${url}`, headers: bearer(tok[who]), ...(payload !== undefined ? { payload: payload as object } : {}) });
const publish = (t: unknown, who: DemoUser = 'hqAdmin') => call('POST', '/templates', who, { template: t });

describe('POST /templates', () => {
  it('an HQ admin publishes version 1 and then version 2; the gallery shows the newest with its locks', async () => {
    expect((await publish(visitTemplate(1))).statusCode).toBe(201);
    const v2 = visitTemplate(2);
    v2.title = { 'zh-CN': '拜访记录 v2', en: 'Visit report v2' };
    const res = await publish(v2);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ key: 'visit-report', version: 2, versions: [1, 2] });
    const list = (await call('GET', '/templates', 'eastRep')).json().items;
    const item = list.find((t: { key: string }) => t.key === 'visit-report');
    expect(item).toMatchObject({ key: 'visit-report', version: 2, kind: 'form', title: { en: 'Visit report v2' }, mandatory: false, versions: [1, 2] });
    expect(item.locks.map((l: { key: string }) => l.key)).toEqual(['company', 'region', 'amount', 'big']);
    expect((await call('GET', '/templates/visit-report?version=1', 'eastRep')).json()).toMatchObject({ version: 1, template: { title: { en: 'Visit report' } } });
    expect((await call('GET', '/templates/visit-report', 'eastRep')).json().version).toBe(2);
  });

  it('409 for a version that is not the next one', async () => {
    await publish(visitTemplate(1));
    const res = await publish(visitTemplate(3));
    expect(res.statusCode).toBe(409);
    expect(problemLines(res)).toEqual(['/template/version wrong_version']);
    expect((await publish(visitTemplate(1))).statusCode).toBe(409);
  });

  it('422 with pointers for an invalid template (shape and semantics)', async () => {
    const bad = visitTemplate(1) as unknown as { definition: { fields: { key: string; expression?: string }[] } };
    bad.definition.fields[0]!.key = 'Company';
    expect(problemLines(await publish(bad))).toContain('/template/definition/fields/0/key bad_format');
    const semantic = visitTemplate(1) as unknown as { definition: { fields: { key: string; expression?: string }[] } };
    semantic.definition.fields[4]!.expression = 'amount > nothing_here';
    const res = await publish(semantic);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].pointer).toMatch(/^\/template\/definition\/fields\/4\/expression/);
  });

  it.each(['auditor', 'eastAdmin', 'eastDesigner', 'eastRep'] as const)('403 for %s', async (who) => {
    expect((await publish(visitTemplate(1), who)).statusCode).toBe(403);
  });

  it('404 for an unknown template or version', async () => {
    expect((await call('GET', '/templates/nothing', 'eastRep')).json()).toMatchObject({ status: 404, code: 'template_not_found' });
    await publish(visitTemplate(1));
    expect((await call('GET', '/templates/visit-report?version=9', 'eastRep')).statusCode).toBe(404);
  });
});

describe('POST /templates/:key/instances and usage', () => {
  beforeEach(async () => {
    await publish(visitTemplate(1));
  });

  it('a branch admin instantiates into the own branch (default) with an empty overlay; a branch may hold several', async () => {
    const a = await call('POST', '/templates/visit-report/instances', 'eastAdmin', {});
    expect(a.statusCode).toBe(201);
    expect(a.json()).toMatchObject({ kind: 'form', orgId: 'east', status: 'draft', version: 0, template: { key: 'visit-report', version: 1 }, overlay: { kind: 'overlay', changes: [] } });
    expect(a.json().locks).toHaveLength(4);
    const b = await call('POST', '/templates/visit-report/instances', 'eastAdmin', { publish: true });
    expect(b.json()).toMatchObject({ status: 'published', version: 1 });
    expect(b.json().id).not.toBe(a.json().id);
  });

  it('HQ instantiates for a named branch; a branch admin may not for another branch (404)', async () => {
    expect((await call('POST', '/templates/visit-report/instances', 'hqAdmin', { orgId: 'sea' })).json().orgId).toBe('sea');
    expect((await call('POST', '/templates/visit-report/instances', 'eastAdmin', { orgId: 'south' })).json()).toMatchObject({ status: 404, code: 'org_not_found' });
  });

  it.each(['auditor', 'eastDesigner', 'eastRep'] as const)('403 for %s', async (who) => {
    expect((await call('POST', '/templates/visit-report/instances', who, {})).statusCode).toBe(403);
  });

  it('404 for an unknown template; 422 for an unknown property', async () => {
    expect((await call('POST', '/templates/nothing/instances', 'eastAdmin', {})).statusCode).toBe(404);
    expect(problemLines(await call('POST', '/templates/visit-report/instances', 'eastAdmin', { org: 'east' }))).toEqual(['/org unknown_property']);
  });

  it('usage tells which branches use which version, scoped to what the caller sees', async () => {
    await call('POST', '/templates/visit-report/instances', 'eastAdmin', { publish: true });
    await call('POST', '/templates/visit-report/instances', 'southAdmin', { publish: true });
    await publish(visitTemplate(2));
    const hq = (await call('GET', '/templates/visit-report/usage', 'auditor')).json();
    expect(hq).toMatchObject({ key: 'visit-report', latestVersion: 2, byVersion: { '1': 2 } });
    expect(hq.items.map((i: { orgId: string; upToDate: boolean }) => [i.orgId, i.upToDate])).toEqual([['east', false], ['south', false]]);
    const east = (await call('GET', '/templates/visit-report/usage', 'eastAdmin')).json();
    expect(east.items.map((i: { orgId: string }) => i.orgId)).toEqual(['east']);
    expect((await call('GET', '/templates/visit-report/usage', 'eastRep')).statusCode).toBe(403);
  });
});

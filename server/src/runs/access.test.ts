/**
 * Who may see and do what with runs, tasks and rollouts: 401 without a token, 403 for
 * roles the policy refuses, 404 across branches (never "exists but not yours"), lists
 * that hold only the caller's branch; and the rollout of two versions side by side.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { chooseVersion } from '@branchline/runtime';
import type { DemoUser } from '../test-support';
import { TIER, must, runsKit, type Kit } from './test-kit';

let kit: Kit;
afterEach(() => kit?.app.close());

type Item = { id: string; orgId: string; recordId: string; runId: string };
const list = async (url: string, who: DemoUser) => must(await kit.call('GET', url, who), 200).items as Item[];

describe('runs and tasks are scoped to the caller\'s branch', () => {
  it('401 without a token on every runs, tasks, events and reports route', async () => {
    kit = await runsKit({ setup: false });
    const routes = kit.app.routeTable.filter((r) => /^\/api\/v1\/(runs|tasks|events|reports|definitions\/:id\/rollout)/.test(r.url));
    expect(routes.length).toBeGreaterThanOrEqual(10);
    for (const r of routes) {
      const res = await kit.app.inject({ method: r.method as 'GET', url: r.url.replace(':id', 'x'), ...(r.method === 'GET' ? {} : { payload: {} }) });
      expect([r.url, res.statusCode]).toEqual([r.url, 401]);
    }
  });

  it('a branch sees its own runs and tasks only; another branch\'s ids are 404', async () => {
    kit = await runsKit();
    const east = await kit.submit(TIER.S);
    const south = await kit.submit(TIER.S, 'southRep', 'south');
    const [eastTask] = await list(`/tasks?recordId=${east}`, 'eastRep');
    const [southTask] = await list(`/tasks?recordId=${south}`, 'southRep');

    for (const who of ['eastRep', 'eastAdmin', 'eastDesigner'] as const) {
      expect(new Set((await list('/runs', who)).map((r) => r.orgId))).toEqual(new Set(['east']));
      expect(new Set((await list('/tasks', who)).map((t) => t.orgId))).toEqual(new Set(['east']));
      expect(await list(`/tasks?recordId=${south}`, who)).toEqual([]);
      expect(await list(`/runs?recordId=${south}`, who)).toEqual([]);
      expect((await kit.call('GET', `/runs/${southTask!.runId}`, who)).json()).toMatchObject({ status: 404, code: 'run_not_found' });
      expect((await kit.call('GET', `/tasks/${southTask!.id}`, who)).json()).toMatchObject({ status: 404, code: 'task_not_found' });
    }
    expect((await kit.call('POST', `/tasks/${southTask!.id}/complete`, 'eastAdmin', { outcome: 'done' })).statusCode).toBe(404);
    expect((await kit.call('GET', '/runs?orgId=south', 'eastAdmin')).json().items).toEqual([]);
    for (const who of ['hqAdmin', 'auditor'] as const) {
      expect(new Set((await list('/runs', who)).map((r) => r.orgId))).toEqual(new Set(['east', 'south']));
      expect((await kit.call('GET', `/runs/${eastTask!.runId}`, who)).statusCode).toBe(200);
    }
  });

  it('a task is completed by its assignee, a branch admin of its branch or an HQ admin — no one else', async () => {
    kit = await runsKit();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await kit.submit(TIER.B));
    const tasks = await Promise.all(ids.map(async (r) => (await list(`/tasks?recordId=${r}`, 'eastRep'))[0]!));
    expect((await kit.call('POST', `/tasks/${tasks[0]!.id}/complete`, 'auditor', { outcome: 'done' })).statusCode).toBe(403);
    expect((await kit.call('POST', `/tasks/${tasks[0]!.id}/complete`, 'eastDesigner', { outcome: 'done' })).json()).toMatchObject({ status: 403, code: 'not_assignee' });
    expect((await kit.call('POST', `/tasks/${tasks[0]!.id}/complete`, 'southAdmin', { outcome: 'done' })).statusCode).toBe(404);
    expect((await kit.call('POST', `/tasks/${tasks[0]!.id}/complete`, 'eastRep', { outcome: 'done' })).statusCode).toBe(200);
    expect((await kit.call('POST', `/tasks/${tasks[1]!.id}/complete`, 'eastAdmin', { outcome: 'done' })).statusCode).toBe(200);
    expect((await kit.call('POST', `/tasks/${tasks[2]!.id}/complete`, 'hqAdmin', { outcome: 'done' })).statusCode).toBe(200);
    const audit = must(await kit.call('GET', '/audit?action=task.complete', 'auditor'), 200).items as { entityId: string }[];
    expect(audit.map((a) => a.entityId).sort()).toEqual(tasks.map((t) => t!.id).sort());
  });
});

describe('rollout: two versions side by side with a control group', () => {
  async function twoVersions(): Promise<string> {
    const inst = must(await kit.call('POST', '/templates/customer-grading/instances', 'eastAdmin', { publish: true }), 201) as { id: string; definition: Record<string, unknown> };
    const v2 = { ...inst.definition, title: { 'zh-CN': '客户分级跟进（试行）', en: 'Customer grading follow-up (trial)' } };
    must(await kit.call('PUT', `/definitions/${inst.id}`, 'eastAdmin', { definition: v2 }), 200);
    must(await kit.call('POST', `/definitions/${inst.id}/publish`, 'eastAdmin'), 200);
    return inst.id;
  }

  it('new runs take the version chooseVersion gives their record, stable, both arms used, marked control / variant', async () => {
    kit = await runsKit();
    const id = await twoVersions();
    const rollout = { shares: [{ version: 1, percent: 50, control: true }, { version: 2, percent: 50 }], salt: 'trial-1' };
    expect(must(await kit.call('PUT', `/definitions/${id}/rollout`, 'eastAdmin', { rollout }), 200)).toEqual({ definitionId: id, version: 2, rollout });
    expect(must(await kit.call('GET', `/definitions/${id}/rollout`, 'eastRep'), 200)).toEqual({ definitionId: id, version: 2, rollout });
    const seen = new Set<number>();
    for (let i = 0; i < 16; i++) {
      const rec = await kit.submit(TIER.B);
      const [run] = (await list(`/runs?recordId=${rec}`, 'eastAdmin')) as unknown as { definitionId: string; definitionVersion: number; arm: string }[];
      const expected = chooseVersion(rollout.shares, rec, 'trial-1');
      expect(run).toMatchObject({ definitionId: id, definitionVersion: expected, arm: expected === 1 ? 'control' : 'variant' });
      seen.add(run!.definitionVersion);
    }
    expect(seen).toEqual(new Set([1, 2]));
    // Ending the rollout: every new run takes the newest version.
    must(await kit.call('PUT', `/definitions/${id}/rollout`, 'eastAdmin', { rollout: null }), 200);
    const rec = await kit.submit(TIER.B);
    expect((await list(`/runs?recordId=${rec}`, 'eastAdmin'))[0]).toMatchObject({ definitionVersion: 2, arm: null });
  });

  it('refuses unpublished versions, sums other than 100, not exactly one control; 403 for non-admins', async () => {
    kit = await runsKit();
    const id = await twoVersions();
    const put = (rollout: unknown, who: DemoUser = 'eastAdmin') => kit.call('PUT', `/definitions/${id}/rollout`, who, { rollout });
    const bad = await put({ shares: [{ version: 1, percent: 50, control: true }, { version: 3, percent: 40, control: true }] });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { pointer: string; code: string }) => `${e.pointer} ${e.code}`)).toEqual(['/rollout/shares/1/version not_published', '/rollout/shares not_100', '/rollout/shares one_control']);
    const ok = { shares: [{ version: 1, percent: 90, control: true }, { version: 2, percent: 10 }] };
    for (const who of ['eastRep', 'eastDesigner', 'auditor'] as const) expect((await put(ok, who)).statusCode).toBe(403);
    expect((await put(ok, 'southAdmin')).statusCode).toBe(404);
    expect((await kit.call('PUT', `/definitions/${kit.forms.east}/rollout`, 'eastAdmin', { rollout: ok })).statusCode).toBe(409);
  });
});

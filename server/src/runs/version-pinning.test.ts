/**
 * A run stays on the workflow version it started with (server/src/runs/catalog.ts):
 * a run of a branch's workflow v1 waiting on a timer when v2 is published resumes and
 * ends on v1's graph, a record submitted after v2 starts on v2; the same for HQ's
 * mandatory template when HQ publishes a new version while a follow-up task is open.
 * And under a rollout two published versions run side by side, each record on the
 * version a stable hash of its id picks — the same record always on the same version.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { chooseVersion } from '@branchline/runtime';
import { CUSTOMER_GRADING } from '@branchline/templates';
import type { Template, WorkflowDefinition } from '@branchline/schemas';
import { HOUR, MINUTE, T0, TIER, must, publishOwn, runsKit, type Kit } from './test-kit';

let kit: Kit;
afterEach(() => kit?.app.close());

const t = (en: string, zh = en) => ({ 'zh-CN': zh, en });
type Trace = { nodeId: string; kind: string; event: string; values?: Record<string, unknown> };
type Run = {
  id: string; status: string; workflowKey: string; definitionId: string | null; definitionVersion: number | null; templateKey: string | null; templateVersion: number | null;
  arm: string | null; outcome?: string; startedAt: string; vars: Record<string, unknown>; trace: Trace[];
};

const runsOf = async (recordId: string, workflowKey: string) => must(await kit.call('GET', `/runs?recordId=${recordId}&workflowKey=${workflowKey}`, 'eastAdmin'), 200).items as Run[];
const detail = async (runId: string) => must(await kit.call('GET', `/runs/${runId}`, 'eastAdmin'), 200) as unknown as Run;

/**
 * East's own welcome workflow, version `v` (1 or 2): wait an hour, mark the script with its
 * own node, end with its own outcome. The two versions share no node but the wait.
 */
function welcome(v: 1 | 2): WorkflowDefinition {
  return {
    schemaVersion: 1, kind: 'workflow', key: 'welcome-call', title: t(`Welcome call v${v}`, `欢迎电话 v${v}`),
    trigger: { type: 'record.created', form: 'customer-registration' },
    start: 'pause',
    nodes: [
      { id: 'pause', kind: 'wait', mode: 'duration', duration: 'PT1H' },
      { id: `mark_v${v}`, kind: 'set', assignments: [{ target: 'vars', key: 'script', expression: `'script v${v}'` }] },
      { id: `end_v${v}`, kind: 'end', outcome: `welcomed_v${v}` },
    ],
    edges: [
      { id: 'e1', from: 'pause', to: `mark_v${v}` },
      { id: 'e2', from: `mark_v${v}`, to: `end_v${v}` },
    ],
  } as WorkflowDefinition;
}

describe('a run stays on the version it started with', () => {
  it("a branch workflow's v1 run waiting on a timer resumes on v1's graph after v2 is published; a later record runs v2", async () => {
    kit = await runsKit();
    const id = await publishOwn(kit, welcome(1));
    const early = await kit.submit(TIER.B);
    const [r1] = await runsOf(early, 'welcome-call');
    expect(r1).toMatchObject({ status: 'waiting', definitionId: id, definitionVersion: 1 });

    kit.clock.advance(10 * MINUTE);
    must(await kit.call('PUT', `/definitions/${id}`, 'eastAdmin', { definition: welcome(2) }), 200);
    must(await kit.call('POST', `/definitions/${id}/publish`, 'eastAdmin'), 200);
    expect(must(await kit.call('GET', `/definitions/${id}`, 'eastAdmin'), 200)).toMatchObject({ version: 2 });
    const late = await kit.submit(TIER.B);
    const [r2] = await runsOf(late, 'welcome-call');
    expect(r2).toMatchObject({ status: 'waiting', definitionId: id, definitionVersion: 2 });

    // Nothing is due yet; an hour after the first record its timer fires, the second's 10 minutes later.
    expect(await kit.app.runs.tick()).toBe(0);
    kit.clock.now = T0 + HOUR;
    expect(await kit.app.runs.tick()).toBe(1);
    const done1 = await detail(r1!.id);
    expect(done1).toMatchObject({ status: 'completed', outcome: 'welcomed_v1', definitionVersion: 1, vars: { script: 'script v1' } });
    expect(done1.trace.map((e) => e.nodeId)).toEqual(['pause', 'pause', 'mark_v1', 'end_v1']);
    expect(done1.trace.find((e) => e.nodeId === 'mark_v1')!.values).toMatchObject({ 'vars.script': 'script v1' });
    expect((await detail(r2!.id)).status).toBe('waiting');

    kit.clock.now = T0 + HOUR + 10 * MINUTE;
    expect(await kit.app.runs.tick()).toBe(1);
    const done2 = await detail(r2!.id);
    expect(done2).toMatchObject({ status: 'completed', outcome: 'welcomed_v2', definitionVersion: 2, vars: { script: 'script v2' } });
    expect(done2.trace.map((e) => e.nodeId)).toEqual(['pause', 'pause', 'mark_v2', 'end_v2']);
  });

  it("a mandatory template's v1 run waiting on its follow-up task finishes on v1 after HQ publishes v2; a later record runs v2", async () => {
    kit = await runsKit();
    const early = await kit.submit(TIER.A);
    const [r1] = await runsOf(early, 'customer-grading');
    expect(r1).toMatchObject({ status: 'waiting', definitionId: null, templateKey: 'customer-grading', templateVersion: 1 });

    // HQ's v2: tier A within 2 h instead of 4 h, and a different outcome at the end.
    const v2 = structuredClone(CUSTOMER_GRADING) as Template;
    v2.version = 2;
    const def = v2.definition as WorkflowDefinition;
    (def.nodes.find((n) => n.id === 'follow_a') as { sla?: unknown }).sla = { within: 'PT2H' };
    (def.nodes.find((n) => n.id === 'done') as { outcome?: string }).outcome = 'followed_up_v2';
    must(await kit.call('POST', '/templates', 'hqAdmin', { template: v2 }), 201);

    const late = await kit.submit(TIER.A);
    const [r2] = await runsOf(late, 'customer-grading');
    expect(r2).toMatchObject({ status: 'waiting', templateVersion: 2 });
    const taskOf = async (recordId: string) => (must(await kit.call('GET', `/tasks?recordId=${recordId}`, 'eastRep'), 200).items as { id: string; dueAt: string }[])[0]!;
    const [t1, t2] = [await taskOf(early), await taskOf(late)];
    expect(t1.dueAt).toBe(new Date(T0 + 4 * HOUR).toISOString());
    expect(t2.dueAt).toBe(new Date(T0 + 2 * HOUR).toISOString());

    for (const task of [t1, t2]) must(await kit.call('POST', `/tasks/${task.id}/complete`, 'eastRep', { outcome: 'done' }), 200);
    expect(await detail(r1!.id)).toMatchObject({ status: 'completed', outcome: 'followed_up', templateVersion: 1 });
    expect(await detail(r2!.id)).toMatchObject({ status: 'completed', outcome: 'followed_up_v2', templateVersion: 2 });
  });
});

describe('two versions active at once under a rollout', () => {
  /** East's own workflow on record updates, v1 and v2 published, each setting its version into the run's vars. */
  async function onUpdate(): Promise<string> {
    const wf = (v: number) => ({
      schemaVersion: 1, kind: 'workflow', key: 'touch-log', title: t(`Touch log v${v}`),
      trigger: { type: 'record.updated', form: 'customer-registration' },
      start: 'mark',
      nodes: [
        { id: 'mark', kind: 'set', assignments: [{ target: 'vars', key: 'ran', expression: `${v}` }] },
        { id: 'end', kind: 'end', outcome: `v${v}` },
      ],
      edges: [{ id: 'e1', from: 'mark', to: 'end' }],
    });
    const id = await publishOwn(kit, wf(1));
    must(await kit.call('PUT', `/definitions/${id}`, 'eastAdmin', { definition: wf(2) }), 200);
    must(await kit.call('POST', `/definitions/${id}/publish`, 'eastAdmin'), 200);
    return id;
  }

  it('splits records by a stable hash of the record id; every run of one record takes the same version and runs its graph', async () => {
    kit = await runsKit();
    const id = await onUpdate();
    const rollout = { shares: [{ version: 1, percent: 50, control: true }, { version: 2, percent: 50 }], salt: 'touch-trial' };
    must(await kit.call('PUT', `/definitions/${id}/rollout`, 'eastAdmin', { rollout }), 200);

    const records: string[] = [];
    for (let i = 0; i < 10; i++) records.push(await kit.submit(TIER.B));
    // Three updates per record, interleaved across records: three runs each.
    for (let round = 0; round < 3; round++) {
      for (const rec of records) must(await kit.call('PATCH', `/records/${rec}`, 'eastRep', { data: { contact_name: `王芳 ${round}` } }), 200);
    }
    const used = new Set<number>();
    for (const rec of records) {
      const runs = await runsOf(rec, 'touch-log');
      expect(runs).toHaveLength(3);
      const expected = chooseVersion(rollout.shares, rec, 'touch-trial');
      for (const r of runs) {
        expect(r).toMatchObject({ definitionId: id, definitionVersion: expected, arm: expected === 1 ? 'control' : 'variant', status: 'completed', outcome: `v${expected}` });
        expect((await detail(r.id)).vars).toEqual({ ran: expected });
      }
      used.add(expected);
    }
    // Both versions are in use at once.
    expect([...used].sort()).toEqual([1, 2]);

    // Another salt reshuffles by the same rule: a record's next run follows the new choice.
    const salted = { ...rollout, salt: 'second-trial' };
    must(await kit.call('PUT', `/definitions/${id}/rollout`, 'eastAdmin', { rollout: salted }), 200);
    const at = new Date(kit.clock.advance(MINUTE)).toISOString();
    let moved = 0;
    for (const rec of records) {
      must(await kit.call('PATCH', `/records/${rec}`, 'eastRep', { data: { contact_name: '王芳' } }), 200);
      const fresh = (await runsOf(rec, 'touch-log')).filter((r) => r.startedAt === at);
      const expected = chooseVersion(salted.shares, rec, 'second-trial');
      expect(fresh.map((r) => r.definitionVersion)).toEqual([expected]);
      if (expected !== chooseVersion(rollout.shares, rec, 'touch-trial')) moved++;
    }
    expect(moved).toBeGreaterThan(0);
  });
});

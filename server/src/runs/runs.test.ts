/**
 * Runs on the server, through the HTTP API on a fake clock: a customer registration
 * starts HQ's mandatory grading workflow in the same transaction; its follow-up task
 * is due by tier; completing it resumes the run; a missed SLA escalates to the branch
 * admin once the clock passes the due time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HOUR, MINUTE, T0, TIER, must, runsKit, type Kit } from './test-kit';

let kit: Kit;
afterEach(() => kit?.app.close());

type Task = { id: string; recordId: string; dueAt: string | null; status: string; kind: string; assigneeId: string | null; assigneeRole: string | null; facts: Record<string, unknown>; overdue: boolean; runId: string };
type Run = { id: string; status: string; workflowKey: string; templateKey: string | null; definitionId: string | null; outcome?: string; recordId: string; trace: { nodeId: string; event: string; port?: string }[] };

const items = <T>(body: Record<string, unknown>) => body.items as T[];

describe('a record starts the mandatory grading workflow', () => {
  it('starts one run per registration, committed with the record, waiting on the owner\'s follow-up task', async () => {
    kit = await runsKit();
    const recordId = await kit.submit(TIER.S);
    const runs = items<Run>(must(await kit.call('GET', `/runs?recordId=${recordId}`, 'eastRep'), 200));
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'waiting', workflowKey: 'customer-grading', templateKey: 'customer-grading', definitionId: null, recordId });
    const detail = must(await kit.call('GET', `/runs/${runs[0]!.id}`, 'eastRep'), 200) as unknown as Run;
    expect(detail.trace.map((t) => `${t.nodeId}:${t.event}${t.port ? ':' + t.port : ''}`)).toEqual(['by_tier:branch:s', 'follow_s:wait']);
  });

  it('gives the follow-up task a due time by tier: S 1 h, A 4 h, B 24 h, listed by due time', async () => {
    kit = await runsKit();
    const b = await kit.submit(TIER.B);
    const s = await kit.submit(TIER.S);
    const a = await kit.submit(TIER.A);
    const tasks = items<Task>(must(await kit.call('GET', '/tasks?assignee=me&status=open', 'eastRep'), 200));
    expect(tasks.map((t) => [t.recordId, t.dueAt])).toEqual([
      [s, new Date(T0 + HOUR).toISOString()],
      [a, new Date(T0 + 4 * HOUR).toISOString()],
      [b, new Date(T0 + 24 * HOUR).toISOString()],
    ]);
    expect(tasks.map((t) => t.facts.tier)).toEqual(['S', 'A', 'B']);
    expect(tasks.every((t) => t.kind === 'task' && t.status === 'open' && !t.overdue && t.assigneeRole === null)).toBe(true);
    const byRecord = items<Task>(must(await kit.call('GET', `/tasks?recordId=${a}`, 'eastAdmin'), 200));
    expect(byRecord.map((t) => t.recordId)).toEqual([a]);
  });

  it('runs the branch\'s own published instance of the mandatory workflow instead of the template — never both', async () => {
    kit = await runsKit();
    const inst = must(await kit.call('POST', '/templates/customer-grading/instances', 'eastAdmin', { publish: true }), 201);
    const east = await kit.submit(TIER.A);
    const south = await kit.submit(TIER.A, 'southRep', 'south');
    const eastRuns = items<Run>(must(await kit.call('GET', `/runs?recordId=${east}`, 'hqAdmin'), 200));
    const southRuns = items<Run>(must(await kit.call('GET', `/runs?recordId=${south}`, 'hqAdmin'), 200));
    expect(eastRuns.map((r) => [r.definitionId, r.templateKey])).toEqual([[inst.id, 'customer-grading']]);
    expect(southRuns.map((r) => [r.definitionId, r.templateKey])).toEqual([[null, 'customer-grading']]);
  });
});

describe('tasks resume their runs', () => {
  it('completing the follow-up resumes the run to its end; the task cannot be completed twice', async () => {
    kit = await runsKit();
    const recordId = await kit.submit(TIER.A);
    const [task] = items<Task>(must(await kit.call('GET', `/tasks?recordId=${recordId}`, 'eastRep'), 200));
    kit.clock.advance(30 * MINUTE);
    const done = must(await kit.call('POST', `/tasks/${task!.id}/complete`, 'eastRep', { outcome: 'done', data: { note: 'called' } }), 200);
    expect(done).toMatchObject({ status: 'done', outcome: 'done', completedAt: new Date(T0 + 30 * MINUTE).toISOString(), data: { note: 'called' } });
    const run = must(await kit.call('GET', `/runs/${task!.runId}`, 'eastRep'), 200) as unknown as Run;
    expect(run).toMatchObject({ status: 'completed', outcome: 'followed_up' });
    expect(run.trace.map((t) => t.nodeId)).toEqual(['by_tier', 'follow_a', 'follow_a', 'followed_up', 'done']);
    const again = await kit.call('POST', `/tasks/${task!.id}/complete`, 'eastRep', { outcome: 'done' });
    expect(again.json()).toMatchObject({ status: 409, code: 'task_not_open' });
    // The SLA timer was cancelled with the task: passing the due time changes nothing.
    kit.clock.advance(10 * HOUR);
    expect(await kit.app.runs.tick()).toBe(0);
  });

  it('refuses an approval outcome for a plain task (422 at /outcome)', async () => {
    kit = await runsKit();
    const recordId = await kit.submit(TIER.B);
    const [task] = items<Task>(must(await kit.call('GET', `/tasks?recordId=${recordId}`, 'eastRep'), 200));
    const res = await kit.call('POST', `/tasks/${task!.id}/complete`, 'eastRep', { outcome: 'approved' });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { pointer: string; code: string }) => `${e.pointer} ${e.code}`)).toEqual(['/outcome task_needs_done']);
    expect((await kit.call('POST', `/tasks/${task!.id}/complete`, 'eastRep', { outcome: 'fine' })).statusCode).toBe(422);
  });
});

describe('an overdue SLA escalates to the branch admin', () => {
  it('fires only once the clock passes the due time, expires the rep\'s task and queues an escalation for east\'s admins', async () => {
    kit = await runsKit();
    const recordId = await kit.submit(TIER.S);
    const [task] = items<Task>(must(await kit.call('GET', `/tasks?recordId=${recordId}`, 'eastRep'), 200));
    kit.clock.advance(HOUR - 1);
    expect(await kit.app.runs.tick()).toBe(0);
    expect(must(await kit.call('GET', `/tasks/${task!.id}`, 'eastRep'), 200)).toMatchObject({ status: 'open', overdue: false });
    kit.clock.advance(1);
    expect(await kit.app.runs.tick()).toBe(1);
    expect(await kit.app.runs.tick()).toBe(0); // fired once
    expect(must(await kit.call('GET', `/tasks/${task!.id}`, 'eastRep'), 200)).toMatchObject({ status: 'expired' });

    const mine = items<Task>(must(await kit.call('GET', '/tasks?assignee=me&status=open', 'eastAdmin'), 200));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ recordId, assigneeId: null, assigneeRole: 'branch_admin', dueAt: null, runId: task!.runId });
    expect(items<Task>(must(await kit.call('GET', '/tasks?assignee=me', 'southAdmin'), 200))).toEqual([]);
    expect((await kit.call('GET', `/tasks/${mine[0]!.id}`, 'southAdmin')).statusCode).toBe(404);
    expect((await kit.call('POST', `/tasks/${mine[0]!.id}/complete`, 'eastRep', { outcome: 'done' })).json()).toMatchObject({ status: 403, code: 'not_assignee' });
    // The rep can no longer complete the expired follow-up.
    expect((await kit.call('POST', `/tasks/${task!.id}/complete`, 'eastRep', { outcome: 'done' })).statusCode).toBe(409);

    must(await kit.call('POST', `/tasks/${mine[0]!.id}/complete`, 'eastAdmin', { outcome: 'done' }), 200);
    expect(must(await kit.call('GET', `/runs/${task!.runId}`, 'eastAdmin'), 200)).toMatchObject({ status: 'completed', outcome: 'escalated' });
  });

  it('escalates many overdue runs in one tick, each once', async () => {
    kit = await runsKit();
    for (let i = 0; i < 12; i++) await kit.submit(i % 2 ? TIER.S : TIER.A);
    kit.clock.advance(2 * HOUR);
    expect(await kit.app.runs.tick()).toBe(6); // the S ones (1 h); A is due at 4 h
    kit.clock.advance(2 * HOUR);
    expect(await kit.app.runs.tick()).toBe(6);
    const queue = items<Task>(must(await kit.call('GET', '/tasks?assignee=me&status=open&limit=100', 'eastAdmin'), 200));
    expect(queue).toHaveLength(12);
    expect(new Set(queue.map((t) => t.runId)).size).toBe(12);
  });
});

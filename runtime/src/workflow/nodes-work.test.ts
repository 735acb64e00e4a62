/**
 * Given a run at a task, approval, notify, http or wait node, when time passes (fake
 * clock) or work is completed, then the run waits, resumes by the right port and
 * hands every side effect to the host as an Effect with a stable key.
 */
import { describe, expect, it } from 'vitest';
import type { WorkflowNode } from '@branchline/schemas';
import { startRun, step } from './interpreter';
import { deepFreeze, envAt, HOUR, T0, text, workflow } from './test-kit';
import type { Effect, RunState, StartInput } from './types';

const start = (record: Record<string, unknown> = {}, extra: Partial<StartInput> = {}): StartInput =>
  deepFreeze({ type: 'start', version: 1, orgId: 'org-sh', runId: 'run-1', recordId: 'rec-1', ownerId: 'u-owner', record, ...extra });
const end = (id: string, outcome: string) => ({ id, kind: 'end' as const, outcome });
const types = (effects: readonly Effect[]) => effects.map((e) => e.type);
const frozen = (s: RunState) => deepFreeze(s);

describe('task', () => {
  const task = (extra: Partial<WorkflowNode & { kind: 'task' }> = {}): WorkflowNode => ({
    id: 'follow', kind: 'task', name: text('Follow up', '跟进'), instructions: text('Call within 4 h', '4 小时内致电'),
    assignee: { strategy: 'owner' }, sla: { within: 'PT4H' }, facts: ['company', 'tier'], ...extra,
  } as WorkflowNode);
  const def = workflow([task(), end('ok', 'followed'), end('late', 'escalated')], [['follow', 'ok', 'done'], ['follow', 'late', 'overdue']]);

  it('creates the task with its deadline and background pack, and waits', () => {
    const r = startRun(def, start({ company: 'ACME', tier: 'A', arr: 1 }), envAt(T0));
    expect(r.state.status).toBe('waiting');
    expect(r.state.cursor).toEqual(['follow']);
    expect(r.effects).toEqual([
      {
        type: 'task.create', taskId: 'task:run-1:follow:1', runId: 'run-1', nodeId: 'follow', orgId: 'org-sh', recordId: 'rec-1', kind: 'task',
        assignee: { userId: 'u-owner' }, title: text('Follow up', '跟进'), instructions: text('Call within 4 h', '4 小时内致电'), dueAt: T0 + 4 * HOUR, facts: { company: 'ACME', tier: 'A' },
      },
      { type: 'timer.schedule', waitId: 'wait:run-1:follow:1', runId: 'run-1', dueAt: T0 + 4 * HOUR },
    ]);
    expect(r.state.waits).toEqual([{ id: 'wait:run-1:follow:1', kind: 'task', nodeId: 'follow', taskId: 'task:run-1:follow:1', dueAt: T0 + 4 * HOUR }]);
  });

  it('resumes by done when the task is completed, and cancels the SLA timer', () => {
    const waiting = frozen(startRun(def, start(), envAt(T0)).state);
    const r = step(def, waiting, { type: 'task', taskId: 'task:run-1:follow:1', outcome: 'done', data: { note: 'called' }, by: 'u-owner' }, envAt(T0 + HOUR));
    expect(r.state.outcome).toBe('followed');
    expect(r.effects).toEqual([{ type: 'timer.cancel', waitId: 'wait:run-1:follow:1', runId: 'run-1' }, { type: 'run.finished', runId: 'run-1', status: 'completed', outcome: 'followed' }]);
    expect(r.state.event).toEqual({ type: 'task.completed', taskId: 'task:run-1:follow:1', outcome: 'done', data: { note: 'called' }, by: 'u-owner' });
    expect(r.state.trace.find((t) => t.event === 'resumed')).toMatchObject({ nodeId: 'follow', port: 'done', at: T0 + HOUR });
  });

  it('resumes by overdue when the SLA timer fires, and expires the task', () => {
    const waiting = frozen(startRun(def, start(), envAt(T0)).state);
    const r = step(def, waiting, { type: 'timer', waitId: 'wait:run-1:follow:1' }, envAt(T0 + 4 * HOUR));
    expect(r.state.outcome).toBe('escalated');
    expect(r.effects[0]).toEqual({ type: 'task.cancel', taskId: 'task:run-1:follow:1', runId: 'run-1', reason: 'expired' });
    // the late completion is then ignored
    const late = step(def, frozen(r.state), { type: 'task', taskId: 'task:run-1:follow:1', outcome: 'done' }, envAt(T0 + 5 * HOUR));
    expect(late.ignored).toBe('run_finished');
  });

  it('takes the SLA in hours from an expression', () => {
    const hours = workflow([task({ sla: { withinHours: "record.tier == 'S' ? 1 : 24" } }), end('ok', 'ok'), end('late', 'late')], [['follow', 'ok', 'done'], ['follow', 'late', 'overdue']]);
    expect(startRun(hours, start({ tier: 'S' }), envAt(T0)).state.waits[0]!.dueAt).toBe(T0 + HOUR);
    expect(startRun(hours, start({ tier: 'B' }), envAt(T0)).state.waits[0]!.dueAt).toBe(T0 + 24 * HOUR);
    const negative = workflow([task({ sla: { withinHours: '-2' } }), end('ok', 'ok')], [['follow', 'ok', 'done']]);
    const failed = startRun(negative, start(), envAt(T0));
    expect(failed.state.status).toBe('failed');
    expect(failed.state.error?.pointer).toBe('/nodes/0/sla/withinHours');
  });

  it('keeps an SLA without an overdue edge as a deadline only (no timer)', () => {
    const noEscalation = workflow([task(), end('ok', 'ok')], [['follow', 'ok', 'done']]);
    const r = startRun(noEscalation, start(), envAt(T0));
    expect(types(r.effects)).toEqual(['task.create']);
    expect(r.effects[0]).toMatchObject({ dueAt: T0 + 4 * HOUR });
    expect(r.state.waits[0]!.dueAt).toBeUndefined();
  });

  it('goes straight on with wait: false', () => {
    const fire = workflow([task({ wait: false }), end('ok', 'ok')], [['follow', 'ok', 'done']]);
    const r = startRun(fire, start(), envAt(T0));
    expect(r.state.status).toBe('completed');
    expect(r.state.waits).toEqual([]);
    expect(types(r.effects)).toEqual(['task.create', 'run.finished']);
    expect(r.state.trace[0]).toMatchObject({ event: 'entered', port: 'done' });
  });

  it('ignores a completion of an unknown task and a second completion of the same task', () => {
    const waiting = frozen(startRun(def, start(), envAt(T0)).state);
    const other = step(def, waiting, { type: 'task', taskId: 'task:other', outcome: 'done' }, envAt(T0));
    expect(other).toEqual({ state: waiting, effects: [], ignored: 'no_such_task' });
    const once = step(def, waiting, { type: 'task', taskId: 'task:run-1:follow:1', outcome: 'done' }, envAt(T0));
    expect(step(def, frozen(once.state), { type: 'task', taskId: 'task:run-1:follow:1', outcome: 'done' }, envAt(T0)).effects).toEqual([]);
  });
});

describe('approval', () => {
  const def = (timeout?: string) =>
    workflow(
      [
        { id: 'ok', kind: 'approval', name: text('Approve discount', '审批折扣'), approver: { strategy: 'role', role: 'branch_admin' }, ...(timeout ? { timeout } : {}) },
        end('yes', 'approved'), end('no', 'rejected'), end('late', 'timed_out'),
      ],
      [['ok', 'yes', 'approved'], ['ok', 'no', 'rejected'], ...(timeout ? [['ok', 'late', 'timeout'] as const] : [])],
    );
  it('asks the role queue with the record as facts, and follows the decision', () => {
    const r = startRun(def('P1D'), start({ discount: 0.3 }), envAt(T0));
    expect(r.effects[0]).toMatchObject({ type: 'task.create', kind: 'approval', assignee: { role: 'branch_admin', orgId: 'org-sh' }, dueAt: T0 + 24 * HOUR, facts: { discount: 0.3 } });
    const waiting = frozen(r.state);
    const taskId = waiting.waits[0]!.taskId!;
    expect(step(def('P1D'), waiting, { type: 'task', taskId, outcome: 'approved' }, envAt(T0)).state.outcome).toBe('approved');
    expect(step(def('P1D'), waiting, { type: 'task', taskId, outcome: 'rejected' }, envAt(T0)).state.outcome).toBe('rejected');
    const timedOut = step(def('P1D'), waiting, { type: 'timer', waitId: waiting.waits[0]!.id }, envAt(T0 + 24 * HOUR));
    expect(timedOut.state.outcome).toBe('timed_out');
    expect(timedOut.effects[0]).toEqual({ type: 'task.cancel', taskId, runId: 'run-1', reason: 'expired' });
  });
  it('needs a decision: a plain "done" is ignored', () => {
    const waiting = frozen(startRun(def(), start(), envAt(T0)).state);
    const r = step(def(), waiting, { type: 'task', taskId: waiting.waits[0]!.taskId!, outcome: 'done' }, envAt(T0));
    expect(r.ignored).toBe('approval_needs_decision');
    expect(r.state).toBe(waiting);
  });
  it('without a timeout schedules no timer', () => {
    expect(types(startRun(def(), start(), envAt(T0)).effects)).toEqual(['task.create']);
  });
});

describe('notify and http (outbox)', () => {
  it('puts a notification in the outbox with a key unique per run and node', () => {
    const def = workflow(
      [{ id: 'tell', kind: 'notify', channel: 'email', to: { strategy: 'user', userId: 'u-boss' }, subject: text('Big deal', '大单'), message: text('Look', '请查看') }, end('e', 'sent')],
      [['tell', 'e']],
    );
    const r = startRun(def, start(), envAt(T0));
    expect(r.effects[0]).toEqual({
      type: 'outbox', idempotencyKey: 'run-1:tell', runId: 'run-1', nodeId: 'tell', channel: 'email',
      payload: { to: { userId: 'u-boss' }, message: text('Look', '请查看'), subject: text('Big deal', '大单'), orgId: 'org-sh', recordId: 'rec-1' },
      retry: { maxAttempts: 5, backoffMs: 30_000 },
    });
  });
  it('gives each pass of a loop its own key', () => {
    const def = workflow(
      [
        { id: 'tell', kind: 'notify', channel: 'inbox', to: { strategy: 'owner' }, message: text('Reminder', '提醒') },
        { id: 'pause', kind: 'wait', mode: 'duration', duration: 'P1D' },
      ],
      [['tell', 'pause'], ['pause', 'tell']],
    );
    let r = startRun(def, start(), envAt(T0));
    const keys = [(r.effects[0] as { idempotencyKey: string }).idempotencyKey];
    for (let day = 1; day <= 2; day++) {
      r = step(def, frozen(r.state), { type: 'timer', waitId: r.state.waits[0]!.id }, envAt(T0 + day * 24 * HOUR));
      keys.push((r.effects.find((e) => e.type === 'outbox') as { idempotencyKey: string }).idempotencyKey);
    }
    expect(keys).toEqual(['run-1:tell', 'run-1:tell:2', 'run-1:tell:3']);
  });
  it('sends an HTTP call with its body, key expression and retry policy', () => {
    const def = workflow(
      [
        {
          id: 'hook', kind: 'http', method: 'POST', url: 'https://crm.example.com/hooks', headers: { 'X-Source': 'branchline' },
          body: "{'name': record.name, 'total': record.total}", idempotencyKey: "'crm:' + record.name", retry: { maxAttempts: 7, backoff: 'PT1M' },
        },
        end('e', 'sent'),
      ],
      [['hook', 'e']],
    );
    const r = startRun(def, start({ name: 'ACME', total: 12 }), envAt(T0));
    expect(r.effects[0]).toEqual({
      type: 'outbox', idempotencyKey: 'crm:ACME', runId: 'run-1', nodeId: 'hook', channel: 'http',
      payload: { method: 'POST', url: 'https://crm.example.com/hooks', headers: { 'X-Source': 'branchline' }, body: { name: 'ACME', total: 12 } },
      retry: { maxAttempts: 7, backoffMs: 60_000 },
    });
    expect(r.state.trace[0]).toMatchObject({ inputs: { 'record.name': 'ACME', 'record.total': 12 } });
  });
  it('defaults the key to run:node and the body to null', () => {
    const def = workflow([{ id: 'ping', kind: 'http', method: 'GET', url: 'https://x.example.com/' }, end('e', 'ok')], [['ping', 'e']]);
    expect(startRun(def, start(), envAt(T0)).effects[0]).toMatchObject({ idempotencyKey: 'run-1:ping', payload: { body: null, headers: {} } });
  });
  it('fails on an empty idempotency key', () => {
    const def = workflow([{ id: 'ping', kind: 'http', method: 'GET', url: 'https://x.example.com/', idempotencyKey: "''" }, end('e', 'ok')], [['ping', 'e']]);
    const r = startRun(def, start(), envAt(T0));
    expect(r.state.status).toBe('failed');
    expect(r.state.error?.pointer).toBe('/nodes/0/idempotencyKey');
  });
});

describe('wait', () => {
  it('waits a duration on a timer', () => {
    const def = workflow([{ id: 'w', kind: 'wait', mode: 'duration', duration: 'PT8M' }, end('e', 'ok')], [['w', 'e']]);
    const r = startRun(def, start(), envAt(T0));
    expect(r.effects).toEqual([{ type: 'timer.schedule', waitId: 'wait:run-1:w:1', runId: 'run-1', dueAt: T0 + 8 * 60_000 }]);
    expect(step(def, frozen(r.state), { type: 'timer', waitId: 'wait:run-1:w:1' }, envAt(T0 + 8 * 60_000)).state.outcome).toBe('ok');
    expect(step(def, frozen(r.state), { type: 'timer', waitId: 'wait:nope' }, envAt(T0)).ignored).toBe('no_such_wait');
  });
  it('waits until a date from an expression, or goes on when it has passed', () => {
    const def = workflow([{ id: 'w', kind: 'wait', mode: 'until', until: 'record.renewal_date' }, end('e', 'ok')], [['w', 'e']]);
    expect(startRun(def, start({ renewal_date: '2026-12-01' }), envAt(T0)).state.waits[0]!.dueAt).toBe(Date.parse('2026-12-01T00:00:00Z'));
    const past = startRun(def, start({ renewal_date: '2026-01-01' }), envAt(T0));
    expect(past.state.outcome).toBe('ok');
    expect(past.state.trace[0]).toMatchObject({ event: 'entered', values: { passed: true } });
    expect(startRun(def, start({ renewal_date: 'soon' }), envAt(T0)).state.status).toBe('failed');
  });
  it('waits for a correlated event, sees its data, and stops listening', () => {
    const def = workflow(
      [
        { id: 'w', kind: 'wait', mode: 'event', event: 'usage.dropped', correlation: 'record.customer_id', timeout: 'P7D' },
        { id: 'big', kind: 'condition', expression: 'event.data.drop_pct > 50' },
        end('alarm', 'alarm'), end('calm', 'calm'), end('quiet', 'quiet'),
      ],
      [['w', 'big', 'next'], ['w', 'quiet', 'timeout'], ['big', 'alarm', 'true'], ['big', 'calm', 'false']],
    );
    const r = startRun(def, start({ customer_id: 'C-9' }), envAt(T0));
    const wait = r.state.waits[0]!;
    expect(r.effects).toEqual([
      { type: 'event.subscribe', waitId: wait.id, runId: 'run-1', eventType: 'usage.dropped', correlationKey: 'C-9' },
      { type: 'timer.schedule', waitId: wait.id, runId: 'run-1', dueAt: T0 + 7 * 24 * HOUR },
    ]);
    const waiting = frozen(r.state);
    expect(step(def, waiting, { type: 'event', event: 'usage.dropped', key: 'C-1', data: { drop_pct: 80 } }, envAt(T0)).ignored).toBe('no_matching_wait');
    expect(step(def, waiting, { type: 'event', event: 'usage.rose', key: 'C-9' }, envAt(T0)).ignored).toBe('no_matching_wait');
    const hit = step(def, waiting, { type: 'event', event: 'usage.dropped', key: 'C-9', data: { drop_pct: 80 } }, envAt(T0 + HOUR));
    expect(hit.state.outcome).toBe('alarm');
    expect(types(hit.effects)).toEqual(['timer.cancel', 'event.unsubscribe', 'run.finished']);
    const timeout = step(def, waiting, { type: 'timer', waitId: wait.id }, envAt(T0 + 7 * 24 * HOUR));
    expect(timeout.state.outcome).toBe('quiet');
    expect(types(timeout.effects)).toEqual(['event.unsubscribe', 'run.finished']);
  });
});

describe('cancel', () => {
  it('releases the task and its timer and finishes as cancelled', () => {
    const def = workflow(
      [{ id: 't', kind: 'task', name: text('Call'), assignee: { strategy: 'owner' }, sla: { within: 'PT1H' } }, end('ok', 'ok'), end('late', 'late')],
      [['t', 'ok', 'done'], ['t', 'late', 'overdue']],
    );
    const waiting = frozen(startRun(def, start(), envAt(T0)).state);
    const r = step(def, waiting, { type: 'cancel', reason: 'customer left', by: 'u-admin' }, envAt(T0 + 60_000));
    expect(r.state.status).toBe('cancelled');
    expect(r.state.waits).toEqual([]);
    expect(r.effects).toEqual([
      { type: 'timer.cancel', waitId: 'wait:run-1:t:1', runId: 'run-1' },
      { type: 'task.cancel', taskId: 'task:run-1:t:1', runId: 'run-1', reason: 'cancelled' },
      { type: 'run.finished', runId: 'run-1', status: 'cancelled' },
    ]);
    expect(r.state.trace.at(-1)).toMatchObject({ nodeId: 't', event: 'cancelled', values: { reason: 'customer left', by: 'u-admin' } });
    expect(waiting.status).toBe('waiting');
  });
  it('refuses a run of another workflow (a host bug)', () => {
    const def = workflow([{ id: 'w', kind: 'wait', mode: 'duration', duration: 'PT1M' }], []);
    const other = workflow([{ id: 'w', kind: 'wait', mode: 'duration', duration: 'PT1M' }], [], { key: 'other-flow' });
    const waiting = startRun(def, start(), envAt(T0)).state;
    expect(() => step(other, waiting, { type: 'cancel' }, envAt(T0))).toThrow(/test-flow/);
  });
});

describe('error paths of the nodes that wait or send', () => {
  const failedAt = (def: ReturnType<typeof workflow>, record: Record<string, unknown> = {}, extra: Partial<StartInput> = {}) => {
    const r = startRun(def, start(record, extra), envAt(T0));
    expect(r.state.status).toBe('failed');
    expect(r.state.waits).toEqual([]);
    expect(r.state.trace.at(-1)).toMatchObject({ event: 'error', error: r.state.error });
    expect(types(r.effects)).toEqual(['run.finished']); // nothing half-sent: no task, timer, subscription or outbox entry
    return r.state.error!;
  };

  it('an approval whose timeout is not an ISO duration', () => {
    const def = workflow([{ id: 'ok', kind: 'approval', name: text('Approve'), approver: { strategy: 'role', role: 'branch_admin' }, timeout: 'two days' }, end('y', 'y')], [['ok', 'y', 'approved']]);
    expect(failedAt(def)).toMatchObject({ pointer: '/nodes/0/timeout', params: { nodeId: 'ok' } });
  });

  it('an approval by best match whose score is not a number', () => {
    const def = workflow([{ id: 'ok', kind: 'approval', name: text('Approve'), approver: { strategy: 'best_match', role: 'manager', score: 'rep.region' } }, end('y', 'y')], [['ok', 'y', 'approved']]);
    const r = startRun(def, start(), { ...envAt(T0), directory: { candidates: () => [{ id: 'u-m', role: 'manager', orgId: 'org-sh', attributes: { region: 'east' }, openTasks: 0 }] } });
    expect(r.state.status).toBe('failed');
    expect(r.state.error?.pointer).toBe('/nodes/0/approver/score');
    expect(types(r.effects)).toEqual(['run.finished']);
  });

  it('a notification to the owner of a record that has none', () => {
    const def = workflow([{ id: 'tell', kind: 'notify', channel: 'inbox', to: { strategy: 'owner' }, message: text('Hi') }, end('e', 'sent')], [['tell', 'e']]);
    expect(failedAt(def, {}, { ownerId: undefined })).toMatchObject({ pointer: '/nodes/0/to' });
  });

  it('an HTTP call whose body fails, or whose back-off is not a duration', () => {
    const body = workflow([{ id: 'hook', kind: 'http', method: 'POST', url: 'https://x.example.com/', body: "{'total': record.total * 2}" }, end('e', 'ok')], [['hook', 'e']]);
    expect(failedAt(body, { total: 'lots' })).toMatchObject({ pointer: '/nodes/0/body' });
    const backoff = workflow([{ id: 'hook', kind: 'http', method: 'GET', url: 'https://x.example.com/', retry: { maxAttempts: 3, backoff: 'soon' } }, end('e', 'ok')], [['hook', 'e']]);
    expect(failedAt(backoff)).toMatchObject({ pointer: '/nodes/0/retry/backoff' });
  });

  it('a wait whose duration or timeout is not an ISO duration', () => {
    expect(failedAt(workflow([{ id: 'w', kind: 'wait', mode: 'duration', duration: 'PT-1H' }, end('e', 'ok')], [['w', 'e']]))).toMatchObject({ pointer: '/nodes/0/duration' });
    const event = workflow([{ id: 'w', kind: 'wait', mode: 'event', event: 'paid', correlation: 'record.invoice', timeout: '1 week' }, end('e', 'ok')], [['w', 'e']]);
    expect(failedAt(event, { invoice: 'INV-1' })).toMatchObject({ pointer: '/nodes/0/timeout' });
  });

  it('a wait for an event whose correlation key is empty, not a key, or fails', () => {
    const def = (correlation: string) => workflow([{ id: 'w', kind: 'wait', mode: 'event', event: 'paid', correlation, timeout: 'P7D' }, end('e', 'ok')], [['w', 'e']]);
    expect(failedAt(def('record.invoice'), { invoice: '' })).toMatchObject({ pointer: '/nodes/0/correlation' });
    expect(failedAt(def('record.invoice'), { invoice: true })).toMatchObject({ pointer: '/nodes/0/correlation' });
    expect(failedAt(def('record.invoice + 1'), { invoice: 'INV-1' })).toMatchObject({ pointer: '/nodes/0/correlation' });
    expect(failedAt(def('record.invoice'), {})).toMatchObject({ pointer: '/nodes/0/correlation' });
  });
});

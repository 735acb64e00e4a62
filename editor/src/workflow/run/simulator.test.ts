import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '@branchline/schemas';
import { completeTask, sendEvent, skipTime, startSimulation, timers } from './simulator';
import { formatTraceValue, overlayFromTrace, shownValues } from './trace-overlay';
import { TRIGGER_EDGE_ID } from '../model/flow-mapping';
import { normalizeRun, runItems } from './past-runs';

const T0 = Date.parse('2026-11-26T08:00:00Z');
const HOUR = 3_600_000;

/** Big customers get a follow-up task due in 1 h, escalated when missed; others just end. */
const def: WorkflowDefinition = {
  schemaVersion: 1,
  kind: 'workflow',
  key: 'follow-up',
  title: { en: 'Follow-up', 'zh-CN': '跟进' },
  trigger: { type: 'record.created', form: 'customer-registration' },
  start: 'big',
  nodes: [
    { id: 'big', kind: 'condition', expression: 'record.arr > 500000' },
    { id: 'follow', kind: 'task', name: { en: 'Call', 'zh-CN': '致电' }, assignee: { strategy: 'owner' }, sla: { within: 'PT1H' } },
    { id: 'escalate', kind: 'approval', name: { en: 'Escalation', 'zh-CN': '升级' }, approver: { strategy: 'role', role: 'branch_admin' } },
    { id: 'wait_usage', kind: 'wait', mode: 'event', event: 'usage.dropped', correlation: "'c-1'" },
    { id: 'done', kind: 'end', outcome: 'followed_up' },
    { id: 'small', kind: 'end', outcome: 'small' },
  ],
  edges: [
    { id: 'e_big', from: 'big', to: 'follow', port: 'true' },
    { id: 'e_small', from: 'big', to: 'small', port: 'false' },
    { id: 'e_done', from: 'follow', to: 'wait_usage', port: 'done' },
    { id: 'e_late', from: 'follow', to: 'escalate', port: 'overdue' },
    { id: 'e_ok', from: 'escalate', to: 'done', port: 'approved' },
    { id: 'e_event', from: 'wait_usage', to: 'done' },
  ],
};

describe('dry run on the real interpreter', () => {
  it('takes the false branch straight to the end and lights only that path', () => {
    const sim = startSimulation(def, { record: { arr: 1000 } }, T0);
    expect(sim.state.status).toBe('completed');
    expect(sim.state.outcome).toBe('small');
    const o = overlayFromTrace(def, sim.state.trace, sim.state);
    expect([...o.edges].sort()).toEqual([TRIGGER_EDGE_ID, 'e_small'].sort());
    expect([...o.visits.keys()]).toEqual(['big', 'small']);
    expect(o.visits.get('big')).toMatchObject({ order: 1, count: 1, port: 'false', values: { 'record.arr': 1000 } });
    expect(o.current).toBeUndefined();
  });

  it('waits on the task, and skipping 1 h fires the SLA timer down the overdue port', () => {
    let sim = startSimulation(def, { record: { arr: 900000 } }, T0);
    expect(sim.state.status).toBe('waiting');
    expect(timers(sim.state)[0]?.dueAt).toBe(T0 + HOUR);
    expect(overlayFromTrace(def, sim.state.trace, sim.state).current).toBe('follow');
    sim = skipTime(sim, 30 * 60_000);
    expect(sim.state.cursor).toEqual(['follow']);
    sim = skipTime(sim, 30 * 60_000);
    expect(sim.now).toBe(T0 + HOUR);
    expect(sim.state.cursor).toEqual(['escalate']);
    const approval = sim.state.waits.find((w) => w.kind === 'approval')!;
    sim = completeTask(sim, approval.taskId!, 'approved');
    expect(sim.state.status).toBe('completed');
    const o = overlayFromTrace(def, sim.state.trace, sim.state);
    expect([...o.edges].sort()).toEqual([TRIGGER_EDGE_ID, 'e_big', 'e_late', 'e_ok'].sort());
    expect(o.visits.get('follow')).toMatchObject({ port: 'overdue', count: 1 });
    expect(sim.log.some((l) => l.kind === 'effect' && l.effect.type === 'task.cancel')).toBe(true);
  });

  it('completes a task and answers an awaited event', () => {
    let sim = startSimulation(def, { record: { arr: 900000 } }, T0);
    const task = sim.state.waits.find((w) => w.kind === 'task')!;
    sim = completeTask(sim, task.taskId!, 'done');
    expect(sim.state.cursor).toEqual(['wait_usage']);
    const ignored = sendEvent(sim, 'usage.dropped', 'someone-else');
    expect(ignored.state).toBe(sim.state);
    expect(ignored.log.at(-1)).toMatchObject({ kind: 'input', ignored: 'no_matching_wait' });
    sim = sendEvent(sim, 'usage.dropped', 'c-1', { dropPct: 40 });
    expect(sim.state.status).toBe('completed');
    expect(sim.state.outcome).toBe('followed_up');
    expect([...overlayFromTrace(def, sim.state.trace, sim.state).edges]).toContain('e_event');
  });

  it('never fires a timer that is not yet due', () => {
    const sim = skipTime(startSimulation(def, { record: { arr: 900000 } }, T0), HOUR - 1);
    expect(sim.state.cursor).toEqual(['follow']);
  });
});

describe('past runs from the server', () => {
  it('reads a run with its trace on the run or in its state', () => {
    const sim = startSimulation(def, { record: { arr: 1 } }, T0);
    const a = normalizeRun({ id: 'r1', status: 'completed', startedAt: '2026-11-26T08:00:00Z', definitionVersion: 3, trace: [...sim.state.trace].reverse() });
    expect(a).toMatchObject({ id: 'r1', status: 'completed', startedAt: T0, version: 3 });
    expect(a.trace.map((e) => e.seq)).toEqual(sim.state.trace.map((e) => e.seq));
    const b = normalizeRun({ run: { id: 'r2', state: sim.state } });
    expect(b).toMatchObject({ id: 'r2', status: 'completed', startedAt: T0, version: 0, recordId: 'dry-run-record' });
    expect(runItems({ items: [{ id: 'x', startedAt: 1 }, { id: 'y', startedAt: 2 }] }).map((r) => r.id)).toEqual(['y', 'x']);
    expect(runItems([{ id: 'z' }])).toHaveLength(1);
    // The API's shape: ISO times, the waits instead of a cursor.
    const waiting = startSimulation(def, { record: { arr: 900000 } }, T0).state;
    const api = normalizeRun({
      id: 'r3',
      status: 'waiting',
      startedAt: '2026-11-26T08:00:00.000Z',
      definitionVersion: null,
      waits: waiting.waits.map((w) => ({ id: w.id, kind: w.kind, nodeId: w.nodeId })),
      trace: waiting.trace.map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
    });
    expect(api.cursor).toEqual(['follow']);
    expect(api.trace[0]!.at).toBe(T0);
    expect(api.version).toBeUndefined();
    expect(overlayFromTrace(def, api.trace, api).current).toBe('follow');
  });
});

describe('values shown at a node', () => {
  it('leaves out bookkeeping ids and names assignees and times plainly', () => {
    expect(shownValues({ waitId: 'w', taskId: 't', assignee: { userId: 'u-li' }, 'record.arr': 5 }).map(([k]) => k)).toEqual(['assignee', 'record.arr']);
    expect(formatTraceValue({ userId: 'u-li' })).toBe('u-li');
    expect(formatTraceValue({ role: 'branch_admin', orgId: 'east' })).toBe('branch_admin @ east');
    expect(formatTraceValue(T0, 48, 'dueAt')).toBe('2026-11-26 08:00');
    expect(formatTraceValue('x'.repeat(60), 10)).toBe('xxxxxxxxx…');
    expect(formatTraceValue([1, 2])).toBe('[1,2]');
  });
});

describe('dry run of HQ customer grading on a sample customer', () => {
  it('computes the tier with the form engine, then takes the tier S path with its 1 h deadline', async () => {
    const { CUSTOMER_GRADING, CUSTOMER_REGISTRATION } = await import('@branchline/templates');
    const { recordForRun } = await import('./sample-record');
    const form = CUSTOMER_REGISTRATION.definition as import('@branchline/schemas').FormDefinition;
    const grading = CUSTOMER_GRADING.definition as WorkflowDefinition;
    const record = recordForRun(form, { company_name: 'ACME', arr: 600000, usage_rate: 90, arr_growth: 5 }, T0);
    expect(record.tier).toBe('S');
    let sim = startSimulation(grading, { record }, T0);
    expect(sim.state.cursor).toEqual(['follow_s']);
    expect(timers(sim.state)[0]?.dueAt).toBe(T0 + HOUR);
    sim = skipTime(sim, HOUR);
    expect(sim.state.cursor).toEqual(['escalate']);
    const b = recordForRun(form, { arr: 50000, usage_rate: 10, arr_growth: -1 }, T0);
    expect(b.tier).toBe('B');
    expect(startSimulation(grading, { record: b }, T0).state.cursor).toEqual(['follow_b']);
  });
});

/**
 * Given a definition and a record, when a run starts, then the deciding and
 * computing nodes (condition, switch, set, score, split, end) take the right port,
 * write the right values, trace what they read, and fail cleanly on bad data.
 */
import { describe, expect, it } from 'vitest';
import { compileWorkflow } from './compile';
import { startRun, step } from './interpreter';
import { deepFreeze, envAt, HOUR, T0, workflow } from './test-kit';
import type { RunState, StartInput } from './types';

const start = (record: Record<string, unknown>, extra: Partial<StartInput> = {}): StartInput =>
  deepFreeze({ type: 'start', version: 1, orgId: 'org-sh', runId: 'run-1', recordId: 'rec-1', record, ...extra });
const end = (id: string, outcome?: string) => ({ id, kind: 'end' as const, ...(outcome ? { outcome } : {}) });

describe('condition', () => {
  const def = workflow(
    [{ id: 'big', kind: 'condition', expression: 'record.amount > 1000' }, end('yes', 'big'), end('no', 'small')],
    [['big', 'yes', 'true'], ['big', 'no', 'false']],
  );
  it('leaves by true or false and traces the values it read', () => {
    const a = startRun(def, start({ amount: 1200 }), envAt(T0));
    expect(a.state.status).toBe('completed');
    expect(a.state.outcome).toBe('big');
    expect(a.state.trace[0]).toMatchObject({ seq: 0, at: T0, nodeId: 'big', kind: 'condition', event: 'branch', port: 'true', inputs: { 'record.amount': 1200 } });
    expect(a.state.trace[1]).toMatchObject({ seq: 1, nodeId: 'yes', event: 'end', values: { outcome: 'big' } });
    expect(a.effects).toEqual([{ type: 'run.finished', runId: 'run-1', status: 'completed', outcome: 'big' }]);
    expect(startRun(def, start({ amount: 10 }), envAt(T0)).state.outcome).toBe('small');
  });
  it('ends the run (completed, no outcome) when the port taken has no edge', () => {
    const open = workflow([{ id: 'c', kind: 'condition', expression: 'record.vip' }, end('x')], [['c', 'x', 'true']]);
    const r = startRun(open, start({ vip: false }), envAt(T0));
    expect(r.state.status).toBe('completed');
    expect(r.state.outcome).toBeUndefined();
    expect(r.state.cursor).toEqual([]);
    expect(r.state.trace.at(-1)).toMatchObject({ nodeId: 'c', event: 'end', port: 'false', values: { reason: 'no_edge' } });
  });
  it('fails the run with a bilingual problem when the data makes the expression fail', () => {
    const r = startRun(def, start({ amount: 'lots' }), envAt(T0));
    expect(r.state.status).toBe('failed');
    expect(r.state.error?.pointer).toBe('/nodes/0/expression');
    expect(r.state.error?.message.en).toMatch(/"big"/);
    expect(r.state.error?.message['zh-CN']).toMatch(/"big"/);
    expect(r.state.trace.at(-1)).toMatchObject({ nodeId: 'big', event: 'error', inputs: { 'record.amount': 'lots' } });
    expect(r.effects).toEqual([{ type: 'run.finished', runId: 'run-1', status: 'failed', error: r.state.error }]);
  });
  it('fails when a field the expression reads is missing', () => {
    const r = startRun(def, start({}), envAt(T0));
    expect(r.state.status).toBe('failed');
    expect(r.state.error?.params).toMatchObject({ nodeId: 'big' });
  });
  it('fails at the node, not at start, when an expression does not compile', () => {
    const bad = workflow(
      [{ id: 's', kind: 'set', assignments: [{ target: 'vars', key: 'seen', expression: '1' }] }, { id: 'c', kind: 'condition', expression: 'record.amount >' }, end('x')],
      [['s', 'c'], ['c', 'x', 'true']],
    );
    const r = startRun(bad, start({ amount: 1 }), envAt(T0));
    expect(r.state.status).toBe('failed');
    expect(r.state.error).toMatchObject({ pointer: '/nodes/1/expression', code: 'workflow.expression_invalid' });
    expect(r.state.vars).toEqual({ seen: 1 }); // what ran before is kept
  });
});

describe('switch', () => {
  const def = workflow(
    [
      { id: 'tier', kind: 'switch', cases: [{ id: 'S', when: "record.tier == 'S'" }, { id: 'A', when: "record.tier == 'A' || record.tier == 'S'" }] },
      end('s', 's'), end('a', 'a'), end('other', 'other'),
    ],
    [['tier', 's', 'S'], ['tier', 'a', 'A'], ['tier', 'other', 'default']],
  );
  it('takes the first case that holds, in order', () => {
    expect(startRun(def, start({ tier: 'S' }), envAt(T0)).state.outcome).toBe('s');
    expect(startRun(def, start({ tier: 'A' }), envAt(T0)).state.outcome).toBe('a');
  });
  it('takes default when no case holds, and traces every input read', () => {
    const r = startRun(def, start({ tier: 'B' }), envAt(T0));
    expect(r.state.outcome).toBe('other');
    expect(r.state.trace[0]).toMatchObject({ event: 'branch', port: 'default', inputs: { 'record.tier': 'B' } });
  });
  it('fails on a case that does not give true/false', () => {
    const odd = workflow([{ id: 'sw', kind: 'switch', cases: [{ id: 'x', when: 'record.flag' }] }, end('e')], [['sw', 'e', 'x']]);
    const r = startRun(odd, start({ flag: 'yes' }), envAt(T0));
    expect(r.state.status).toBe('failed');
    expect(r.state.error?.pointer).toBe('/nodes/0/cases/0/when');
  });
});

describe('set', () => {
  const def = workflow(
    [
      {
        id: 'calc', kind: 'set', assignments: [
          { target: 'vars', key: 'net', expression: 'record.amount * 0.9' },
          { target: 'record', key: 'net_amount', expression: 'vars.net' },
          { target: 'record', key: 'stage', expression: "'qualified'" },
        ],
      },
      end('done'),
    ],
    [['calc', 'done']],
    { variables: [{ key: 'net', type: 'number', default: 0 }] },
  );
  it('assigns in order, updates the snapshot, and emits one record update', () => {
    const input = start({ amount: 1000, stage: 'new' });
    const r = startRun(def, input, envAt(T0));
    expect(r.state.vars).toEqual({ net: 900 });
    expect(r.state.record).toEqual({ amount: 1000, stage: 'qualified', net_amount: 900 });
    expect(r.effects[0]).toEqual({ type: 'record.update', idempotencyKey: 'run-1:calc:record', runId: 'run-1', nodeId: 'calc', orgId: 'org-sh', recordId: 'rec-1', changes: { net_amount: 900, stage: 'qualified' } });
    expect(r.state.trace[0]).toMatchObject({ event: 'set', values: { 'vars.net': 900, 'record.net_amount': 900, 'record.stage': 'qualified' } });
    expect(input.record).toEqual({ amount: 1000, stage: 'new' }); // the caller's record is untouched (and frozen)
  });
  it('fails as a whole: an assignment that fails undoes the ones before it in the same step, so the run never shows a value no record.update carried', () => {
    const partial = workflow(
      [
        { id: 'pre', kind: 'set', assignments: [{ target: 'record', key: 'stage', expression: "'open'" }] },
        {
          id: 'calc', kind: 'set', assignments: [
            { target: 'record', key: 'stage', expression: "'priced'" },
            { target: 'record', key: 'label', expression: "'new'" },
            { target: 'vars', key: 'net', expression: 'record.amount * 0.9' },
            { target: 'record', key: 'net_amount', expression: 'vars.net / record.units' },
          ],
        },
        end('done'),
      ],
      [['pre', 'calc'], ['calc', 'done']],
      { variables: [{ key: 'net', type: 'number', default: 0 }] },
    );
    const r = startRun(partial, start({ amount: 1000, units: 'many' }), envAt(T0));
    expect(r.state.status).toBe('failed');
    expect(r.state.error?.pointer).toBe('/nodes/1/assignments/3/expression');
    expect(r.state.record).toEqual({ amount: 1000, units: 'many', stage: 'open' });
    expect(r.state.vars).toEqual({ net: 0 });
    expect(r.effects.filter((e) => e.type === 'record.update').map((e) => 'changes' in e && e.changes)).toEqual([{ stage: 'open' }]);
    expect(r.state.trace.at(-1)).toMatchObject({ nodeId: 'calc', event: 'error', inputs: { 'vars.net': 900, 'record.units': 'many' } });
  });
  it('starts vars from declared defaults, overridden by the start input', () => {
    const seen = workflow([{ id: 'c', kind: 'condition', expression: 'vars.limit > 5' }, end('y', 'y'), end('n', 'n')], [['c', 'y', 'true'], ['c', 'n', 'false']], {
      variables: [{ key: 'limit', type: 'number', default: 10 }],
    });
    expect(startRun(seen, start({}), envAt(T0)).state.outcome).toBe('y');
    expect(startRun(seen, start({}, { vars: { limit: 1 } }), envAt(T0)).state.outcome).toBe('n');
  });
});

describe('score', () => {
  const def = (min?: number, max?: number) =>
    workflow(
      [
        {
          id: 'health', kind: 'score', target: { target: 'record', key: 'health' }, ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}),
          factors: [
            { id: 'logins', expression: 'record.logins_per_week * 10.0', weight: 0.5 },
            { id: 'coverage', expression: 'record.feature_coverage * 100.0', weight: 0.4 },
            { id: 'tickets', expression: 'record.open_tickets > 3', weight: -20 },
          ],
        },
        end('e'),
      ],
      [['health', 'e']],
    );
  it('sums weighted factors (true counts 1) and writes the score', () => {
    const r = startRun(def(0, 100), start({ logins_per_week: 5, feature_coverage: 0.5, open_tickets: 5 }), envAt(T0));
    expect(r.state.record.health).toBeCloseTo(25 + 20 - 20);
    expect(r.effects[0]).toMatchObject({ type: 'record.update', changes: { health: r.state.record.health } });
    expect(r.state.trace[0]).toMatchObject({ event: 'set', values: { factors: { logins: 50, coverage: 50, tickets: 1 } } });
  });
  it('clamps to min and max', () => {
    expect(startRun(def(0, 100), start({ logins_per_week: 100, feature_coverage: 1, open_tickets: 0 }), envAt(T0)).state.record.health).toBe(100);
    expect(startRun(def(0, 100), start({ logins_per_week: 0, feature_coverage: 0, open_tickets: 9 }), envAt(T0)).state.record.health).toBe(0);
    expect(startRun(def(), start({ logins_per_week: 0, feature_coverage: 0, open_tickets: 9 }), envAt(T0)).state.record.health).toBe(-20);
  });
  it('fails on a factor that is not a number', () => {
    const bad = workflow([{ id: 's', kind: 'score', target: { target: 'vars', key: 'x' }, factors: [{ id: 'f', expression: 'record.name', weight: 1 }] }, end('e')], [['s', 'e']]);
    const r = startRun(bad, start({ name: 'ACME' }), envAt(T0));
    expect(r.state.status).toBe('failed');
    expect(r.state.error?.pointer).toBe('/nodes/0/factors/0/expression');
  });
});

describe('split', () => {
  const def = workflow(
    [{ id: 'ab', kind: 'split', salt: 'q4', arms: [{ id: 'control', percent: 30, control: true }, { id: 'fast', percent: 70 }] }, end('c', 'control'), end('f', 'fast')],
    [['ab', 'c', 'control'], ['ab', 'f', 'fast']],
  );
  it('sends a record down the same arm every time, and records the arm and control flag', () => {
    const first = startRun(def, start({}, { recordId: 'rec-77', runId: 'r1' }), envAt(T0));
    for (let i = 0; i < 5; i++) expect(startRun(def, start({}, { recordId: 'rec-77', runId: `r${i + 2}` }), envAt(T0 + i)).state.outcome).toBe(first.state.outcome);
    const arm = first.state.outcome!;
    expect(first.state.arms).toEqual({ ab: { arm, control: arm === 'control' } });
    expect(first.state.trace[0]).toMatchObject({ event: 'branch', port: arm, values: { arm, control: arm === 'control' } });
  });
  it('distributes records by the percentages', () => {
    let control = 0;
    const n = 4000;
    for (let i = 0; i < n; i++) if (startRun(def, start({}, { recordId: `cust-${i}` }), envAt(T0)).state.arms.ab!.control) control++;
    expect(control / n).toBeGreaterThan(0.27);
    expect(control / n).toBeLessThan(0.33);
  });
  it('uses the run id when the run has no record', () => {
    const a = startRun(def, start({}, { recordId: undefined, runId: 'solo-1' }), envAt(T0));
    const b = startRun(def, start({}, { recordId: undefined, runId: 'solo-1' }), envAt(T0 + HOUR));
    expect(a.state.outcome).toBe(b.state.outcome);
  });
});

describe('loops and limits', () => {
  it('fails a loop that never waits instead of hanging', () => {
    const spin = workflow(
      [{ id: 'inc', kind: 'set', assignments: [{ target: 'vars', key: 'n', expression: 'vars.n + 1' }] }, { id: 'again', kind: 'condition', expression: 'vars.n > -1' }],
      [['inc', 'again'], ['again', 'inc', 'true']],
      { variables: [{ key: 'n', type: 'number', default: 0 }] },
    );
    const r = startRun(spin, start({}), envAt(T0));
    expect(r.state.status).toBe('failed');
    expect(r.state.error?.code).toBe('workflow.step_limit');
  });
});

describe('inputs after the end', () => {
  it('ignores any input to a finished run', () => {
    const def = workflow([end('e', 'ok')], []);
    const done = deepFreeze(startRun(def, start({}), envAt(T0)).state);
    const r = step(def, done, { type: 'cancel' }, envAt(T0));
    expect(r.state).toBe(done);
    expect(r.effects).toEqual([]);
    expect(r.ignored).toBe('run_finished');
  });
});


describe('an expression error mid-run', () => {
  // set → task (waits) → condition on the task's data → end; the error comes after a resume
  const def = workflow(
    [
      { id: 'open', kind: 'set', assignments: [{ target: 'record', key: 'stage', expression: "'review'" }, { target: 'vars', key: 'checked', expression: 'true' }] },
      { id: 'review', kind: 'task', name: { 'zh-CN': '复核', en: 'Review' }, assignee: { strategy: 'user', userId: 'u-rev' } },
      { id: 'high', kind: 'condition', expression: 'event.data.score > 5' },
      end('yes', 'high'), end('no', 'low'),
    ],
    [['open', 'review'], ['review', 'high', 'done'], ['high', 'yes', 'true'], ['high', 'no', 'false']],
  );
  const compiled = compileWorkflow(def);
  const waitingRun = (n: number) => deepFreeze(startRun(compiled, start({ amount: n }, { runId: `run-${n}`, recordId: `rec-${n}` }), envAt(T0)).state);
  const done = (s: RunState, data: Record<string, unknown>) => step(compiled, s, { type: 'task', taskId: s.waits[0]!.taskId!, outcome: 'done', data }, envAt(T0 + HOUR));

  it('fails only that run, with an error trace entry at the node; what ran before is kept; other runs go on', () => {
    const a = waitingRun(1);
    const b = waitingRun(2);
    const failed = done(a, { score: 'very high' });
    expect(failed.state.status).toBe('failed');
    expect(failed.state.error).toMatchObject({ pointer: '/nodes/2/expression', params: { nodeId: 'high' } });
    expect(failed.state.error?.message.en).toMatch(/"high"/);
    expect(failed.state.error?.message['zh-CN']).toMatch(/"high"/);
    expect(failed.state.trace.map((t) => [t.nodeId, t.event])).toEqual([['open', 'set'], ['review', 'wait'], ['review', 'resumed'], ['high', 'error']]);
    expect(failed.state.trace.at(-1)).toMatchObject({ at: T0 + HOUR, error: failed.state.error, inputs: { 'event.data.score': 'very high' } });
    expect(failed.state.record).toMatchObject({ amount: 1, stage: 'review' });
    expect(failed.state.vars).toEqual({ checked: true });
    expect(failed.state.waits).toEqual([]);
    expect(failed.effects).toEqual([{ type: 'run.finished', runId: 'run-1', status: 'failed', error: failed.state.error }]);
    // the failed run takes no further input; the other run, on the same compiled definition, is untouched and goes on
    expect(step(compiled, deepFreeze(failed.state), { type: 'cancel' }, envAt(T0 + 2 * HOUR)).ignored).toBe('run_finished');
    const other = done(b, { score: 9 });
    expect(other.state).toMatchObject({ status: 'completed', outcome: 'high', record: { amount: 2, stage: 'review' } });
    expect(other.state.error).toBeUndefined();
  });
});

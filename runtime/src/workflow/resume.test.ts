/**
 * Durability (issue 3): the customer-grading follow-up workflow, stopped after every
 * possible transition — state and effects serialised to JSON and read back by a
 * fresh engine — always reaches the same end state and the same outbox as an
 * uninterrupted run; replaying an input, or re-running a transition whose result
 * was lost in a crash, never doubles a side effect.
 */
import { describe, expect, it } from 'vitest';
import type { FormDefinition, WorkflowDefinition } from '@branchline/schemas';
import { compileWorkflow } from './compile';
import { startRun, step } from './interpreter';
import { envAt, HOUR, roundTrip, T0, text } from './test-kit';
import type { Effect, RunInput, RunState, StartInput } from './types';

const form: FormDefinition = {
  schemaVersion: 1, kind: 'form', key: 'customer-registration', title: text('Customer registration', '客户登记'),
  fields: [
    { key: 'company_name', type: 'text', label: text('Company', '公司名称') },
    { key: 'arr', type: 'currency', label: text('ARR', '年度经常性收入'), currency: 'USD' },
    { key: 'usage', type: 'percent', label: text('Usage', '使用率') },
    { key: 'tier', type: 'select', label: text('Tier', '等级'), options: ['S', 'A', 'B'].map((v) => ({ value: v, label: text(v) })) },
    { key: 'follow_up', type: 'text', label: text('Follow-up status', '跟进状态') },
  ],
};

const follow = (tier: string, within: string, rights: string, rightsZh: string) => ({
  id: `follow_${tier}`, kind: 'task' as const, name: text(`Follow up tier ${tier} customer`, `跟进 ${tier} 级客户`),
  instructions: text(`Respond within ${within}. Tier ${tier} rights: ${rights}.`, `请在 ${within} 内响应。${tier} 级权益：${rightsZh}。`),
  assignee: { strategy: 'owner' as const }, sla: { within }, facts: ['company_name', 'arr', 'tier'],
});

/** Scenario 3 of DESIGN.md: grade → owner follows up within the tier's SLA → escalate to branch_admin when missed. */
const grading: WorkflowDefinition = {
  schemaVersion: 1, kind: 'workflow', key: 'customer-grading-follow-up', title: text('Customer grading follow-up', '客户分级跟进'),
  trigger: { type: 'record.created', form: 'customer-registration' },
  start: 'mark',
  nodes: [
    { id: 'mark', kind: 'set', assignments: [{ target: 'record', key: 'follow_up', expression: "'open'" }] },
    { id: 'tier', kind: 'switch', cases: [{ id: 'S', when: "record.tier == 'S'" }, { id: 'A', when: "record.tier == 'A'" }] },
    follow('S', 'PT1H', 'dedicated success manager, quarterly review', '专属客户成功经理、季度回顾'),
    follow('A', 'PT4H', 'priority support', '优先支持'),
    follow('B', 'P1D', 'standard support', '标准支持'),
    { id: 'alert', kind: 'notify', channel: 'im', to: { strategy: 'role', role: 'branch_admin' }, message: text('A follow-up SLA was missed', '跟进时限已超时') },
    { id: 'escalate', kind: 'task', name: text('Missed follow-up: take over', '跟进超时：请接手'), assignee: { strategy: 'role', role: 'branch_admin' }, sla: { within: 'PT4H' }, facts: ['company_name', 'tier'] },
    { id: 'closed', kind: 'set', assignments: [{ target: 'record', key: 'follow_up', expression: "'done'" }] },
    { id: 'followed', kind: 'end', outcome: 'followed' },
    { id: 'escalated', kind: 'end', outcome: 'escalated' },
  ],
  edges: [
    { id: 'e1', from: 'mark', to: 'tier' },
    { id: 'e2', from: 'tier', to: 'follow_S', port: 'S' },
    { id: 'e3', from: 'tier', to: 'follow_A', port: 'A' },
    { id: 'e4', from: 'tier', to: 'follow_B', port: 'default' },
    ...['S', 'A', 'B'].flatMap((t, i) => [
      { id: `d${i}`, from: `follow_${t}`, to: 'closed', port: 'done' },
      { id: `o${i}`, from: `follow_${t}`, to: 'alert', port: 'overdue' },
    ]),
    { id: 'e5', from: 'closed', to: 'followed' },
    { id: 'e6', from: 'alert', to: 'escalate' },
    { id: 'e7', from: 'escalate', to: 'escalated', port: 'done' },
  ],
};

type Move = { at: (s: RunState) => number; input: (s: RunState) => RunInput };
const taskDone = (after: number, by = 'someone'): Move => ({ at: (s) => s.updatedAt + after, input: (s) => ({ type: 'task', taskId: s.waits[0]!.taskId!, outcome: 'done', by }) });
const timerFires: Move = { at: (s) => s.waits[0]!.dueAt!, input: (s) => ({ type: 'timer', waitId: s.waits[0]!.id }) };
/** The owner finishes the expired task after the escalation: ignored by the run. */
const lateOwnerDone = (tier: string): Move => ({ at: (s) => s.updatedAt + HOUR, input: () => ({ type: 'task', taskId: `task:run-${tier}:follow_${tier}:1`, outcome: 'done' }) });
const cancel: Move = { at: (s) => s.updatedAt + 60_000, input: () => ({ type: 'cancel', reason: 'duplicate customer' }) };

const startFor = (tier: string): StartInput => ({
  type: 'start', version: 2, orgId: 'org-sh', runId: `run-${tier}`, recordId: `rec-${tier}`, ownerId: 'u-owner',
  record: { company_name: `ACME ${tier}`, arr: tier === 'S' ? 600_000 : 200_000, usage: 85, tier },
});

const scenarios: { name: string; tier: string; moves: Move[]; outcome: string; status: string }[] = [
  { name: 'S followed up in time', tier: 'S', moves: [taskDone(30 * 60_000, 'u-owner')], outcome: 'followed', status: 'completed' },
  { name: 'A missed, admin takes over', tier: 'A', moves: [timerFires, taskDone(HOUR, 'u-admin')], outcome: 'escalated', status: 'completed' },
  { name: 'B missed, late completion, admin takes over', tier: 'B', moves: [timerFires, lateOwnerDone('B'), taskDone(2 * HOUR, 'u-admin')], outcome: 'escalated', status: 'completed' },
  { name: 'A missed, then cancelled', tier: 'A', moves: [timerFires, cancel], outcome: '', status: 'cancelled' },
];

const effectKey = (e: Effect): string => {
  switch (e.type) {
    case 'outbox':
    case 'record.update':
      return `${e.type}:${e.idempotencyKey}`;
    case 'task.create':
    case 'task.cancel':
      return `${e.type}:${e.taskId}`;
    case 'run.finished':
      return `${e.type}:${e.runId}`;
    default:
      return `${e.type}:${e.waitId}`;
  }
};

/** The uninterrupted reference: one process, objects kept in memory. */
function reference(tier: string, moves: Move[]) {
  const compiled = compileWorkflow(grading, { form });
  let r = startRun(compiled, startFor(tier), envAt(T0));
  const effects = [...r.effects];
  for (const m of moves) {
    r = step(compiled, r.state, m.input(r.state), envAt(m.at(r.state)));
    effects.push(...r.effects);
  }
  return { state: r.state, effects };
}

/** A fresh engine: the definition and form read from storage, compiled anew. */
const freshEngine = () => compileWorkflow(roundTrip(grading), { form: roundTrip(form) });

describe('customer grading follow-up, durable', () => {
  it.each(scenarios)('$name: reference run ends as expected', ({ tier, moves, outcome, status }) => {
    const { state, effects } = reference(tier, moves);
    expect(state.status).toBe(status);
    if (outcome) expect(state.outcome).toBe(outcome);
    expect(new Set(effects.map(effectKey)).size).toBe(effects.length);
  });

  it('gives each tier its SLA and rights', () => {
    for (const [tier, hours, rights] of [['S', 1, 'quarterly review'], ['A', 4, 'priority support'], ['B', 24, 'standard support']] as const) {
      const created = reference(tier, []).effects.find((e) => e.type === 'task.create');
      expect(created).toMatchObject({ assignee: { userId: 'u-owner' }, dueAt: T0 + hours * HOUR, facts: { tier, company_name: `ACME ${tier}` } });
      expect(created && 'instructions' in created && created.instructions?.en).toContain(rights);
    }
  });

  it('escalates to the branch admin role with a notification and a task', () => {
    const { effects } = reference('A', [timerFires]);
    expect(effects.filter((e) => e.type === 'outbox')).toMatchObject([{ channel: 'im', payload: { to: { role: 'branch_admin', orgId: 'org-sh' } } }]);
    expect(effects.filter((e) => e.type === 'task.create').map((e) => 'assignee' in e && e.assignee)).toEqual([{ userId: 'u-owner' }, { role: 'branch_admin', orgId: 'org-sh' }]);
  });

  it.each(scenarios)('$name: stopped after every transition and every input replayed, the same end and outbox', ({ tier, moves }) => {
    const ref = reference(tier, moves);
    // storage holds only JSON; every transition is followed by a stop and a fresh engine
    let stored = JSON.stringify(startRun(freshEngine(), startFor(tier), envAt(T0)));
    const outbox: Effect[] = [...(JSON.parse(stored) as { effects: Effect[] }).effects];
    for (const m of moves) {
      const state = JSON.parse(stored).state as RunState;
      const input = roundTrip(m.input(state));
      const now = m.at(state);
      const next = step(freshEngine(), state, input, envAt(now));
      stored = JSON.stringify(next);
      outbox.push(...roundTrip(next.effects));
      // the same input delivered again (a scheduler or webhook retry) changes nothing
      const replay = step(freshEngine(), JSON.parse(stored).state as RunState, input, envAt(now + 1000));
      expect(replay.effects).toEqual([]);
      expect(replay.ignored).toBeDefined();
      expect(JSON.stringify(replay.state)).toBe(JSON.stringify(JSON.parse(stored).state));
    }
    expect(JSON.parse(stored).state).toEqual(roundTrip(ref.state));
    expect(outbox).toEqual(roundTrip(ref.effects));
    const keys = outbox.map(effectKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(scenarios)('$name: a transition lost in a crash and run again yields the same state and effect keys', ({ tier, moves }) => {
    const ref = reference(tier, moves);
    const performed = new Map<string, number>();
    const perform = (effects: readonly Effect[]) => {
      for (const e of effects) {
        const key = effectKey(e);
        if (!performed.has(key)) performed.set(key, 0);
        performed.set(key, performed.get(key)! + 1);
      }
    };
    let state = roundTrip(startRun(freshEngine(), startFor(tier), envAt(T0))).state;
    for (const m of [undefined, ...moves]) {
      if (!m) {
        const lost = startRun(freshEngine(), startFor(tier), envAt(T0)); // effects performed, state never saved
        const again = startRun(freshEngine(), startFor(tier), envAt(T0));
        expect(roundTrip(again)).toEqual(roundTrip(lost));
        perform(lost.effects);
        perform(again.effects);
        continue;
      }
      const input = m.input(state);
      const lost = step(freshEngine(), state, input, envAt(m.at(state)));
      const again = step(freshEngine(), roundTrip(state), roundTrip(input), envAt(m.at(state)));
      expect(roundTrip(again)).toEqual(roundTrip(lost));
      perform(lost.effects);
      perform(again.effects);
      state = roundTrip(again.state);
    }
    expect(state).toEqual(roundTrip(ref.state));
    // a host that dedupes by key performs each effect once: the distinct keys are exactly the reference's
    expect([...performed.keys()].sort()).toEqual(ref.effects.map(effectKey).sort());
  });

  it('keeps a late completion of the expired owner task out of the run', () => {
    const compiled = freshEngine();
    const first = startRun(compiled, startFor('B'), envAt(T0));
    const ownerTask = first.state.waits[0]!.taskId!;
    const overdue = step(compiled, roundTrip(first.state), { type: 'timer', waitId: first.state.waits[0]!.id }, envAt(T0 + 24 * HOUR));
    expect(overdue.effects[0]).toEqual({ type: 'task.cancel', taskId: ownerTask, runId: 'run-B', reason: 'expired' });
    const late = step(compiled, roundTrip(overdue.state), { type: 'task', taskId: ownerTask, outcome: 'done' }, envAt(T0 + 25 * HOUR));
    expect(late.ignored).toBe('no_such_task');
    expect(late.state.cursor).toEqual(['escalate']);
  });
});

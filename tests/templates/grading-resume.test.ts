/**
 * Issue 3's resume test on the real thing: the built-in `customer-grading` template
 * (templates/customer-grading.json), on records made by the real forms engine from the
 * built-in `customer-registration` form. Every path a run can take — each tier, the
 * owner's follow-up done in time, the SLA timer firing and the branch admin taking over,
 * a late completion of the expired task, a cancel at every wait — is enumerated from the
 * run itself, not listed by hand. Each path is then driven as a host would after a crash
 * at every point: state and effects stored as JSON after each transition, the definition
 * read back from storage and compiled by a fresh engine, every input delivered twice, and
 * every transition run again as if its result had been lost. It must always reach the
 * same end state and the same outbox as an uninterrupted run, with no effect doubled.
 */
import { describe, expect, it } from 'vitest';
import { compileWorkflow, startRun, step, type Effect, type RunInput, type RunState, type StartInput, type StepResult } from '@branchline/runtime';
import { CUSTOMER_GRADING, CUSTOMER_REGISTRATION } from '@branchline/templates';
import type { FormDefinition, WorkflowDefinition } from '@branchline/schemas';
import { envAt, HOUR, MINUTE, recordOf, T0 } from './kit';

const roundTrip = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
/** Storage holds text only: what a fresh engine starts from. */
const STORED_WORKFLOW = JSON.stringify(CUSTOMER_GRADING.definition);
const STORED_FORM = JSON.stringify(CUSTOMER_REGISTRATION.definition);
const freshEngine = () => compileWorkflow(JSON.parse(STORED_WORKFLOW) as WorkflowDefinition, { form: JSON.parse(STORED_FORM) as FormDefinition });

const TIERS = {
  S: { arr: 800000, usage_rate: 95, arr_growth: 10 },
  A: { arr: 150000, usage_rate: 60, arr_growth: 3 },
  B: { arr: 50000, usage_rate: 30, arr_growth: -2 },
} as const;
type Tier = keyof typeof TIERS;

const startFor = (tier: Tier): StartInput => {
  const record = recordOf(CUSTOMER_REGISTRATION, {
    company_name: '杭州青禾软件有限公司', credit_code: '91330100MA2B8K8L3B', region: 'east', industry: 'technology',
    contact_name: '陈静', contact_phone: '+86 137 0000 2222', contact_email: 'chen.jing@qinghe.example.com', data_source: 'website',
    privacy_consent: true, privacy_policy_version: '2026-01', ...TIERS[tier],
  });
  return { type: 'start', version: 1, orgId: 'org-hz', runId: `run-${tier}`, recordId: `rec-${tier}`, ownerId: 'u-owner', record };
};

/** One thing that can happen to a waiting run, with when it happens. */
interface Move {
  readonly name: string;
  readonly at: number;
  readonly input: RunInput;
}

/**
 * What can happen to `state` next: the awaited task is completed (within its deadline),
 * its timer fires (at its due time), the task of an earlier, expired wait is completed
 * late, or the run is cancelled.
 */
function movesFrom(state: RunState, expired: readonly string[]): Move[] {
  if (state.status !== 'waiting') return [];
  const wait = state.waits[0]!;
  const moves: Move[] = [];
  if (wait.taskId) moves.push({ name: `${wait.nodeId}:done`, at: wait.dueAt !== undefined ? wait.dueAt - MINUTE : state.updatedAt + 2 * HOUR, input: { type: 'task', taskId: wait.taskId, outcome: 'done', by: 'u-someone' } });
  if (wait.dueAt !== undefined) moves.push({ name: `${wait.nodeId}:timer`, at: wait.dueAt, input: { type: 'timer', waitId: wait.id } });
  for (const taskId of expired) moves.push({ name: `late:${taskId}`, at: state.updatedAt + 10 * MINUTE, input: { type: 'task', taskId, outcome: 'done', by: 'u-owner' } });
  moves.push({ name: `${wait.nodeId}:cancel`, at: state.updatedAt + 5 * MINUTE, input: { type: 'cancel', reason: 'duplicate customer', by: 'u-admin' } });
  return moves;
}

/** Every path from start to an end, found by running the workflow (depth-first). */
function allPaths(tier: Tier): Move[][] {
  const paths: Move[][] = [];
  const walk = (state: RunState, expired: string[], path: Move[]) => {
    const moves = movesFrom(state, expired);
    if (moves.length === 0) return void paths.push(path);
    for (const m of moves) {
      const r = step(freshEngine(), state, m.input, envAt(m.at));
      if (r.ignored) {
        // a late completion changes nothing; one such move per path is enough
        if (!path.some((p) => p.name === m.name)) walk(r.state, expired.filter((t) => `late:${t}` !== m.name), [...path, m]);
        continue;
      }
      const nowExpired = r.effects.flatMap((e) => (e.type === 'task.cancel' && e.reason === 'expired' ? [e.taskId] : []));
      walk(r.state, [...expired, ...nowExpired], [...path, m]);
    }
  };
  walk(startRun(freshEngine(), startFor(tier), envAt(T0)).state, [], []);
  return paths;
}

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

/** The uninterrupted reference: one engine, objects kept in memory. */
function reference(tier: Tier, path: readonly Move[]) {
  const engine = freshEngine();
  let r = startRun(engine, startFor(tier), envAt(T0));
  const effects = [...r.effects];
  for (const m of path) {
    r = step(engine, r.state, m.input, envAt(m.at));
    effects.push(...r.effects);
  }
  return { state: r.state, effects };
}

const cases = (Object.keys(TIERS) as Tier[]).flatMap((tier) => allPaths(tier).map((path) => ({ tier, path, name: `${tier}: ${['start', ...path.map((m) => m.name)].join(' → ')}` })));

describe('customer-grading (built-in template) stopped after every transition', () => {
  it('the enumeration reaches every ending: followed up, escalated, cancelled at each wait', () => {
    for (const tier of Object.keys(TIERS) as Tier[]) {
      const endings = cases.filter((c) => c.tier === tier).map((c) => { const s = reference(tier, c.path).state; return `${s.status}:${s.outcome ?? s.trace.at(-1)?.nodeId}`; });
      expect(new Set(endings), tier).toEqual(new Set(['completed:followed_up', 'completed:escalated', `cancelled:follow_${tier.toLowerCase()}`, 'cancelled:escalate']));
    }
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });

  it.each(cases)('$name: the reference run has one effect per key and the tier\'s deadline', ({ tier, path }) => {
    const { state, effects } = reference(tier, path);
    expect(['completed', 'cancelled']).toContain(state.status);
    expect(new Set(effects.map(effectKey)).size).toBe(effects.length);
    const first = effects.find((e) => e.type === 'task.create');
    expect(first).toMatchObject({ assignee: { userId: 'u-owner' }, dueAt: T0 + { S: 1, A: 4, B: 24 }[tier] * HOUR, facts: { tier } });
  });

  it.each(cases)('$name: resumed from JSON by a fresh engine after each transition, inputs delivered twice → same end, same outbox', ({ tier, path }) => {
    const ref = reference(tier, path);
    let stored = JSON.stringify(startRun(freshEngine(), startFor(tier), envAt(T0)));
    const outbox: Effect[] = [...(JSON.parse(stored) as StepResult).effects];
    for (const m of path) {
      const state = (JSON.parse(stored) as StepResult).state;
      const next = step(freshEngine(), state, roundTrip(m.input), envAt(m.at));
      stored = JSON.stringify(next);
      outbox.push(...roundTrip(next.effects));
      // a scheduler or webhook retry delivers the same input again: nothing changes, nothing is emitted
      const replay = step(freshEngine(), (JSON.parse(stored) as StepResult).state, roundTrip(m.input), envAt(m.at + 1000));
      expect(replay.effects).toEqual([]);
      expect(replay.ignored).toBeDefined();
      expect(JSON.stringify(replay.state)).toBe(JSON.stringify((JSON.parse(stored) as StepResult).state));
    }
    expect((JSON.parse(stored) as StepResult).state).toEqual(roundTrip(ref.state));
    expect(outbox).toEqual(roundTrip(ref.effects));
  });

  it.each(cases)('$name: every transition lost in a crash and run again → identical result; a host deduping by key performs each effect once', ({ tier, path }) => {
    const ref = reference(tier, path);
    const performed = new Set<string>(); // the outbox keeps the first of a key and drops a repeat
    const host = (effects: readonly Effect[]) => {
      for (const e of effects) performed.add(effectKey(e));
    };
    const lost = startRun(freshEngine(), startFor(tier), envAt(T0));
    const again = startRun(freshEngine(), startFor(tier), envAt(T0));
    expect(roundTrip(again)).toEqual(roundTrip(lost));
    host(lost.effects);
    host(again.effects);
    let state = roundTrip(again.state);
    for (const m of path) {
      const first = step(freshEngine(), roundTrip(state), roundTrip(m.input), envAt(m.at));
      const redo = step(freshEngine(), roundTrip(state), roundTrip(m.input), envAt(m.at));
      expect(roundTrip(redo)).toEqual(roundTrip(first));
      host(first.effects);
      host(redo.effects);
      state = roundTrip(redo.state);
    }
    expect(state).toEqual(roundTrip(ref.state));
    expect([...performed.keys()].sort()).toEqual(ref.effects.map(effectKey).sort());
  });
});

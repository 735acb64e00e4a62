/**
 * The working copy of one transition. A transition never mutates the state it was
 * given: it copies the top level and the arrays it appends to once, and copies
 * `record`, `vars`, `visits` and `arms` only when it first writes them (structural
 * sharing), so an unchanged part of the state is the same object before and after.
 */
import type { Problem } from '@branchline/schemas';
import type { CompiledNode, CompiledSlot, CompiledWorkflow } from './compile';
import { runProblems } from './problems';
import type { Effect, JsonObject, RunEnv, RunState, TraceEntry, Wait } from './types';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
export type WorkingRun = Mutable<Omit<RunState, 'trace' | 'waits' | 'cursor'>> & { trace: TraceEntry[]; waits: Wait[]; cursor: string[] };

/** The variables expressions see. Owned by the transition, so it is updated in place. */
export interface ExprScope {
  record: JsonObject;
  vars: JsonObject;
  event: JsonObject | null;
  org: JsonObject;
  now: string;
}

export interface Ctx {
  readonly cw: CompiledWorkflow;
  readonly env: RunEnv;
  readonly run: WorkingRun;
  readonly effects: Effect[];
  readonly scope: ExprScope;
  /** Node executions left before the run is failed as a busy loop. */
  budget: number;
  owned: { record: boolean; vars: boolean; visits: boolean; arms: boolean };
}

/** Node executions allowed in one transition; a loop without a wait is cut off here. */
export const STEP_LIMIT = 10_000;

/**
 * Open a transition on `state`. `fresh` is for a state the caller has just built
 * (startRun): its arrays, record and vars are already private, so nothing is copied.
 */
export function openCtx(cw: CompiledWorkflow, state: RunState, env: RunEnv, fresh = false): Ctx {
  const run: WorkingRun = fresh
    ? (state as WorkingRun)
    : { ...state, trace: state.trace.slice(), waits: state.waits.slice(), cursor: state.cursor.slice(), updatedAt: env.now };
  const scope: ExprScope = { record: run.record, vars: run.vars, event: run.event, org: run.org, now: isoOf(env.now) };
  return { cw, env, run, effects: [], scope, budget: STEP_LIMIT, owned: { record: fresh, vars: fresh, visits: fresh, arms: fresh } };
}

let lastNow = Number.NaN;
let lastIso = '';
/** `now` as an ISO date-time, remembered for the last instant (runs in a batch share a clock reading). */
function isoOf(now: number): string {
  if (now !== lastNow) {
    lastIso = new Date(now).toISOString();
    lastNow = now;
  }
  return lastIso;
}

export function closeCtx(ctx: Ctx): { state: RunState; effects: Effect[] } {
  return { state: ctx.run, effects: ctx.effects };
}

/* ------------------------------------------------------------------ writes */

export function setRecordField(ctx: Ctx, key: string, value: unknown): void {
  if (!ctx.owned.record) {
    ctx.run.record = { ...ctx.run.record };
    ctx.owned.record = true;
  }
  ctx.run.record[key] = value;
  ctx.scope.record = ctx.run.record;
}

export function setVar(ctx: Ctx, key: string, value: unknown): void {
  if (!ctx.owned.vars) {
    ctx.run.vars = { ...ctx.run.vars };
    ctx.owned.vars = true;
  }
  ctx.run.vars[key] = value;
  ctx.scope.vars = ctx.run.vars;
}

/** Count an entry into a node; returns the visit number (1 for the first). */
export function enter(ctx: Ctx, nodeId: string): number {
  if (!ctx.owned.visits) {
    ctx.run.visits = { ...ctx.run.visits };
    ctx.owned.visits = true;
  }
  const visit = ((ctx.run.visits as Record<string, number>)[nodeId] ?? 0) + 1;
  (ctx.run.visits as Record<string, number>)[nodeId] = visit;
  return visit;
}

export function recordArm(ctx: Ctx, nodeId: string, arm: string, control: boolean): void {
  if (!ctx.owned.arms) {
    ctx.run.arms = { ...ctx.run.arms };
    ctx.owned.arms = true;
  }
  (ctx.run.arms as Record<string, { arm: string; control: boolean }>)[nodeId] = { arm, control };
}

export function setEvent(ctx: Ctx, event: JsonObject | null): void {
  ctx.run.event = event;
  ctx.scope.event = event;
}

/* ------------------------------------------------------------------- trace */

type TraceDraft = Omit<TraceEntry, 'seq' | 'at' | 'nodeId' | 'kind'>;

export function trace(ctx: Ctx, cn: CompiledNode, draft: TraceDraft): void {
  const t = ctx.run.trace;
  const entry: Mutable<TraceEntry> = { seq: t.length, at: ctx.env.now, nodeId: cn.node.id, kind: cn.node.kind, event: draft.event };
  if (draft.port !== undefined) entry.port = draft.port;
  if (draft.inputs !== undefined) entry.inputs = draft.inputs;
  if (draft.values !== undefined) entry.values = draft.values;
  if (draft.error !== undefined) entry.error = draft.error;
  t.push(entry);
}

/* ------------------------------------------------------------- expressions */

export type Evaluated = { ok: true; value: unknown } | { ok: false; problem: Problem };

/**
 * Evaluate the expression at `path` of a node (`sla/withinHours`, `assignee/score` …).
 * Records the values it read into `inputs` (when given); `extra` adds variables
 * (e.g. `rep`) for this call only.
 */
export function evaluate(ctx: Ctx, cn: CompiledNode, path: string, inputs?: JsonObject, extra?: JsonObject): Evaluated {
  const slot = cn.slots.get(path);
  if (!slot) return { ok: false, problem: runProblems.missingProperty(cn, `/nodes/${cn.index}/${path}`, path) };
  return evaluateSlot(ctx, cn, slot, inputs, extra);
}

/** Evaluate slot `i` of a node in evaluation order: case i of a switch, assignment i of a set, factor i of a score. */
export function evaluateAt(ctx: Ctx, cn: CompiledNode, i: number, inputs?: JsonObject): Evaluated {
  return evaluateSlot(ctx, cn, cn.list[i]!, inputs, undefined);
}

function evaluateSlot(ctx: Ctx, cn: CompiledNode, slot: CompiledSlot, inputs: JsonObject | undefined, extra: JsonObject | undefined): Evaluated {
  if (!slot.expression) return { ok: false, problem: runProblems.expressionInvalid(cn, slot.pointer, slot.problem!) };
  const vars = extra ? { ...ctx.scope, ...extra } : ctx.scope;
  if (inputs) readInputs(slot, vars, inputs);
  const result = slot.expression.evaluate(vars as unknown as Record<string, unknown>, ctx.env);
  // an ok result already has the shape of Evaluated: pass it on without a new object
  return result.ok ? (result as Evaluated) : { ok: false, problem: runProblems.expressionFailed(cn, slot.pointer, result.error) };
}

function readInputs(slot: CompiledSlot, vars: object, into: JsonObject): void {
  const { paths, inputKeys } = slot;
  for (let p = 0; p < paths.length; p++) {
    const path = paths[p]!;
    if (path[0] === 'rep') continue;
    // the first segment names a variable of our own scope object; deeper ones read user data, own keys only
    let value: unknown = (vars as JsonObject)[path[0]!];
    for (let k = 1; k < path.length && value !== undefined; k++) {
      value = value !== null && typeof value === 'object' && Object.hasOwn(value, path[k]!) ? (value as JsonObject)[path[k]!] : undefined;
    }
    into[inputKeys[p]!] = value === undefined ? null : value;
  }
}

/* ----------------------------------------------------------------- endings */

/** End the run: status, cursor, outcome/error, the `run.finished` effect. */
export function finish(ctx: Ctx, status: 'completed' | 'failed' | 'cancelled', outcome?: string, error?: Problem): void {
  const run = ctx.run;
  run.status = status;
  run.cursor = [];
  if (outcome !== undefined) run.outcome = outcome;
  if (error) run.error = error;
  ctx.effects.push({
    type: 'run.finished',
    runId: run.id,
    status,
    ...(outcome !== undefined ? { outcome } : {}),
    ...(error ? { error } : {}),
  });
}

/** Fail the run at a node with a problem, traced so the editor can show where and why. */
export function fail(ctx: Ctx, cn: CompiledNode, problem: Problem, inputs?: JsonObject): null {
  trace(ctx, cn, { event: 'error', error: problem, ...(inputs ? { inputs } : {}) });
  finish(ctx, 'failed', undefined, problem);
  return null;
}

/* --------------------------------------------------------------------- ids */

/** Ids derive from the run, the node and the visit: a replayed transition yields the same ids. */
export const ids = {
  wait: (ctx: Ctx, nodeId: string, visit: number) => `wait:${ctx.run.id}:${nodeId}:${visit}`,
  task: (ctx: Ctx, nodeId: string, visit: number) => `task:${ctx.run.id}:${nodeId}:${visit}`,
  /** `${runId}:${nodeId}` on the first visit, with `:${visit}` after, so a loop sends again. */
  effect: (ctx: Ctx, nodeId: string, visit: number) => (visit === 1 ? `${ctx.run.id}:${nodeId}` : `${ctx.run.id}:${nodeId}:${visit}`),
};

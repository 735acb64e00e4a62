/**
 * The workflow interpreter: a pure state machine over plain, serializable run state.
 *
 *   startRun(definition, start, env) → { state, effects }
 *   step(definition, state, input, env) → { state, effects }
 *
 * Each call advances the run from node to node until it must wait (task, approval,
 * wait) or ends, and returns the new state and the effects for the host to perform.
 * Neither call mutates its arguments, reads a clock or draws randomness: the same
 * inputs and env give the same result, so a host can stop after any transition,
 * persist `state`, and resume later from storage with a fresh process.
 */
import type { NodeKind, WorkflowDefinition } from '@branchline/schemas';
import { compiledOf, type CompiledNode, type CompiledWorkflow } from './compile';
import { closeCtx, fail, finish, openCtx, STEP_LIMIT, trace, type Ctx } from './context';
import { runCondition, runEnd, runScore, runSet, runSplit, runSwitch } from './nodes-flow';
import { runApproval, runHttp, runNotify, runTask, runWait } from './nodes-work';
import { runProblems } from './problems';
import { cancelRun, findWait, resumeWait } from './resume';
import type { RunEnv, RunInput, RunState, StartInput, StepResult } from './types';

type Handler = (ctx: Ctx, cn: CompiledNode) => string | null;
const HANDLERS = {
  condition: runCondition,
  switch: runSwitch,
  set: runSet,
  task: runTask,
  approval: runApproval,
  notify: runNotify,
  wait: runWait,
  http: runHttp,
  score: runScore,
  split: runSplit,
  end: runEnd,
} as unknown as Record<NodeKind, Handler>;

/**
 * Move the token from node `from` on until the run waits, ends or fails. A port with
 * no edge ends the run (completed, no outcome) — see docs/workflows.md.
 */
export function advance(ctx: Ctx, from: string): void {
  let id = from;
  for (;;) {
    const cn = ctx.cw.nodes.get(id);
    if (!cn) {
      finish(ctx, 'failed', undefined, runProblems.nodeMissing(id));
      return;
    }
    if (--ctx.budget < 0) {
      fail(ctx, cn, runProblems.stepLimit(cn, STEP_LIMIT));
      return;
    }
    const port = HANDLERS[cn.node.kind](ctx, cn);
    if (port === null) return;
    const next = cn.ports.get(port);
    if (next === undefined) {
      trace(ctx, cn, { event: 'end', port, values: { reason: 'no_edge' } });
      finish(ctx, 'completed');
      return;
    }
    id = next;
  }
}

/**
 * Start a run and advance it to its first wait or its end.
 * @example
 * const env = { now: Date.parse('2026-11-26T08:00:00Z'), newId: (p) => `${p}-1`, directory };
 * const { state, effects } = startRun(definition, { type: 'start', version: 3, orgId: 'org-sh', recordId: 'rec-9', ownerId: 'u-li', record: { tier: 'S' } }, env);
 * // state.status === 'waiting'; effects: task.create (due in 1 h), timer.schedule
 */
export function startRun(definition: WorkflowDefinition | CompiledWorkflow, input: StartInput, env: RunEnv): StepResult {
  const cw = compiledOf(definition);
  const def = cw.definition;
  const state: RunState = {
    id: input.runId ?? env.newId('run'),
    definition: { key: def.key, version: input.version },
    orgId: input.orgId,
    ...(input.recordId !== undefined ? { recordId: input.recordId } : {}),
    ...(input.ownerId !== undefined ? { ownerId: input.ownerId } : {}),
    record: { ...input.record },
    vars: input.vars ? { ...cw.varDefaults, ...input.vars } : { ...cw.varDefaults },
    event: input.event ? { ...input.event } : null,
    org: input.org ? { ...input.org } : { id: input.orgId },
    status: 'running',
    cursor: [def.start],
    waits: [],
    trace: [],
    visits: {},
    arms: {},
    startedAt: env.now,
    updatedAt: env.now,
  };
  const ctx = openCtx(cw, state, env, true);
  advance(ctx, def.start);
  return closeCtx(ctx);
}

/**
 * Apply one input to a run: a timer fired, a task completed, an external event, a
 * cancel. An input the run is not waiting for (a replay, a late event, a run that
 * has ended) changes nothing: the same state comes back with no effects and
 * `ignored` says why.
 * @example
 * const next = step(definition, stored, { type: 'timer', waitId: stored.waits[0].id }, env);
 * // a task wait whose SLA passed → the run leaves by `overdue`; effects include task.cancel (expired)
 */
export function step(definition: WorkflowDefinition | CompiledWorkflow, state: RunState, input: RunInput, env: RunEnv): StepResult {
  const cw = compiledOf(definition);
  if (cw.definition.key !== state.definition.key) {
    throw new Error(`step: run ${state.id} belongs to workflow "${state.definition.key}", not "${cw.definition.key}"`);
  }
  if (state.status !== 'waiting' && state.status !== 'running') return ignore(state, 'run_finished');
  if (input.type === 'cancel') {
    const ctx = openCtx(cw, state, env);
    cancelRun(ctx, input);
    return closeCtx(ctx);
  }
  if (state.status !== 'waiting') return ignore(state, 'run_not_waiting');
  const found = findWait(state, input);
  if (typeof found === 'string') return ignore(state, found);
  const ctx = openCtx(cw, state, env);
  const next = resumeWait(ctx, found.wait, found.port, input);
  if (next !== undefined) advance(ctx, next);
  return closeCtx(ctx);
}

const ignore = (state: RunState, reason: string): StepResult => ({ state, effects: [], ignored: reason });

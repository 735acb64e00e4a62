/**
 * How inputs end waits. A wait ends exactly once: the input that ends it removes it
 * from the state, so the same input replayed finds nothing and is ignored.
 *
 * | wait      | ended by                         | port                   | clean-up effects                   |
 * |-----------|----------------------------------|------------------------|------------------------------------|
 * | timer     | timer `id`                       | next                   | —                                  |
 * | task      | task `taskId` completed          | done                   | timer.cancel (if SLA)              |
 * | task      | timer `id` (SLA passed)          | overdue                | task.cancel (expired)              |
 * | approval  | task approved / rejected         | approved / rejected    | timer.cancel (if timeout)          |
 * | approval  | timer `id`                       | timeout                | task.cancel (expired)              |
 * | event     | event `eventType` + `key`        | next                   | event.unsubscribe, timer.cancel    |
 * | event     | timer `id`                       | timeout                | event.unsubscribe                  |
 */
import type { CompiledNode } from './compile';
import { finish, setEvent, trace, type Ctx } from './context';
import { runProblems } from './problems';
import type { CancelRun, Effect, JsonObject, RunInput, RunState, Wait } from './types';

export type Found = { wait: Wait; port: string };

/** The wait an input ends and the port the run leaves by, or why the input does not apply. */
export function findWait(state: RunState, input: Exclude<RunInput, CancelRun>): Found | string {
  if (input.type === 'timer') {
    const wait = state.waits.find((w) => w.id === input.waitId && w.dueAt !== undefined);
    if (!wait) return 'no_such_wait';
    const port = wait.kind === 'task' ? 'overdue' : wait.kind === 'timer' ? 'next' : 'timeout';
    return { wait, port };
  }
  if (input.type === 'task') {
    const wait = state.waits.find((w) => w.taskId === input.taskId);
    if (!wait) return 'no_such_task';
    if (wait.kind === 'task') return { wait, port: 'done' };
    if (input.outcome === 'done') return 'approval_needs_decision';
    return { wait, port: input.outcome };
  }
  const wait = state.waits.find((w) => w.kind === 'event' && w.eventType === input.event && w.correlationKey === input.key);
  return wait ? { wait, port: 'next' } : 'no_matching_wait';
}

/** Effects that release what a wait still holds once it ends by `input`. */
function releaseEffects(runId: string, wait: Wait, endedByTimer: boolean, reason: 'expired' | 'cancelled'): Effect[] {
  const out: Effect[] = [];
  if (wait.dueAt !== undefined && !endedByTimer) out.push({ type: 'timer.cancel', waitId: wait.id, runId });
  if (wait.taskId !== undefined && (endedByTimer || reason === 'cancelled')) out.push({ type: 'task.cancel', taskId: wait.taskId, runId, reason });
  if (wait.kind === 'event') out.push({ type: 'event.unsubscribe', waitId: wait.id, runId, eventType: wait.eventType!, correlationKey: wait.correlationKey! });
  return out;
}

function resumeDetails(input: Exclude<RunInput, CancelRun>): { values: JsonObject; event?: JsonObject } {
  if (input.type === 'timer') return { values: { waitId: input.waitId } };
  if (input.type === 'task') {
    const event: JsonObject = { type: 'task.completed', taskId: input.taskId, outcome: input.outcome, data: input.data ?? {}, ...(input.by ? { by: input.by } : {}) };
    return { values: { taskId: input.taskId, outcome: input.outcome, ...(input.by ? { by: input.by } : {}) }, event };
  }
  const event: JsonObject = { type: input.event, key: input.key, data: input.data ?? {} };
  return { values: { eventType: input.event, key: input.key }, event };
}

/**
 * End `wait` and trace the resume. Returns the id of the node to continue at, or
 * `undefined` when the run ended because the port has no edge.
 */
export function resumeWait(ctx: Ctx, wait: Wait, port: string, input: Exclude<RunInput, CancelRun>): string | undefined {
  const run = ctx.run;
  run.waits = run.waits.filter((w) => w.id !== wait.id);
  ctx.effects.push(...releaseEffects(run.id, wait, input.type === 'timer', 'expired'));
  run.status = 'running';
  const { values, event } = resumeDetails(input);
  if (event) setEvent(ctx, event);
  const cn = ctx.cw.nodes.get(wait.nodeId);
  if (!cn) {
    finish(ctx, 'failed', undefined, runProblems.nodeMissing(wait.nodeId));
    return undefined;
  }
  trace(ctx, cn, { event: 'resumed', port, values });
  const next = cn.ports.get(port);
  if (next === undefined) {
    trace(ctx, cn, { event: 'end', port, values: { reason: 'no_edge' } });
    finish(ctx, 'completed');
  }
  return next;
}

/** Cancel the run: release every wait (timers, tasks, subscriptions) and finish as cancelled. */
export function cancelRun(ctx: Ctx, input: CancelRun): void {
  const run = ctx.run;
  for (const wait of run.waits) ctx.effects.push(...releaseEffects(run.id, wait, false, 'cancelled'));
  run.waits = [];
  const at: CompiledNode | undefined = run.cursor[0] !== undefined ? ctx.cw.nodes.get(run.cursor[0]) : undefined;
  if (at) trace(ctx, at, { event: 'cancelled', values: { ...(input.reason ? { reason: input.reason } : {}), ...(input.by ? { by: input.by } : {}) } });
  finish(ctx, 'cancelled');
}

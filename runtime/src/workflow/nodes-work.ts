/**
 * Nodes that hand work to people or to the outside world: task, approval, notify,
 * http and wait. Everything they do leaves as an Effect; the ones that wait record
 * a {@link Wait} and stop the transition.
 */
import type { NodeOfKind } from '@branchline/schemas';
import { resolveAssignee } from './assign';
import type { CompiledNode } from './compile';
import { enter, evaluate, fail, ids, trace, type Ctx } from './context';
import { hoursToMs, parseDuration } from './duration';
import { runProblems } from './problems';
import type { JsonObject, RetryPolicy, Wait } from './types';

type Of<K extends CompiledNode['node']['kind']> = CompiledNode & { node: NodeOfKind<K> };
type Due = { ok: true; dueAt?: number } | { ok: false };

/** Retries when a node gives no policy; the host's outbox doubles the back-off after each failure. */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, backoffMs: 30_000 };

/** Record a wait, schedule its timer, and stop the transition with the run waiting at this node. */
function waitHere(ctx: Ctx, cn: CompiledNode, wait: Wait, inputs: JsonObject, values: JsonObject): null {
  ctx.run.waits.push(wait);
  if (wait.dueAt !== undefined) ctx.effects.push({ type: 'timer.schedule', waitId: wait.id, runId: ctx.run.id, dueAt: wait.dueAt });
  ctx.run.status = 'waiting';
  ctx.run.cursor = [cn.node.id];
  trace(ctx, cn, { event: 'wait', inputs, values: { waitId: wait.id, ...values } });
  return null;
}

function afterDuration(ctx: Ctx, cn: CompiledNode, duration: string | undefined, path: string): Due {
  if (duration === undefined) return { ok: true };
  const ms = parseDuration(duration);
  if (ms === undefined) return failed(ctx, cn, runProblems.badDuration(cn, `/nodes/${cn.index}/${path}`, duration));
  return { ok: true, dueAt: ctx.env.now + ms };
}

function failed(ctx: Ctx, cn: CompiledNode, problem: Parameters<typeof fail>[2], inputs?: JsonObject): { ok: false } {
  fail(ctx, cn, problem, inputs);
  return { ok: false };
}

function slaDue(ctx: Ctx, cn: Of<'task'>, inputs: JsonObject): Due {
  const sla = cn.node.sla;
  if (!sla) return { ok: true };
  if (sla.within !== undefined) return afterDuration(ctx, cn, sla.within, 'sla/within');
  const result = evaluate(ctx, cn, 'sla/withinHours', inputs);
  if (!result.ok) return failed(ctx, cn, result.problem, inputs);
  const ms = hoursToMs(result.value);
  if (ms === undefined) return failed(ctx, cn, runProblems.wrongType(cn, `/nodes/${cn.index}/sla/withinHours`, 'a number of hours (0 or more)', '小时数（不小于 0）', result.value), inputs);
  return { ok: true, dueAt: ctx.env.now + ms };
}

function facts(ctx: Ctx, keys: readonly string[] | undefined): JsonObject {
  const out: JsonObject = {};
  for (const key of keys ?? []) out[key] = Object.prototype.hasOwnProperty.call(ctx.run.record, key) ? ctx.run.record[key] : null;
  return out;
}

/**
 * Create a task; with `wait` (the default) the run waits for `done`, or for `overdue`
 * when the SLA passes and the node has an `overdue` edge.
 */
export function runTask(ctx: Ctx, cn: Of<'task'>): string | null {
  const node = cn.node;
  const visit = enter(ctx, node.id);
  const inputs: JsonObject = {};
  const who = resolveAssignee(ctx, cn, node.assignee, 'assignee', inputs);
  if (!who.ok) return fail(ctx, cn, who.problem, inputs);
  const due = slaDue(ctx, cn, inputs);
  if (!due.ok) return null;
  const run = ctx.run;
  const taskId = ids.task(ctx, node.id, visit);
  ctx.effects.push({
    type: 'task.create', taskId, runId: run.id, nodeId: node.id, orgId: run.orgId,
    ...(run.recordId !== undefined ? { recordId: run.recordId } : {}),
    kind: 'task', assignee: who.assignee, title: node.name,
    ...(node.instructions ? { instructions: node.instructions } : {}),
    ...(due.dueAt !== undefined ? { dueAt: due.dueAt } : {}),
    facts: facts(ctx, node.facts),
  });
  const values: JsonObject = { taskId, assignee: who.assignee, ...who.values, ...(due.dueAt !== undefined ? { dueAt: due.dueAt } : {}) };
  if (node.wait === false) {
    trace(ctx, cn, { event: 'entered', port: 'done', inputs, values });
    return 'done';
  }
  // An SLA without an `overdue` edge is a deadline shown on the task, not a timer.
  const timed = due.dueAt !== undefined && cn.ports.has('overdue');
  const wait: Wait = { id: ids.wait(ctx, node.id, visit), kind: 'task', nodeId: node.id, taskId, ...(timed ? { dueAt: due.dueAt } : {}) };
  return waitHere(ctx, cn, wait, inputs, values);
}

/** Ask for a decision: ports `approved`, `rejected`, and `timeout` when the node has one. */
export function runApproval(ctx: Ctx, cn: Of<'approval'>): string | null {
  const node = cn.node;
  const visit = enter(ctx, node.id);
  const inputs: JsonObject = {};
  const who = resolveAssignee(ctx, cn, node.approver, 'approver', inputs);
  if (!who.ok) return fail(ctx, cn, who.problem, inputs);
  const due = afterDuration(ctx, cn, node.timeout, 'timeout');
  if (!due.ok) return null;
  const run = ctx.run;
  const taskId = ids.task(ctx, node.id, visit);
  ctx.effects.push({
    type: 'task.create', taskId, runId: run.id, nodeId: node.id, orgId: run.orgId,
    ...(run.recordId !== undefined ? { recordId: run.recordId } : {}),
    kind: 'approval', assignee: who.assignee, title: node.name,
    ...(node.instructions ? { instructions: node.instructions } : {}),
    ...(due.dueAt !== undefined ? { dueAt: due.dueAt } : {}),
    facts: { ...run.record },
  });
  const wait: Wait = { id: ids.wait(ctx, node.id, visit), kind: 'approval', nodeId: node.id, taskId, ...(due.dueAt !== undefined ? { dueAt: due.dueAt } : {}) };
  return waitHere(ctx, cn, wait, inputs, { taskId, assignee: who.assignee, ...who.values, ...(due.dueAt !== undefined ? { dueAt: due.dueAt } : {}) });
}

/** A message through the outbox; delivered at most once per idempotency key. */
export function runNotify(ctx: Ctx, cn: Of<'notify'>): string | null {
  const node = cn.node;
  const visit = enter(ctx, node.id);
  const inputs: JsonObject = {};
  const who = resolveAssignee(ctx, cn, node.to, 'to', inputs);
  if (!who.ok) return fail(ctx, cn, who.problem, inputs);
  const run = ctx.run;
  const idempotencyKey = ids.effect(ctx, node.id, visit);
  ctx.effects.push({
    type: 'outbox', idempotencyKey, runId: run.id, nodeId: node.id, channel: node.channel,
    payload: {
      to: who.assignee, message: node.message, orgId: run.orgId,
      ...(node.subject ? { subject: node.subject } : {}),
      ...(run.recordId !== undefined ? { recordId: run.recordId } : {}),
    },
    retry: DEFAULT_RETRY,
  });
  trace(ctx, cn, { event: 'entered', port: 'next', inputs, values: { idempotencyKey, to: who.assignee, ...who.values } });
  return 'next';
}

/** An HTTP call through the outbox: the host's executor retries with back-off; the run goes on at once. */
export function runHttp(ctx: Ctx, cn: Of<'http'>): string | null {
  const node = cn.node;
  const visit = enter(ctx, node.id);
  const inputs: JsonObject = {};
  let body: unknown = null;
  if (node.body !== undefined) {
    const result = evaluate(ctx, cn, 'body', inputs);
    if (!result.ok) return fail(ctx, cn, result.problem, inputs);
    body = result.value ?? null;
  }
  let idempotencyKey = ids.effect(ctx, node.id, visit);
  if (node.idempotencyKey !== undefined) {
    const result = evaluate(ctx, cn, 'idempotencyKey', inputs);
    if (!result.ok) return fail(ctx, cn, result.problem, inputs);
    if (typeof result.value !== 'string' || result.value === '') return fail(ctx, cn, runProblems.wrongType(cn, `/nodes/${cn.index}/idempotencyKey`, 'a non-empty text', '非空文本', result.value), inputs);
    idempotencyKey = result.value;
  }
  let retry = DEFAULT_RETRY;
  if (node.retry) {
    const backoffMs = parseDuration(node.retry.backoff);
    if (backoffMs === undefined) return fail(ctx, cn, runProblems.badDuration(cn, `/nodes/${cn.index}/retry/backoff`, node.retry.backoff), inputs);
    retry = { maxAttempts: node.retry.maxAttempts, backoffMs };
  }
  const payload: JsonObject = { method: node.method, url: node.url, headers: node.headers ?? {}, body };
  ctx.effects.push({ type: 'outbox', idempotencyKey, runId: ctx.run.id, nodeId: node.id, channel: 'http', payload, retry });
  trace(ctx, cn, { event: 'entered', port: 'next', inputs, values: { idempotencyKey, method: node.method, url: node.url } });
  return 'next';
}

/**
 * Epoch ms of a date expression's value: an ISO date / date-time text, or epoch ms.
 * @example toEpochMs('2026-12-01') // → 1796083200000 (midnight UTC)
 */
export function toEpochMs(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Wait for a duration, until a date (a past date goes straight on), or for a correlated event. */
export function runWait(ctx: Ctx, cn: Of<'wait'>): string | null {
  const node = cn.node;
  const visit = enter(ctx, node.id);
  const inputs: JsonObject = {};
  const base = { id: ids.wait(ctx, node.id, visit), nodeId: node.id };
  if (node.mode === 'duration') {
    if (node.duration === undefined) return fail(ctx, cn, runProblems.missingProperty(cn, `/nodes/${cn.index}`, 'duration'));
    const due = afterDuration(ctx, cn, node.duration, 'duration');
    return due.ok ? waitHere(ctx, cn, { ...base, kind: 'timer', dueAt: due.dueAt! }, inputs, { dueAt: due.dueAt! }) : null;
  }
  if (node.mode === 'until') {
    if (node.until === undefined) return fail(ctx, cn, runProblems.missingProperty(cn, `/nodes/${cn.index}`, 'until'));
    const result = evaluate(ctx, cn, 'until', inputs);
    if (!result.ok) return fail(ctx, cn, result.problem, inputs);
    const dueAt = toEpochMs(result.value);
    if (dueAt === undefined) return fail(ctx, cn, runProblems.wrongType(cn, `/nodes/${cn.index}/until`, 'a date or date-time', '日期或日期时间', result.value), inputs);
    if (dueAt <= ctx.env.now) {
      trace(ctx, cn, { event: 'entered', port: 'next', inputs, values: { dueAt, passed: true } });
      return 'next';
    }
    return waitHere(ctx, cn, { ...base, kind: 'timer', dueAt }, inputs, { dueAt });
  }
  return waitForEvent(ctx, cn, base, inputs);
}

function waitForEvent(ctx: Ctx, cn: Of<'wait'>, base: { id: string; nodeId: string }, inputs: JsonObject): null {
  const node = cn.node;
  if (node.event === undefined) return fail(ctx, cn, runProblems.missingProperty(cn, `/nodes/${cn.index}`, 'event'));
  if (node.correlation === undefined) return fail(ctx, cn, runProblems.missingProperty(cn, `/nodes/${cn.index}`, 'correlation'));
  const result = evaluate(ctx, cn, 'correlation', inputs);
  if (!result.ok) return fail(ctx, cn, result.problem, inputs);
  const key = result.value;
  if ((typeof key !== 'string' || key === '') && (typeof key !== 'number' || !Number.isFinite(key))) {
    return fail(ctx, cn, runProblems.wrongType(cn, `/nodes/${cn.index}/correlation`, 'a text or number to match events by', '用于匹配事件的文本或数字', key), inputs);
  }
  const due = afterDuration(ctx, cn, node.timeout, 'timeout');
  if (!due.ok) return null;
  const correlationKey = String(key);
  ctx.effects.push({ type: 'event.subscribe', waitId: base.id, runId: ctx.run.id, eventType: node.event, correlationKey });
  const wait: Wait = { ...base, kind: 'event', eventType: node.event, correlationKey, ...(due.dueAt !== undefined ? { dueAt: due.dueAt } : {}) };
  return waitHere(ctx, cn, wait, inputs, { eventType: node.event, correlationKey, ...(due.dueAt !== undefined ? { dueAt: due.dueAt } : {}) });
}

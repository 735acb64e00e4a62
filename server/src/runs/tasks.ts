/**
 * Tasks in people's inboxes: listing (scoped to the caller's orgs, ordered by due
 * time) and completing one, which resumes its run in the same write job.
 *
 * Who may complete a task: its assignee; for a role's queue, a user of that role in
 * the task's org; a branch admin of the task's branch; an HQ admin (policy/tasks.ts).
 * Everyone else gets 403 — and a task in an org the caller cannot see is 404: reads and
 * the completion go through `svc.tasks`, which filters by the caller's orgs (issue 5).
 */
import type { CompleteTaskRequest, TaskItem, TaskListQuery } from '@branchline/schemas';
import { AppError } from '../errors/app-error';
import { iso } from '../ids';
import type { RequestContext } from '../policy/context';
import { mayComplete } from '../policy/tasks';
import type { TaskRow } from '../repos/tasks';
import type { Services } from '../services';
import type { RunEngine } from './engine';

const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

export function toTaskItem(r: TaskRow, now: number): TaskItem {
  const item: TaskItem = {
    id: r.id,
    orgId: r.orgId,
    runId: r.runId,
    nodeId: r.nodeId,
    recordId: r.recordId,
    kind: r.kind as TaskItem['kind'],
    title: json(r.title),
    facts: json(r.facts) ?? {},
    assigneeId: r.assigneeId,
    assigneeRole: r.assigneeRole,
    status: r.status as TaskItem['status'],
    dueAt: r.dueAt === null ? null : iso(r.dueAt),
    overdue: r.status === 'open' && r.dueAt !== null && r.dueAt < now,
    createdAt: iso(r.createdAt),
    completedAt: r.completedAt === null ? null : iso(r.completedAt),
    completedBy: r.completedBy,
    outcome: r.outcome,
    data: json(r.data),
  };
  const instructions = json<TaskItem['instructions'] | null>(r.instructions);
  if (instructions) item.instructions = instructions;
  return item;
}

export function listTasks(svc: Services, ctx: RequestContext, q: TaskListQuery): { items: TaskItem[]; nextCursor?: string } {
  const { rows, nextCursor } = svc.tasks.list(ctx, q);
  const now = svc.clock();
  const items = rows.map((r) => toTaskItem(r, now));
  return nextCursor ? { items, nextCursor } : { items };
}

export function getTask(svc: Services, ctx: RequestContext, id: string): TaskRow | undefined {
  return svc.tasks.get(ctx, id);
}

const outcomeProblem = (kind: string) =>
  kind === 'approval'
    ? { pointer: '/outcome', code: 'approval_needs_decision', message: { en: 'An approval is completed with "approved" or "rejected".', 'zh-CN': '审批任务须以 "approved" 或 "rejected" 完成。' } }
    : { pointer: '/outcome', code: 'task_needs_done', message: { en: 'A task is completed with "done".', 'zh-CN': '普通任务须以 "done" 完成。' } };

/** Complete a task and resume its run (inside a write job). */
export function completeTaskJob(svc: Services, engine: RunEngine, ctx: RequestContext, id: string, body: CompleteTaskRequest): TaskRow {
  const task = getTask(svc, ctx, id);
  if (!task) throw new AppError('task_not_found');
  if (!mayComplete(ctx, task)) throw new AppError('not_assignee');
  if (task.status !== 'open') throw new AppError('task_not_open', { detail: `The task is ${task.status}.` });
  const fits = task.kind === 'approval' ? body.outcome !== 'done' : body.outcome === 'done';
  if (!fits) throw new AppError('validation_failed', { problems: [outcomeProblem(task.kind)] });
  const now = svc.clock();
  svc.tasks.complete(ctx, id, { status: body.outcome, outcome: body.outcome, completedAt: now, completedBy: ctx.user.id, data: body.data ?? null });
  if (task.runId) engine.stepJob(task.runId, { type: 'task', taskId: id, outcome: body.outcome, ...(body.data ? { data: body.data } : {}), by: ctx.user.id }, now);
  svc.auditAs(ctx, { orgId: task.orgId, action: 'task.complete', entity: 'task', entityId: id, diff: { before: { status: 'open' }, after: { status: body.outcome, ...(body.data ? { data: body.data } : {}) }, runId: task.runId, recordId: task.recordId } });
  return svc.tasks.get(ctx, id)!;
}

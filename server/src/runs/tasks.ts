/**
 * Tasks in people's inboxes: listing (scoped to the caller's orgs, ordered by due
 * time) and completing one, which resumes its run in the same write job.
 *
 * Who may complete a task: its assignee; for a role's queue, a user of that role in
 * the task's org; a branch admin of the task's branch; an HQ admin. Everyone else
 * gets 403 — and a task in an org the caller cannot see is 404.
 */
import { and, asc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { CompleteTaskRequest, TaskItem, TaskListQuery } from '@branchline/schemas';
import { tasks } from '../db/schema';
import { AppError } from '../errors/app-error';
import { iso } from '../ids';
import { canSeeOrg, type RequestContext } from '../policy/context';
import type { Services } from '../services';
import type { RunEngine } from './engine';
import type { TaskRow } from './store';

/** Open tasks without a due time sort last. */
const NO_DUE = 8_640_000_000_000_000;
const dueKey = sql<number>`coalesce(${tasks.dueAt}, ${NO_DUE})`;

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

const encodeCursor = (r: TaskRow) => `${(r.dueAt ?? NO_DUE).toString(36)}_${r.id}`;
function decodeCursor(c: string): { due: number; id: string } {
  const i = c.indexOf('_');
  const due = Number.parseInt(c.slice(0, i), 36);
  if (i <= 0 || !Number.isSafeInteger(due)) throw new AppError('bad_cursor');
  return { due, id: c.slice(i + 1) };
}

export function listTasks(svc: Services, ctx: RequestContext, q: TaskListQuery): { items: TaskItem[]; nextCursor?: string } {
  const where: SQL[] = [];
  if (!ctx.allOrgs) where.push(inArray(tasks.orgId, [...ctx.visibleOrgIds]));
  if (q.orgId) where.push(eq(tasks.orgId, q.orgId));
  if (q.assignee === 'me') {
    const mine = or(eq(tasks.assigneeId, ctx.user.id), and(isNull(tasks.assigneeId), eq(tasks.assigneeRole, ctx.user.role), eq(tasks.orgId, ctx.user.orgId)));
    where.push(mine!);
  } else if (q.assignee) where.push(eq(tasks.assigneeId, q.assignee));
  if (q.recordId) where.push(eq(tasks.recordId, q.recordId));
  if (q.runId) where.push(eq(tasks.runId, q.runId));
  if (q.status) where.push(eq(tasks.status, q.status));
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    where.push(sql`(${dueKey}, ${tasks.id}) > (${c.due}, ${c.id})`);
  }
  const limit = q.limit ?? 50;
  const rows = svc.db.select().from(tasks).where(and(...where)).orderBy(asc(dueKey), asc(tasks.id)).limit(limit + 1).all();
  const page = rows.slice(0, limit);
  const now = svc.clock();
  const items = page.map((r) => toTaskItem(r, now));
  return rows.length > limit ? { items, nextCursor: encodeCursor(page[page.length - 1]!) } : { items };
}

export function getTask(svc: Services, ctx: RequestContext, id: string): TaskRow | undefined {
  const row = svc.db.select().from(tasks).where(eq(tasks.id, id)).get();
  return row && canSeeOrg(ctx, row.orgId) ? row : undefined;
}

/** Whether `ctx` may complete `task` (the task is visible to it). */
export function mayComplete(ctx: RequestContext, task: TaskRow): boolean {
  const u = ctx.user;
  if (u.role === 'hq_admin') return true;
  if (u.role === 'branch_admin') return canSeeOrg(ctx, task.orgId);
  if (task.assigneeId !== null) return task.assigneeId === u.id;
  return task.assigneeRole === u.role && task.orgId === u.orgId;
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
  svc.db
    .update(tasks)
    .set({ status: body.outcome, outcome: body.outcome, completedAt: now, completedBy: ctx.user.id, data: body.data ?? null })
    .where(and(eq(tasks.id, id), eq(tasks.status, 'open')))
    .run();
  if (task.runId) engine.stepJob(task.runId, { type: 'task', taskId: id, outcome: body.outcome, ...(body.data ? { data: body.data } : {}), by: ctx.user.id }, now);
  svc.auditAs(ctx, { orgId: task.orgId, action: 'task.complete', entity: 'task', entityId: id, diff: { before: { status: 'open' }, after: { status: body.outcome, ...(body.data ? { data: body.data } : {}) }, runId: task.runId, recordId: task.recordId } });
  return svc.db.select().from(tasks).where(eq(tasks.id, id)).get()!;
}

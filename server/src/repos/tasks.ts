/**
 * Tasks in people's inboxes, always read and completed through the caller's visible orgs:
 * a task of another branch does not exist for the caller (404). (The run engine writes
 * tasks through its own store, runs/store.ts, as part of a run's step.)
 */
import { and, asc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { TaskListQuery } from '@branchline/schemas';
import type { Db } from '../db/open';
import { tasks } from '../db/schema';
import { AppError } from '../errors/app-error';
import type { RequestContext } from '../policy/context';
import { decodeCursor, encodeCursor } from './keyset-cursor';

export type TaskRow = typeof tasks.$inferSelect;
/** What completing a task sets. */
export type TaskCompletion = Pick<typeof tasks.$inferInsert, 'status' | 'outcome' | 'completedAt' | 'completedBy' | 'data'>;

/** Open tasks without a due time sort last. */
const NO_DUE = 8_640_000_000_000_000;
const dueKey = sql<number>`coalesce(${tasks.dueAt}, ${NO_DUE})`;


const cursorOf = (r: TaskRow) => encodeCursor(r.dueAt ?? NO_DUE, r.id);

export class TaskRepo {
  constructor(private readonly db: Db) {}

  private visible(ctx: RequestContext): SQL[] {
    return ctx.allOrgs ? [] : [inArray(tasks.orgId, [...ctx.visibleOrgIds])];
  }

  /**
   * By due time (none last), then id. `assignee: 'me'`: the caller's own tasks and the open
   * queue of the caller's role in the caller's own org.
   */
  list(ctx: RequestContext, q: TaskListQuery): { rows: TaskRow[]; nextCursor?: string } {
    const where = this.visible(ctx);
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
      where.push(sql`(${dueKey}, ${tasks.id}) > (${c.at}, ${c.id})`);
    }
    const limit = q.limit ?? 50;
    const rows = this.db.select().from(tasks).where(and(...where)).orderBy(asc(dueKey), asc(tasks.id)).limit(limit + 1).all();
    const page = rows.slice(0, limit);
    return rows.length > limit ? { rows: page, nextCursor: cursorOf(page[page.length - 1]!) } : { rows: page };
  }

  get(ctx: RequestContext, id: string): TaskRow | undefined {
    return this.db.select().from(tasks).where(and(eq(tasks.id, id), ...this.visible(ctx))).get();
  }

  /**
   * Completes an open task of the caller's visible orgs (inside a write job; filtered in the WHERE).
   * A task elsewhere, or no longer open, is not changed: 404 task_not_found.
   */
  complete(ctx: RequestContext, id: string, set: TaskCompletion): TaskRow {
    const r = this.db.update(tasks).set(set).where(and(eq(tasks.id, id), eq(tasks.status, 'open'), ...this.visible(ctx))).returning().get();
    if (!r) throw new AppError('task_not_found');
    return r;
  }
}

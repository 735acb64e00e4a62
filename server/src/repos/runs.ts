/**
 * Workflow runs and the event waits they hold, always read through the caller's visible
 * orgs (filtered in the WHERE): a run of another branch does not exist for the caller (404
 * run_not_found), and an event posted by the caller resumes no run of an org it cannot see.
 * (The run engine writes runs and waits through its own store, runs/store.ts, as part of a
 * run's step.)
 */
import { and, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { RunListQuery } from '@branchline/schemas';
import type { Db } from '../db/open';
import { runs, waits } from '../db/schema';
import { AppError } from '../errors/app-error';
import type { RequestContext } from '../policy/context';
import { decodeCursor, encodeCursor } from './keyset-cursor';

export type RunRow = typeof runs.$inferSelect;


const cursorOf = (r: RunRow) => encodeCursor(r.startedAt, r.id);

export class RunRepo {
  constructor(private readonly db: Db) {}

  private visible(ctx: RequestContext, orgId: typeof runs.orgId | typeof waits.orgId): SQL[] {
    return ctx.allOrgs ? [] : [inArray(orgId, [...ctx.visibleOrgIds])];
  }

  /** Runs of the caller's visible orgs, newest first (started at, then id). */
  list(ctx: RequestContext, q: RunListQuery): { rows: RunRow[]; nextCursor?: string } {
    const where = this.visible(ctx, runs.orgId);
    if (q.orgId) where.push(eq(runs.orgId, q.orgId));
    if (q.recordId) where.push(eq(runs.recordId, q.recordId));
    if (q.definitionId) where.push(eq(runs.definitionId, q.definitionId));
    if (q.workflowKey) where.push(eq(runs.workflowKey, q.workflowKey));
    if (q.status) where.push(eq(runs.status, q.status));
    if (q.cursor) {
      const c = decodeCursor(q.cursor);
      where.push(sql`(${runs.startedAt}, ${runs.id}) < (${c.at}, ${c.id})`);
    }
    const limit = q.limit ?? 50;
    const rows = this.db.select().from(runs).where(and(...where)).orderBy(desc(runs.startedAt), desc(runs.id)).limit(limit + 1).all();
    const page = rows.slice(0, limit);
    return rows.length > limit ? { rows: page, nextCursor: cursorOf(page[page.length - 1]!) } : { rows: page };
  }

  /** A run of the caller's visible orgs; one elsewhere is undefined, like a missing id (the route answers 404 run_not_found). */
  get(ctx: RequestContext, id: string): RunRow | undefined {
    return this.db.select().from(runs).where(and(eq(runs.id, id), ...this.visible(ctx, runs.orgId))).get();
  }

  /** The ids of the runs of the caller's visible orgs waiting for event `eventType` with correlation key `key`. */
  waitingFor(ctx: RequestContext, eventType: string, key: string): string[] {
    const where = [eq(waits.eventType, eventType), eq(waits.correlationKey, key), isNull(waits.firedAt), ...this.visible(ctx, waits.orgId)];
    return this.db.select({ runId: waits.runId }).from(waits).where(and(...where)).all().map((w) => w.runId);
  }
}

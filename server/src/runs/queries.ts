/** Reading runs, always through the caller's visible orgs: a run of another branch is 404. */
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { RunDetail, RunListQuery, RunSummary } from '@branchline/schemas';
import type { RunState } from '@branchline/runtime';
import { runs } from '../db/schema';
import { AppError } from '../errors/app-error';
import { iso } from '../ids';
import { canSeeOrg, type RequestContext } from '../policy/context';
import type { Services } from '../services';
import type { RunRow } from './store';

const stateOf = (r: RunRow): RunState => (typeof r.state === 'string' ? JSON.parse(r.state) : r.state) as RunState;

function summary(r: RunRow, s: RunState): RunSummary {
  const out: RunSummary = {
    id: r.id,
    orgId: r.orgId,
    workflowKey: r.workflowKey,
    definitionId: r.definitionId,
    definitionVersion: r.definitionVersion,
    templateKey: r.templateKey,
    templateVersion: r.templateVersion,
    recordId: r.recordId,
    status: r.status as RunSummary['status'],
    arm: (r.arm as RunSummary['arm']) ?? null,
    waits: s.waits.map((w) => ({ ...w, ...(w.dueAt !== undefined ? { dueAt: iso(w.dueAt) } : {}) })) as RunSummary['waits'],
    startedAt: iso(r.startedAt),
    updatedAt: iso(r.updatedAt),
    finishedAt: r.finishedAt === null ? null : iso(r.finishedAt),
  };
  if (s.outcome !== undefined) out.outcome = s.outcome;
  if (s.error !== undefined) out.error = s.error as unknown as Record<string, unknown>;
  return out;
}

export const toRunSummary = (r: RunRow): RunSummary => summary(r, stateOf(r));

export function toRunDetail(r: RunRow): RunDetail {
  const s = stateOf(r);
  return {
    ...summary(r, s),
    trace: s.trace.map((t) => ({ ...t, at: iso(t.at) })) as RunDetail['trace'],
    vars: s.vars,
    record: s.record,
    event: s.event,
  };
}

const encodeCursor = (r: RunRow) => `${r.startedAt.toString(36)}_${r.id}`;
function decodeCursor(c: string): { at: number; id: string } {
  const i = c.indexOf('_');
  const at = Number.parseInt(c.slice(0, i), 36);
  if (i <= 0 || !Number.isSafeInteger(at)) throw new AppError('bad_cursor');
  return { at, id: c.slice(i + 1) };
}

/** Runs, newest first. */
export function listRuns(svc: Services, ctx: RequestContext, q: RunListQuery): { items: RunSummary[]; nextCursor?: string } {
  const where: SQL[] = [];
  if (!ctx.allOrgs) where.push(inArray(runs.orgId, [...ctx.visibleOrgIds]));
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
  const rows = svc.db.select().from(runs).where(and(...where)).orderBy(desc(runs.startedAt), desc(runs.id)).limit(limit + 1).all();
  const page = rows.slice(0, limit);
  const items = page.map(toRunSummary);
  return rows.length > limit ? { items, nextCursor: encodeCursor(page[page.length - 1]!) } : { items };
}

export function getRun(svc: Services, ctx: RequestContext, id: string): RunRow | undefined {
  const row = svc.db.select().from(runs).where(eq(runs.id, id)).get();
  return row && canSeeOrg(ctx, row.orgId) ? row : undefined;
}

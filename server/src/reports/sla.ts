/**
 * `GET /reports/sla`: SLA compliance of tasks with a due time, by org, task kind, period
 * of the due time and record fields (e.g. the customer's tier).
 *
 * - met: completed (done / approved / rejected) at or before its due time;
 * - missed: completed after it, expired (the run escalated it), or open and overdue now;
 * - open: open and not yet due (undecided, left out of the compliance);
 * - compliance = met / (met + missed), null while nothing is decided.
 * Cancelled tasks do not count. Tasks are read directly (joined to their records for
 * field groups): tasks are far fewer than records, and their state changes by the minute.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { ReportRow, SlaQuery, SlaResult } from '@branchline/schemas';
import { AppError } from '../errors/app-error';
import type { RequestContext } from '../policy/context';
import type { Services } from '../services';
import { orgScope, parseGroupBy, parseWindow } from './params';
import { periodOf } from './aggregate';

const ident = (name: string) => sql.raw(`"${name}"`);
const DONE = sql`t.status IN ('done', 'approved', 'rejected')`;

export function slaReport(svc: Services, ctx: RequestContext, query: SlaQuery): SlaResult {
  if (query.template && !svc.templates.latest(query.template)) throw new AppError('template_not_found');
  const shape = query.template ? svc.rollups.shape(query.template) : { dims: [], measures: [] };
  const group = parseGroupBy(query.groupBy, shape, ['kind']);
  const window = parseWindow(query.from, query.to);
  const scope = orgScope(svc, ctx, query.orgId);
  const now = svc.clock();
  const where: SQL[] = [sql`t.due_at IS NOT NULL`, sql`t.status <> 'cancelled'`];
  if (window.from !== undefined) where.push(sql`t.due_at >= ${window.from}`);
  if (window.to !== undefined) where.push(sql`t.due_at < ${window.to}`);
  if (scope.orgIds) where.push(sql`t.org_id IN (${sql.join(scope.orgIds.map((o) => sql`${o}`), sql`, `)})`);
  if (query.template) where.push(sql`r.template_key = ${query.template}`);
  if (query.workflow) where.push(sql`u.workflow_key = ${query.workflow}`);
  const day = sql`strftime('%Y-%m-%d', t.due_at / 1000, 'unixepoch')`;
  const col = (c: string): SQL => {
    if (c === 'orgId') return sql`t.org_id`;
    if (c === 'kind') return sql`t.kind`;
    if (c === group.period) return periodOf(day, group.period);
    const path = `$.${c}`;
    return sql`coalesce(r.data ->> ${path}, '')`;
  };
  const select = [
    ...group.columns.map((c) => sql`${col(c)} AS ${ident(c)}`),
    sql`count(*) AS total`,
    sql`sum(CASE WHEN ${DONE} AND t.completed_at <= t.due_at THEN 1 ELSE 0 END) AS met`,
    sql`sum(CASE WHEN (${DONE} AND t.completed_at > t.due_at) OR t.status = 'expired' OR (t.status = 'open' AND t.due_at < ${now}) THEN 1 ELSE 0 END) AS missed`,
    sql`sum(CASE WHEN t.status = 'open' AND t.due_at >= ${now} THEN 1 ELSE 0 END) AS open`,
  ];
  const groups = group.columns.map((c) => ident(c));
  const rows = svc.db.all<ReportRow>(sql`
    SELECT ${sql.join(select, sql`, `)}
      FROM tasks t LEFT JOIN records r ON r.id = t.record_id LEFT JOIN runs u ON u.id = t.run_id
     WHERE ${sql.join(where, sql` AND `)}
     ${groups.length ? sql`GROUP BY ${sql.join(groups, sql`, `)} ORDER BY ${sql.join(groups, sql`, `)}` : sql``}`);
  return {
    groupBy: group.columns,
    rows: rows
      .filter((r) => Number(r.total) > 0)
      .map((r) => {
        const decided = Number(r.met) + Number(r.missed);
        return { ...r, compliance: decided ? Number(r.met) / decided : null };
      }),
  };
}

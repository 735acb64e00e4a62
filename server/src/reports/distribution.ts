/**
 * `GET /reports/distribution`: how a numeric field (e.g. the customer health index,
 * 0–100) is spread over equal buckets between `min` and `max`. Values below `min` fall
 * in the first bucket and above `max` in the last; records without a number are left out.
 * This scans the template's records in the window (index on template, org, time), so
 * it is meant for dashboards over a branch or a period, not for the 1M-record total.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { DistributionQuery, DistributionResult, ReportRow } from '@branchline/schemas';
import { AppError } from '../errors/app-error';
import type { RequestContext } from '../policy/context';
import type { Services } from '../services';
import { invalid, orgScope, parseWindow } from './params';

export function distribution(svc: Services, ctx: RequestContext, query: DistributionQuery): DistributionResult {
  if (!svc.templates.latest(query.template)) throw new AppError('template_not_found');
  const buckets = query.buckets ?? 10;
  const min = query.min ?? 0;
  const max = query.max ?? 100;
  if (!(max > min)) throw invalid([{ pointer: '/max', code: 'max_not_above_min', message: { en: '`max` must be above `min`.', 'zh-CN': '`max` 必须大于 `min`。' }, in: 'query' }]);
  const window = parseWindow(query.from, query.to);
  const scope = orgScope(svc, ctx, query.orgId);
  const path = `$.${query.field}`;
  const where: SQL[] = [sql`template_key = ${query.template}`, sql`deleted_at IS NULL`, sql`json_type(data, ${path}) IN ('integer', 'real')`];
  if (window.from !== undefined) where.push(sql`created_at >= ${window.from}`);
  if (window.to !== undefined) where.push(sql`created_at < ${window.to}`);
  if (scope.orgIds) where.push(sql`org_id IN (${sql.join(scope.orgIds.map((o) => sql`${o}`), sql`, `)})`);
  const width = (max - min) / buckets;
  const bucket = sql`CAST(min(max(((data ->> ${path}) - ${min}) / ${width}, 0), ${buckets - 1}) AS INTEGER)`;
  const byOrg = query.groupBy === 'orgId';
  const rows = svc.db.all<{ orgId?: string; bucket: number; count: number }>(sql`
    SELECT ${byOrg ? sql`org_id AS "orgId", ` : sql``}${bucket} AS bucket, count(*) AS count
      FROM records WHERE ${sql.join(where, sql` AND `)}
     GROUP BY ${byOrg ? sql`org_id, ` : sql``}bucket ORDER BY ${byOrg ? sql`org_id, ` : sql``}bucket`);
  const out: ReportRow[] = rows.map((r) => ({
    ...(byOrg ? { orgId: r.orgId ?? null } : {}),
    bucket: r.bucket,
    from: min + r.bucket * width,
    to: r.bucket === buckets - 1 ? max : min + (r.bucket + 1) * width,
    count: r.count,
  }));
  return { field: query.field, rows: out };
}

/**
 * `GET /reports/aggregate`: counts, sums and averages of a template's records across
 * branches, grouped by org, period and reportable fields.
 *
 * It reads the per-day rollup (`record_rollups`, maintained in the same transaction as
 * every record write), so it answers over millions of records from a few thousand rows.
 * It falls back to scanning the records themselves only where the rollup cannot answer
 * exactly: a window bound that is not a UTC midnight, or grouping by two fields at once
 * (the rollup keeps one dimension per row). The result says which it used (`source`).
 *
 * Semantics shared by both paths (and proven equal in tests):
 * - a record counts in the UTC day it was created; deleted records do not count;
 * - a field value groups as its text ('' when absent; true/false/numbers as JSON text);
 * - `sum` adds numeric values only; `avg` = sum / count of records (a record without a
 *   number counts as 0).
 */
import { sql, type SQL } from 'drizzle-orm';
import type { AggregateQuery, AggregateResult, ReportRow } from '@branchline/schemas';
import { AppError } from '../errors/app-error';
import type { RequestContext } from '../policy/context';
import type { Services } from '../services';
import { DAY_MS, orgScope, parseGroupBy, parseMeasures, parseWindow, type Measure, type OrgScope, type Period, type Window } from './params';

const ident = (name: string) => sql.raw(`"${name.replace(/"/g, '')}"`);
const dayText = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The period label of a `YYYY-MM-DD` day expression: the day, its ISO week's Monday, or `YYYY-MM`. */
export function periodOf(day: SQL, period: Period): SQL {
  if (period === 'day') return day;
  if (period === 'month') return sql`substr(${day}, 1, 7)`;
  return sql`date(${day}, '-6 days', 'weekday 1')`;
}

/** A record field as the rollup stores a dimension value (see RollupRepo.apply). */
export function dimText(field: string): SQL {
  const path = `$.${field}`;
  return sql`(CASE json_type(data, ${path}) WHEN 'text' THEN data ->> ${path} WHEN 'null' THEN '' WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE coalesce(data -> ${path}, '') END)`;
}

/** A record field's numeric value, 0 when it is not a number. */
export function numeric(field: string): SQL {
  const path = `$.${field}`;
  return sql`(CASE WHEN json_type(data, ${path}) IN ('integer', 'real') THEN data ->> ${path} ELSE 0 END)`;
}

const orgFilter = (scope: OrgScope): SQL | undefined => (scope.orgIds ? sql`org_id IN (${sql.join(scope.orgIds.map((o) => sql`${o}`), sql`, `)})` : undefined);

export function aggregate(svc: Services, ctx: RequestContext, query: AggregateQuery): AggregateResult {
  if (!svc.templates.latest(query.template)) throw new AppError('template_not_found');
  const shape = svc.rollups.shape(query.template);
  const group = parseGroupBy(query.groupBy, shape);
  const measures = parseMeasures(query.measures, shape);
  const window = parseWindow(query.from, query.to);
  const scope = orgScope(svc, ctx, query.orgId);
  const useRollup = window.wholeDays && group.fields.length <= 1;
  const plan = { template: query.template, columns: group.columns, period: group.period, fields: group.fields, measures, window, scope };
  const rows = useRollup ? fromRollup(svc, plan, shape.measures) : fromScan(svc, plan);
  return { template: query.template, groupBy: group.columns, measures: measures.map((m) => m.column), source: useRollup ? 'rollup' : 'scan', rows };
}

export interface Plan {
  template: string;
  columns: string[];
  period?: Period | undefined;
  fields: string[];
  measures: Measure[];
  window: Window;
  scope: OrgScope;
}

function selectList(plan: Plan, col: (c: string) => SQL, measure: (m: Measure) => SQL): SQL {
  const parts = plan.columns.map((c) => sql`${col(c)} AS ${ident(c)}`);
  for (const m of plan.measures) parts.push(sql`${measure(m)} AS ${ident(m.column)}`);
  return sql.join(parts, sql`, `);
}

function finish(svc: Services, plan: Plan, from: SQL, where: SQL[], select: SQL, having: SQL): ReportRow[] {
  const groups = plan.columns.map((c) => ident(c));
  const query = sql`SELECT ${select} FROM ${from} WHERE ${sql.join(where, sql` AND `)}${groups.length ? sql` GROUP BY ${sql.join(groups, sql`, `)}` : sql``} HAVING ${having}${groups.length ? sql` ORDER BY ${sql.join(groups, sql`, `)}` : sql``}`;
  return svc.db.all<ReportRow>(query).map((r) => {
    for (const m of plan.measures) if (r[m.column] === null) r[m.column] = 0;
    return r;
  });
}

/** From the rollup: one dimension row set (or the totals, dim ''), days in [from, to). */
export function fromRollup(svc: Services, plan: Plan, slots: { field: string; slot: number }[]): ReportRow[] {
  const slotOf = (field: string) => `s${slots.find((s) => s.field === field)!.slot}`;
  const where: SQL[] = [sql`template_key = ${plan.template}`, sql`dim = ${plan.fields[0] ?? ''}`];
  if (plan.window.from !== undefined) where.push(sql`day >= ${dayText(plan.window.from)}`);
  if (plan.window.to !== undefined) where.push(sql`day < ${dayText(plan.window.to)}`);
  const orgs = orgFilter(plan.scope);
  if (orgs) where.push(orgs);
  const col = (c: string): SQL => (c === 'orgId' ? sql`org_id` : c === plan.period ? periodOf(sql`day`, plan.period) : sql`value`);
  const measure = (m: Measure): SQL =>
    m.kind === 'count' ? sql`sum(count)` : m.kind === 'sum' ? sql`sum(${sql.raw(slotOf(m.field!))})` : sql`sum(${sql.raw(slotOf(m.field!))}) * 1.0 / nullif(sum(count), 0)`;
  return finish(svc, plan, sql`record_rollups`, where, selectList(plan, col, measure), sql`sum(count) <> 0`);
}

/** From the records themselves: exact for any window and any number of fields. */
export function fromScan(svc: Services, plan: Plan): ReportRow[] {
  const where: SQL[] = [sql`template_key = ${plan.template}`, sql`deleted_at IS NULL`];
  if (plan.window.from !== undefined) where.push(sql`created_at >= ${plan.window.from}`);
  if (plan.window.to !== undefined) where.push(sql`created_at < ${plan.window.to}`);
  const orgs = orgFilter(plan.scope);
  if (orgs) where.push(orgs);
  const day = sql`strftime('%Y-%m-%d', created_at / 1000, 'unixepoch')`;
  const col = (c: string): SQL => (c === 'orgId' ? sql`org_id` : c === plan.period ? periodOf(day, plan.period) : dimText(c));
  const measure = (m: Measure): SQL => (m.kind === 'count' ? sql`count(*)` : m.kind === 'sum' ? sql`sum(${numeric(m.field!)})` : sql`sum(${numeric(m.field!)}) * 1.0 / count(*)`);
  return finish(svc, plan, sql`records`, where, selectList(plan, col, measure), sql`count(*) > 0`);
}

export { DAY_MS };

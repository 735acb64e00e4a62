/**
 * Reading report query parameters into a checked plan: which template, which group
 * columns, which measures, which time window, which orgs. Mistakes are 422 problems
 * pointing into the query string; an org the caller cannot see is 404.
 */
import type { Problem } from '@branchline/schemas';
import { AppError, type LocatedProblem } from '../errors/app-error';
import type { RequestContext } from '../policy/context';
import type { ReportShape } from '../repos/rollups';
import type { Services } from '../services';

export type Period = 'day' | 'week' | 'month';
export const PERIODS: readonly Period[] = ['day', 'week', 'month'];
const DAY_MS = 86_400_000;

export interface Window {
  /** Inclusive lower bound, epoch ms (undefined: from the beginning). */
  readonly from?: number;
  /** Exclusive upper bound, epoch ms. */
  readonly to?: number;
  /** Both bounds fall on UTC midnight, so the per-day rollup answers exactly. */
  readonly wholeDays: boolean;
}

export interface OrgScope {
  /** undefined = every org (an HQ caller without `orgId`). */
  readonly orgIds?: readonly string[];
}

export interface Measure {
  readonly kind: 'count' | 'sum' | 'avg';
  readonly field?: string;
  /** Column name in the result: count, sum_<field>, avg_<field>. */
  readonly column: string;
}

const q = (pointer: string, code: string, en: string, zh: string): LocatedProblem => ({ pointer, code, message: { en, 'zh-CN': zh }, in: 'query' });
export const invalid = (problems: LocatedProblem[]) => new AppError('validation_failed', { problems });

/** Parse `from` / `to` (a date = UTC midnight, or a date-time). */
export function parseWindow(from: string | undefined, to: string | undefined): Window {
  const problems: LocatedProblem[] = [];
  const read = (v: string | undefined, name: string): number | undefined => {
    if (v === undefined) return undefined;
    const ms = Date.parse(/T/.test(v) ? v : `${v}T00:00:00Z`);
    if (Number.isNaN(ms)) problems.push(q(`/${name}`, 'bad_instant', `"${v}" is not a date or date-time.`, `"${v}" 不是日期或日期时间。`));
    return ms;
  };
  const f = read(from, 'from');
  const t = read(to, 'to');
  if (f !== undefined && t !== undefined && f > t) problems.push(q('/to', 'before_from', '`to` is before `from`.', '`to` 早于 `from`。'));
  if (problems.length) throw invalid(problems);
  const whole = (ms: number | undefined) => ms === undefined || ms % DAY_MS === 0;
  return { ...(f !== undefined ? { from: f } : {}), ...(t !== undefined ? { to: t } : {}), wholeDays: whole(f) && whole(t) };
}

/** The orgs a report covers: the caller's visible orgs, narrowed to `orgId` (404 when not visible). */
export function orgScope(svc: Services, ctx: RequestContext, orgId: string | undefined): OrgScope {
  const orgIds = svc.orgs.scope(ctx, orgId);
  return orgIds ? { orgIds } : {};
}

const list = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);

/** `groupBy` against a template's reportable dimensions: orgId, at most one period, fields. */
export function parseGroupBy(value: string | undefined, shape: ReportShape, extra: readonly string[] = []): { columns: string[]; period?: Period; fields: string[] } {
  const problems: Problem[] = [];
  const columns = list(value);
  const fields: string[] = [];
  let period: Period | undefined;
  columns.forEach((c, i) => {
    if (columns.indexOf(c) !== i) problems.push(q('/groupBy', 'duplicate', `"${c}" is named twice.`, `"${c}" 重复。`));
    else if (c === 'orgId' || extra.includes(c)) return;
    else if ((PERIODS as readonly string[]).includes(c)) {
      if (period) problems.push(q('/groupBy', 'two_periods', 'Group by at most one of day, week, month.', 'day、week、month 只能选一个。'));
      period = c as Period;
    } else if (shape.dims.includes(c)) fields.push(c);
    else problems.push(q('/groupBy', 'not_reportable', `"${c}" is not a reportable field of this template (reportable: ${shape.dims.join(', ') || 'none'}).`, `"${c}" 不是该模板可报表的字段（可用：${shape.dims.join('、') || '无'}）。`));
  });
  if (problems.length) throw invalid(problems as LocatedProblem[]);
  return { columns, ...(period ? { period } : {}), fields };
}

/** `measures`: count, sum:<field>, avg:<field> over the template's measures. */
export function parseMeasures(value: string | undefined, shape: ReportShape): Measure[] {
  const items = list(value ?? 'count');
  const problems: LocatedProblem[] = [];
  const known = new Set(shape.measures.map((m) => m.field));
  const out: Measure[] = [];
  for (const item of items.length ? items : ['count']) {
    const [kind, field] = item.split(':');
    if (kind === 'count' && field === undefined) out.push({ kind: 'count', column: 'count' });
    else if ((kind === 'sum' || kind === 'avg') && field && known.has(field)) out.push({ kind, field, column: `${kind}_${field}` });
    else problems.push(q('/measures', 'bad_measure', `"${item}" is not count, sum:<field> or avg:<field> over a measure of this template (${[...known].join(', ') || 'none'}).`, `"${item}" 不是 count、sum:<字段> 或 avg:<字段>（可用度量：${[...known].join('、') || '无'}）。`));
  }
  if (problems.length) throw invalid(problems);
  return out;
}

export { DAY_MS };

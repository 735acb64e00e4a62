/**
 * The HQ dashboard's data work, kept pure: the report window of a period choice,
 * the report queries it makes for the chosen template, measure and dimension (as the
 * server lists them in /reports/templates), and the server's report rows reshaped for
 * charts. Every number comes from the server's reports; nothing is computed from samples.
 */
import type { ReportRow, ReportTemplates } from '@branchline/schemas';

/** The template the dashboard opens on: HQ's consolidated customer reporting. */
export const DEFAULT_TEMPLATE = 'customer-registration';
export const TIERS = ['S', 'A', 'B'] as const;

export type ReportTemplate = ReportTemplates['items'][number];
export type ReportFieldInfo = ReportTemplate['measures'][number];

/** What the charts are about: a template, the measure they sum, the dimension they split by. */
export interface Choice {
  readonly template: string;
  readonly measure?: string;
  readonly dimension?: string;
  /** A 0–100 measure shown as a distribution (the health index, a percent). */
  readonly distribution?: string;
}

/**
 * The dashboard's choice for a template: the measure and dimension asked for if the
 * template has them, else its headline ones (ARR and tier for customer registration,
 * else the first listed); the distribution of `health_score` or else its first percent.
 * @example choiceFor(customerRegistration) // → { template: 'customer-registration', measure: 'arr', dimension: 'tier', distribution: 'health_score' }
 */
export function choiceFor(t: ReportTemplate, want: { measure?: string; dimension?: string } = {}): Choice {
  const has = (list: readonly ReportFieldInfo[], f: string | undefined) => (f !== undefined && list.some((x) => x.field === f) ? f : undefined);
  const measure = has(t.measures, want.measure) ?? has(t.measures, 'arr') ?? t.measures[0]?.field;
  const dimension = has(t.dimensions, want.dimension) ?? has(t.dimensions, 'tier') ?? t.dimensions[0]?.field;
  const distribution = has(t.measures, 'health_score') ?? t.measures.find((m) => m.type === 'percent')?.field;
  return { template: t.key, ...(measure ? { measure } : {}), ...(dimension ? { dimension } : {}), ...(distribution ? { distribution } : {}) };
}

/** The template to show: the one asked for if listed, else the default, else the first. */
export function pickTemplate(items: readonly ReportTemplate[], key: string | undefined): ReportTemplate | undefined {
  return items.find((t) => t.key === key) ?? items.find((t) => t.key === DEFAULT_TEMPLATE) ?? items[0];
}

export type PeriodPreset = '7d' | '30d' | '90d' | '12m' | 'all' | 'custom';
export const PERIOD_PRESETS: readonly PeriodPreset[] = ['7d', '30d', '90d', '12m', 'all', 'custom'];
export type Granularity = 'day' | 'week' | 'month';

export interface Window {
  /** `YYYY-MM-DD`, inclusive (UTC midnight). */
  readonly from?: string;
  /** `YYYY-MM-DD`, exclusive (UTC midnight). */
  readonly to?: string;
  /** The trend's bucket: days for a month or less, weeks up to half a year, else months. */
  readonly granularity: Granularity;
}

const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The window of a period choice on `today` (epoch ms): whole UTC days ending with
 * today (the server answers whole days from its rollup). A custom window is
 * `[from, to]` with `to` included.
 * @example windowOf('7d', Date.parse('2026-03-10T15:00Z')) // { from: '2026-03-04', to: '2026-03-11', granularity: 'day' }
 */
export function windowOf(preset: PeriodPreset, today: number, custom: { from?: string; to?: string } = {}): Window {
  const end = Math.floor(today / DAY) * DAY + DAY;
  const back = (days: number): Window => ({ from: day(end - days * DAY), to: day(end), granularity: granularityOf(days) });
  switch (preset) {
    case '7d':
      return back(7);
    case '30d':
      return back(30);
    case '90d':
      return back(90);
    case '12m':
      return back(365);
    case 'all':
      return { granularity: 'month' };
    case 'custom': {
      const from = custom.from || undefined;
      const to = custom.to ? day(Date.parse(`${custom.to}T00:00:00Z`) + DAY) : undefined;
      const span = from && to ? (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY : 366;
      return { ...(from ? { from } : {}), ...(to ? { to } : {}), granularity: granularityOf(span) };
    }
  }
}

function granularityOf(days: number): Granularity {
  if (days <= 31) return 'day';
  if (days <= 190) return 'week';
  return 'month';
}

export interface Filters {
  readonly orgId?: string;
  readonly window: Window;
}

/** The query parameters every report shares: template, org and window. */
export function baseQuery(f: Filters, template: string): { template: string; orgId?: string; from?: string; to?: string } {
  return { template, ...(f.orgId ? { orgId: f.orgId } : {}), ...(f.window.from ? { from: f.window.from } : {}), ...(f.window.to ? { to: f.window.to } : {}) };
}

/** The report requests of the dashboard, by chart (the same ones its CSV buttons download). */
export function reportQueries(f: Filters, c: Choice) {
  const base = baseQuery(f, c.template);
  const measures = c.measure ? `count,sum:${c.measure}` : 'count';
  return {
    perBranch: { path: '/reports/aggregate', query: { ...base, groupBy: 'orgId', measures } },
    dims: { path: '/reports/aggregate', query: { ...base, groupBy: c.dimension ? `orgId,${c.dimension}` : 'orgId', measures: 'count' } },
    trend: { path: '/reports/aggregate', query: { ...base, groupBy: f.window.granularity, measures } },
    sla: { path: '/reports/sla', query: { ...base, ...(c.dimension ? { groupBy: c.dimension } : {}) } },
    health: { path: '/reports/distribution', query: { ...base, field: c.distribution ?? '', buckets: 10, min: 0, max: 100 } },
  } as const;
}

export type ChartKey = keyof ReturnType<typeof reportQueries>;

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));

export interface BranchRow {
  readonly orgId: string;
  readonly count: number;
  /** Sum of the chosen measure (0 without one). */
  readonly sum: number;
}

const sumOf = (r: ReportRow, measure: string | undefined) => (measure ? num(r[`sum_${measure}`]) : 0);

/** `groupBy=orgId&measures=count,sum:<measure>` rows → one row per branch, ordered by org. */
export function perBranch(rows: readonly ReportRow[], measure?: string): BranchRow[] {
  return rows.map((r) => ({ orgId: text(r.orgId), count: num(r.count), sum: sumOf(r, measure) })).sort((a, b) => a.orgId.localeCompare(b.orgId));
}

export type DimRow = { orgId: string; total: number } & Record<string, number | string>;

/** The values of a dimension in display order: S A B first for the tier, then the rest as text sorts, no value (—) last. */
function valueOrder(dimension: string | undefined, seen: Iterable<string>): string[] {
  const first: readonly string[] = dimension === 'tier' ? TIERS : [];
  const rest = [...new Set(seen)].filter((v) => !first.includes(v) && v !== '—').sort((a, b) => a.localeCompare(b));
  return [...first, ...rest, ...([...seen].includes('—') ? ['—'] : [])];
}

/** `groupBy=orgId,<dimension>` rows → one row per branch with a count per value (the tier's S A B always; 0 where a branch has none). */
export function dimsPerBranch(rows: readonly ReportRow[], dimension: string | undefined): { values: string[]; rows: DimRow[] } {
  const seen: string[] = [];
  const byOrg = new Map<string, DimRow>();
  for (const r of rows) {
    const org = text(r.orgId);
    const value = dimension ? text(r[dimension]) || '—' : '—';
    seen.push(value);
    const row = byOrg.get(org) ?? ({ orgId: org, total: 0 } as DimRow);
    row[value] = num(row[value]) + num(r.count);
    row.total += num(r.count);
    byOrg.set(org, row);
  }
  const values = valueOrder(dimension, seen);
  const out = [...byOrg.values()].sort((a, b) => a.orgId.localeCompare(b.orgId));
  for (const row of out) for (const v of values) row[v] = num(row[v]);
  return { values, rows: out };
}

export interface TrendRow {
  readonly period: string;
  readonly count: number;
  readonly sum: number;
}

/** `groupBy=<day|week|month>` rows → points in time order. */
export function trend(rows: readonly ReportRow[], granularity: Granularity, measure?: string): TrendRow[] {
  return rows.map((r) => ({ period: text(r[granularity]), count: num(r.count), sum: sumOf(r, measure) })).sort((a, b) => a.period.localeCompare(b.period));
}

export interface SlaRow {
  /** The dimension's value ('' for the one row without a dimension). */
  readonly value: string;
  readonly total: number;
  readonly met: number;
  readonly missed: number;
  readonly open: number;
  /** met / (met + missed) in percent, null when nothing is decided yet. */
  readonly compliance: number | null;
}

/** `/reports/sla?groupBy=<dimension>` rows → one row per value (S A B first for the tier). */
export function slaPer(rows: readonly ReportRow[], dimension: string | undefined): SlaRow[] {
  const shaped = rows.map((r) => ({ value: dimension ? text(r[dimension]) || '—' : '', total: num(r.total), met: num(r.met), missed: num(r.missed), open: num(r.open), compliance: typeof r.compliance === 'number' ? Math.round(r.compliance * 1000) / 10 : null }));
  const order = valueOrder(dimension, shaped.map((r) => r.value));
  return shaped.sort((a, b) => order.indexOf(a.value) - order.indexOf(b.value));
}

export interface BucketRow {
  readonly label: string;
  readonly from: number;
  readonly to: number;
  readonly count: number;
}

/** Distribution rows → histogram buckets "0–10", "10–20" … in order. */
export function buckets(rows: readonly ReportRow[]): BucketRow[] {
  return rows.map((r) => ({ from: num(r.from), to: num(r.to), count: num(r.count), label: `${num(r.from)}–${num(r.to)}` })).sort((a, b) => a.from - b.from);
}

/** Totals over the branch rows: records and the measure's sum. */
export function totals(rows: readonly BranchRow[]): { count: number; sum: number } {
  return rows.reduce((a, r) => ({ count: a.count + r.count, sum: a.sum + r.sum }), { count: 0, sum: 0 });
}

/** Overall SLA compliance (percent) over the tiers: met / (met + missed), null when nothing is decided. */
export function overallCompliance(rows: readonly SlaRow[]): number | null {
  const met = rows.reduce((a, r) => a + r.met, 0);
  const decided = met + rows.reduce((a, r) => a + r.missed, 0);
  return decided === 0 ? null : Math.round((met / decided) * 1000) / 10;
}

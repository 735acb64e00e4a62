/**
 * The HQ dashboard's data work, kept pure: the report window of a period choice,
 * the report queries it makes, and the server's report rows reshaped for charts.
 * Every number comes from the server's reports; nothing is computed from samples.
 */
import type { ReportRow } from '@branchline/schemas';

/** The template HQ's consolidated customer reporting runs on (locked fields: tier, arr, health_score). */
export const REPORT_TEMPLATE = 'customer-registration';
export const TIERS = ['S', 'A', 'B'] as const;

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
export function baseQuery(f: Filters): { template: string; orgId?: string; from?: string; to?: string } {
  return { template: REPORT_TEMPLATE, ...(f.orgId ? { orgId: f.orgId } : {}), ...(f.window.from ? { from: f.window.from } : {}), ...(f.window.to ? { to: f.window.to } : {}) };
}

/** The report requests of the dashboard, by chart (the same ones its CSV buttons download). */
export function reportQueries(f: Filters) {
  const base = baseQuery(f);
  return {
    perBranch: { path: '/reports/aggregate', query: { ...base, groupBy: 'orgId', measures: 'count,sum:arr' } },
    tiers: { path: '/reports/aggregate', query: { ...base, groupBy: 'orgId,tier', measures: 'count' } },
    trend: { path: '/reports/aggregate', query: { ...base, groupBy: f.window.granularity, measures: 'count,sum:arr' } },
    sla: { path: '/reports/sla', query: { ...base, groupBy: 'tier' } },
    health: { path: '/reports/distribution', query: { ...base, field: 'health_score', buckets: 10, min: 0, max: 100 } },
  } as const;
}

export type ChartKey = keyof ReturnType<typeof reportQueries>;

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));

export interface BranchRow {
  readonly orgId: string;
  readonly count: number;
  readonly arr: number;
}

/** `groupBy=orgId&measures=count,sum:arr` rows → one row per branch, ordered by org. */
export function perBranch(rows: readonly ReportRow[]): BranchRow[] {
  return rows.map((r) => ({ orgId: text(r.orgId), count: num(r.count), arr: num(r.sum_arr) })).sort((a, b) => a.orgId.localeCompare(b.orgId));
}

export type TierRow = { orgId: string; total: number } & Record<string, number | string>;

/** `groupBy=orgId,tier` rows → one row per branch with a count per tier (S, A, B and any other value seen). */
export function tiersPerBranch(rows: readonly ReportRow[]): { tiers: string[]; rows: TierRow[] } {
  const seen = new Set<string>(TIERS);
  const byOrg = new Map<string, TierRow>();
  for (const r of rows) {
    const org = text(r.orgId);
    const tier = text(r.tier) || '—';
    seen.add(tier);
    const row = byOrg.get(org) ?? ({ orgId: org, total: 0 } as TierRow);
    row[tier] = num(row[tier]) + num(r.count);
    row.total += num(r.count);
    byOrg.set(org, row);
  }
  const tiers = [...seen];
  const out = [...byOrg.values()].sort((a, b) => a.orgId.localeCompare(b.orgId));
  for (const row of out) for (const tier of tiers) row[tier] = num(row[tier]);
  return { tiers, rows: out };
}

export interface TrendRow {
  readonly period: string;
  readonly count: number;
  readonly arr: number;
}

/** `groupBy=<day|week|month>` rows → points in time order. */
export function trend(rows: readonly ReportRow[], granularity: Granularity): TrendRow[] {
  return rows.map((r) => ({ period: text(r[granularity]), count: num(r.count), arr: num(r.sum_arr) })).sort((a, b) => a.period.localeCompare(b.period));
}

export interface SlaRow {
  readonly tier: string;
  readonly total: number;
  readonly met: number;
  readonly missed: number;
  readonly open: number;
  /** met / (met + missed) in percent, null when nothing is decided yet. */
  readonly compliance: number | null;
}

/** `/reports/sla?groupBy=tier` rows → one row per tier, S A B first. */
export function slaPerTier(rows: readonly ReportRow[]): SlaRow[] {
  const order = (t: string) => {
    const i = (TIERS as readonly string[]).indexOf(t);
    return i < 0 ? TIERS.length : i;
  };
  return rows
    .map((r) => ({ tier: text(r.tier) || '—', total: num(r.total), met: num(r.met), missed: num(r.missed), open: num(r.open), compliance: typeof r.compliance === 'number' ? Math.round(r.compliance * 1000) / 10 : null }))
    .sort((a, b) => order(a.tier) - order(b.tier) || a.tier.localeCompare(b.tier));
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

/** Totals over the branch rows: records and ARR. */
export function totals(rows: readonly BranchRow[]): { count: number; arr: number } {
  return rows.reduce((a, r) => ({ count: a.count + r.count, arr: a.arr + r.arr }), { count: 0, arr: 0 });
}

/** Overall SLA compliance (percent) over the tiers: met / (met + missed), null when nothing is decided. */
export function overallCompliance(rows: readonly SlaRow[]): number | null {
  const met = rows.reduce((a, r) => a + r.met, 0);
  const decided = met + rows.reduce((a, r) => a + r.missed, 0);
  return decided === 0 ? null : Math.round((met / decided) * 1000) / 10;
}

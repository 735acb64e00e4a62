/**
 * The dashboard's charts on recharts (docs/decisions/0004-charts.md): records and the
 * chosen measure per branch, the chosen dimension per branch, SLA compliance per value
 * of the dimension, the trend over time and a 0–100 distribution (the health index).
 * Each takes rows already shaped by ./model.
 */
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import type { BranchRow, BucketRow, DimRow, ReportFieldInfo, SlaRow, TrendRow } from './model';

const HEIGHT = 260;
const COLORS = { count: '#2457c5', sum: '#1b7a43', S: '#7a4d00', A: '#2457c5', B: '#8e9aad', met: '#1b7a43', missed: '#b42318', open: '#8e9aad', health: '#5b3aa8' } as const;
const PALETTE = ['#2457c5', '#1b7a43', '#7a4d00', '#5b3aa8', '#b42318', '#0e7490', '#8e9aad', '#a16207'];
/** The tier keeps its colours (S A B); other values take the palette in order. */
const valueColor = (value: string, i: number) => (value === 'S' || value === 'A' || value === 'B' ? COLORS[value] : PALETTE[i % PALETTE.length]!);

export function useFormats() {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  const plain = (n: number) => new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(n);
  return {
    int: (n: number) => new Intl.NumberFormat(lang).format(n),
    percent: (n: number | null) => (n === null ? '—' : `${new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(n)} %`),
    /** A sum of `field`: money in the field's fixed currency, else a plain number. */
    measure: (n: number, field: ReportFieldInfo | undefined) => (field?.currency ? new Intl.NumberFormat(lang, { style: 'currency', currency: field.currency, maximumFractionDigits: 0 }).format(n) : plain(n)),
    measureShort: (n: number, field: ReportFieldInfo | undefined) =>
      new Intl.NumberFormat(lang, { ...(field?.currency ? { style: 'currency' as const, currency: field.currency } : {}), notation: 'compact', maximumFractionDigits: 1 }).format(n),
  };
}

const axis = { fontSize: 12, fill: '#5d6777' };

/** The measure as the charts name it: "Sum of ARR" style labels come from the caller. */
export interface MeasureProps {
  readonly measure: ReportFieldInfo | undefined;
  readonly measureLabel: string;
}

export function BranchChart({ rows, orgName, measure, measureLabel }: { rows: BranchRow[]; orgName: (id: string) => string } & MeasureProps) {
  const { t } = useTranslation();
  const f = useFormats();
  const data = rows.map((r) => ({ ...r, name: orgName(r.orgId) }));
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="name" tick={axis} />
        <YAxis yAxisId="count" tick={axis} allowDecimals={false} />
        {measure && <YAxis yAxisId="sum" orientation="right" tick={axis} tickFormatter={(v: number) => f.measureShort(v, measure)} />}
        <Tooltip formatter={(v, name) => (name === measureLabel ? f.measure(Number(v), measure) : f.int(Number(v)))} />
        <Legend />
        <Bar yAxisId="count" dataKey="count" name={t('dashboard.records')} fill={COLORS.count} isAnimationActive={false} />
        {measure && <Bar yAxisId="sum" dataKey="sum" name={measureLabel} fill={COLORS.sum} isAnimationActive={false} />}
      </BarChart>
    </ResponsiveContainer>
  );
}

export function DimChart({ rows, values, orgName, valueLabel }: { rows: DimRow[]; values: string[]; orgName: (id: string) => string; valueLabel: (value: string) => string }) {
  const data = rows.map((r) => ({ ...r, name: orgName(r.orgId) }));
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="name" tick={axis} />
        <YAxis tick={axis} allowDecimals={false} />
        <Tooltip />
        <Legend />
        {values.map((value, i) => (
          <Bar key={value} dataKey={value} stackId="dims" name={valueLabel(value)} fill={valueColor(value, i)} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}

export function SlaChart({ rows, valueLabel }: { rows: SlaRow[]; valueLabel: (value: string) => string }) {
  const { t } = useTranslation();
  const data = rows.map((r) => ({ ...r, name: valueLabel(r.value) }));
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="name" tick={axis} />
        <YAxis tick={axis} allowDecimals={false} />
        <Tooltip />
        <Legend />
        <Bar dataKey="met" stackId="sla" name={t('dashboard.met')} fill={COLORS.met} isAnimationActive={false} />
        <Bar dataKey="missed" stackId="sla" name={t('dashboard.missed')} fill={COLORS.missed} isAnimationActive={false} />
        <Bar dataKey="open" stackId="sla" name={t('dashboard.open')} fill={COLORS.open} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

export function TrendChart({ rows, measure, measureLabel }: { rows: TrendRow[] } & MeasureProps) {
  const { t } = useTranslation();
  const f = useFormats();
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <LineChart data={rows} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="period" tick={axis} />
        <YAxis yAxisId="count" tick={axis} allowDecimals={false} />
        {measure && <YAxis yAxisId="sum" orientation="right" tick={axis} tickFormatter={(v: number) => f.measureShort(v, measure)} />}
        <Tooltip formatter={(v, name) => (name === measureLabel ? f.measure(Number(v), measure) : f.int(Number(v)))} />
        <Legend />
        <Line yAxisId="count" type="monotone" dataKey="count" name={t('dashboard.records')} stroke={COLORS.count} strokeWidth={2} dot={rows.length < 40} isAnimationActive={false} />
        {measure && <Line yAxisId="sum" type="monotone" dataKey="sum" name={measureLabel} stroke={COLORS.sum} strokeWidth={2} dot={rows.length < 40} isAnimationActive={false} />}
      </LineChart>
    </ResponsiveContainer>
  );
}

export function HealthChart({ rows, label }: { rows: BucketRow[]; label: string }) {
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="label" tick={axis} />
        <YAxis tick={axis} allowDecimals={false} />
        <Tooltip />
        <Bar dataKey="count" name={label} fill={COLORS.health} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

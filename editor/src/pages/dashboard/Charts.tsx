/**
 * The dashboard's charts on recharts (docs/decisions/0004-charts.md): records and ARR
 * per branch, tiers per branch, SLA compliance per tier, the trend over time and the
 * health-index distribution. Each takes rows already shaped by ./model.
 */
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import type { BranchRow, BucketRow, SlaRow, TierRow, TrendRow } from './model';

const HEIGHT = 260;
const COLORS = { count: '#2457c5', arr: '#1b7a43', S: '#7a4d00', A: '#2457c5', B: '#8e9aad', other: '#b42318', met: '#1b7a43', missed: '#b42318', open: '#8e9aad', health: '#5b3aa8' } as const;
const tierColor = (tier: string) => (tier === 'S' || tier === 'A' || tier === 'B' ? COLORS[tier] : COLORS.other);

export function useFormats() {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  return {
    int: (n: number) => new Intl.NumberFormat(lang).format(n),
    money: (n: number) => new Intl.NumberFormat(lang, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(n),
    moneyShort: (n: number) => new Intl.NumberFormat(lang, { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 1 }).format(n),
    percent: (n: number | null) => (n === null ? '—' : `${new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(n)} %`),
  };
}

const axis = { fontSize: 12, fill: '#5d6777' };

export function BranchChart({ rows, orgName }: { rows: BranchRow[]; orgName: (id: string) => string }) {
  const { t } = useTranslation();
  const f = useFormats();
  const data = rows.map((r) => ({ ...r, name: orgName(r.orgId) }));
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="name" tick={axis} />
        <YAxis yAxisId="count" tick={axis} allowDecimals={false} />
        <YAxis yAxisId="arr" orientation="right" tick={axis} tickFormatter={f.moneyShort} />
        <Tooltip formatter={(v, name) => (name === t('dashboard.arr') ? f.money(Number(v)) : f.int(Number(v)))} />
        <Legend />
        <Bar yAxisId="count" dataKey="count" name={t('dashboard.records')} fill={COLORS.count} isAnimationActive={false} />
        <Bar yAxisId="arr" dataKey="arr" name={t('dashboard.arr')} fill={COLORS.arr} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

export function TierChart({ rows, tiers, orgName }: { rows: TierRow[]; tiers: string[]; orgName: (id: string) => string }) {
  const { t } = useTranslation();
  const data = rows.map((r) => ({ ...r, name: orgName(r.orgId) }));
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="name" tick={axis} />
        <YAxis tick={axis} allowDecimals={false} />
        <Tooltip />
        <Legend />
        {tiers.map((tier) => (
          <Bar key={tier} dataKey={tier} stackId="tiers" name={t('dashboard.tierN', { tier })} fill={tierColor(tier)} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}

export function SlaChart({ rows }: { rows: SlaRow[] }) {
  const { t } = useTranslation();
  const data = rows.map((r) => ({ ...r, name: t('dashboard.tierN', { tier: r.tier }) }));
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

export function TrendChart({ rows }: { rows: TrendRow[] }) {
  const { t } = useTranslation();
  const f = useFormats();
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <LineChart data={rows} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="period" tick={axis} />
        <YAxis yAxisId="count" tick={axis} allowDecimals={false} />
        <YAxis yAxisId="arr" orientation="right" tick={axis} tickFormatter={f.moneyShort} />
        <Tooltip formatter={(v, name) => (name === t('dashboard.arr') ? f.money(Number(v)) : f.int(Number(v)))} />
        <Legend />
        <Line yAxisId="count" type="monotone" dataKey="count" name={t('dashboard.records')} stroke={COLORS.count} strokeWidth={2} dot={rows.length < 40} isAnimationActive={false} />
        <Line yAxisId="arr" type="monotone" dataKey="arr" name={t('dashboard.arr')} stroke={COLORS.arr} strokeWidth={2} dot={rows.length < 40} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}

export function HealthChart({ rows }: { rows: BucketRow[] }) {
  const { t } = useTranslation();
  return (
    <ResponsiveContainer width="100%" height={HEIGHT}>
      <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="label" tick={axis} />
        <YAxis tick={axis} allowDecimals={false} />
        <Tooltip />
        <Bar dataKey="count" name={t('dashboard.customers')} fill={COLORS.health} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

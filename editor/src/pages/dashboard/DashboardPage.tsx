/**
 * The HQ dashboard (HQ admin, HQ auditor): customers registered, tiers and ARR per
 * branch, SLA compliance per tier, the trend over time and the health-index
 * distribution, filtered by branch and period, each exportable as CSV. Every figure
 * is a server report (the rollup kept in the same transaction as each record write).
 * This page and recharts load only when it is first opened.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { href } from '../../app/router';
import { useOrgs, usePagesApi } from '../shared/hooks';
import { useQuery } from '../shared/use-query';
import { ChartCard } from './ChartCard';
import { BranchChart, HealthChart, SlaChart, TierChart, TrendChart, useFormats } from './Charts';
import { Kpis } from './Kpis';
import { buckets, perBranch, PERIOD_PRESETS, REPORT_TEMPLATE, reportQueries, slaPerTier, tiersPerBranch, trend, windowOf, type Filters, type PeriodPreset } from './model';
import '../pages.css';

export default function DashboardPage() {
  const { t } = useTranslation();
  const pages = usePagesApi();
  const orgs = useOrgs();
  const f = useFormats();
  const [orgId, setOrgId] = useState('');
  const [preset, setPreset] = useState<PeriodPreset>('all');
  const [custom, setCustom] = useState<{ from: string; to: string }>({ from: '', to: '' });
  const filters: Filters = useMemo(() => ({ ...(orgId ? { orgId } : {}), window: windowOf(preset, Date.now(), custom) }), [orgId, preset, custom]);
  const q = useMemo(() => reportQueries(filters), [filters]);

  const branch = useQuery(async () => perBranch((await pages.aggregate(q.perBranch.query)).rows), [pages, q]);
  const tiers = useQuery(async () => tiersPerBranch((await pages.aggregate(q.tiers.query)).rows), [pages, q]);
  const trendRows = useQuery(async () => trend((await pages.aggregate(q.trend.query)).rows, filters.window.granularity), [pages, q, filters.window.granularity]);
  const sla = useQuery(async () => slaPerTier((await pages.sla(q.sla.query)).rows), [pages, q]);
  const health = useQuery(async () => buckets((await pages.distribution(q.health.query)).rows), [pages, q]);

  const suffix = [orgId || 'all', filters.window.from ?? 'start', filters.window.to ?? 'now'].join('_');
  const csv = (key: keyof typeof q) => ({ path: q[key].path, query: q[key].query, filename: `${REPORT_TEMPLATE}-${key}-${suffix}.csv` });
  const branches = orgs.ids;

  return (
    <div className="page page-wide">
      <div className="page-header">
        <div>
          <h1>{t('dashboard.title')}</h1>
          <p className="muted small">{t('dashboard.subtitle')}</p>
        </div>
        <a className="btn" href={href('/audit')}>
          {t('audit.open')}
        </a>
      </div>
      <div className="filters" role="group" aria-label={t('dashboard.filters')}>
        <label className="field field-inline">
          <span>{t('dashboard.branch')}</span>
          <select value={orgId} onChange={(e) => setOrgId(e.target.value)} data-testid="filter-branch">
            <option value="">{t('dashboard.allBranches')}</option>
            {branches.map((id) => (
              <option key={id} value={id}>
                {orgs.name(id)}
              </option>
            ))}
          </select>
        </label>
        <div className="segmented" role="group" aria-label={t('dashboard.period')}>
          {PERIOD_PRESETS.map((p) => (
            <button key={p} type="button" aria-pressed={preset === p} onClick={() => setPreset(p)} data-period={p}>
              {t(`dashboard.periods.${p}`)}
            </button>
          ))}
        </div>
        {preset === 'custom' && (
          <>
            <label className="field field-inline">
              <span>{t('dashboard.from')}</span>
              <input type="date" value={custom.from} max={custom.to || undefined} onChange={(e) => setCustom((c) => ({ ...c, from: e.target.value }))} />
            </label>
            <label className="field field-inline">
              <span>{t('dashboard.to')}</span>
              <input type="date" value={custom.to} min={custom.from || undefined} onChange={(e) => setCustom((c) => ({ ...c, to: e.target.value }))} />
            </label>
          </>
        )}
      </div>
      <Kpis branch={branch} sla={sla} />
      <div className="chart-grid">
        <ChartCard
          id="branches"
          title={t('dashboard.charts.branches')}
          state={branch}
          isEmpty={(rows) => rows.length === 0}
          csv={csv('perBranch')}
          chart={(rows) => <BranchChart rows={rows} orgName={orgs.name} />}
          table={(rows) => (
            <table className="table table-compact" data-testid="table-branches">
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.branch')}</th>
                  <th scope="col">{t('dashboard.records')}</th>
                  <th scope="col">{t('dashboard.arr')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.orgId} data-org={r.orgId} data-count={r.count} data-arr={r.arr}>
                    <td>{orgs.name(r.orgId)}</td>
                    <td>{f.int(r.count)}</td>
                    <td>{f.money(r.arr)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        />
        <ChartCard
          id="tiers"
          title={t('dashboard.charts.tiers')}
          state={tiers}
          isEmpty={(d) => d.rows.length === 0}
          csv={csv('tiers')}
          chart={(d) => <TierChart rows={d.rows} tiers={d.tiers} orgName={orgs.name} />}
          table={(d) => (
            <table className="table table-compact" data-testid="table-tiers">
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.branch')}</th>
                  {d.tiers.map((tier) => (
                    <th key={tier} scope="col">
                      {t('dashboard.tierN', { tier })}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {d.rows.map((r) => (
                  <tr key={r.orgId} data-org={r.orgId}>
                    <td>{orgs.name(r.orgId)}</td>
                    {d.tiers.map((tier) => (
                      <td key={tier} data-tier={tier} data-count={r[tier]}>
                        {f.int(Number(r[tier]))}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        />
        <ChartCard
          id="sla"
          title={t('dashboard.charts.sla')}
          state={sla}
          isEmpty={(rows) => rows.length === 0}
          csv={csv('sla')}
          chart={(rows) => <SlaChart rows={rows} />}
          table={(rows) => (
            <table className="table table-compact" data-testid="table-sla">
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.tier')}</th>
                  <th scope="col">{t('dashboard.met')}</th>
                  <th scope="col">{t('dashboard.missed')}</th>
                  <th scope="col">{t('dashboard.open')}</th>
                  <th scope="col">{t('dashboard.compliance')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.tier} data-tier={r.tier} data-total={r.total} data-met={r.met} data-missed={r.missed} data-open={r.open}>
                    <td>{r.tier}</td>
                    <td>{f.int(r.met)}</td>
                    <td>{f.int(r.missed)}</td>
                    <td>{f.int(r.open)}</td>
                    <td>{f.percent(r.compliance)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        />
        <ChartCard
          id="health"
          title={t('dashboard.charts.health')}
          state={health}
          isEmpty={(rows) => rows.length === 0}
          csv={csv('health')}
          chart={(rows) => <HealthChart rows={rows} />}
          table={(rows) => (
            <table className="table table-compact" data-testid="table-health">
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.healthRange')}</th>
                  <th scope="col">{t('dashboard.customers')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.label} data-count={r.count}>
                    <td>{r.label}</td>
                    <td>{f.int(r.count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        />
        <ChartCard
          id="trend"
          wide
          title={t('dashboard.charts.trend', { unit: t(`dashboard.granularity.${filters.window.granularity}`) })}
          state={trendRows}
          isEmpty={(rows) => rows.length === 0}
          csv={csv('trend')}
          chart={(rows) => <TrendChart rows={rows} />}
          table={(rows) => (
            <table className="table table-compact" data-testid="table-trend">
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.periodColumn')}</th>
                  <th scope="col">{t('dashboard.records')}</th>
                  <th scope="col">{t('dashboard.arr')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.period} data-period={r.period} data-count={r.count}>
                    <td>{r.period}</td>
                    <td>{f.int(r.count)}</td>
                    <td>{f.money(r.arr)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        />
      </div>
    </div>
  );
}

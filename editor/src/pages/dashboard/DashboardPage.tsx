/**
 * The HQ dashboard (HQ admin, HQ auditor): for a form template chosen from the ones
 * the server reports on (customer registration by default, the quote, any form
 * template with reportable fields), records and a measure per branch, a dimension per
 * branch, SLA compliance per value of the dimension, the trend over time and a 0–100
 * distribution (the health index), filtered by branch and period, each exportable as
 * CSV. The measures and dimensions offered are the template's report fields as the
 * server lists them. Every figure is a server report. This page and recharts load
 * only when it is first opened.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { href } from '../../app/router';
import { localized } from '../../i18n/localized';
import { EmptyState, ErrorState, Loading } from '../../ui/states';
import { useOrgs, usePagesApi } from '../shared/hooks';
import { useQuery } from '../shared/use-query';
import { ChartCard } from './ChartCard';
import { BranchChart, DimChart, HealthChart, SlaChart, TrendChart, useFormats } from './Charts';
import { Kpis } from './Kpis';
import { buckets, choiceFor, dimsPerBranch, perBranch, PERIOD_PRESETS, pickTemplate, reportQueries, slaPer, trend, windowOf, type Filters, type PeriodPreset, type ReportTemplate } from './model';
import '../pages.css';

export default function DashboardPage() {
  const { t } = useTranslation();
  const pages = usePagesApi();
  const templates = useQuery(async () => (await pages.reportTemplates()).items, [pages]);
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
      {templates.status === 'loading' && <Loading />}
      {templates.status === 'error' && <ErrorState error={templates.error} onRetry={templates.reload} />}
      {templates.status === 'ready' && templates.data.length === 0 && <EmptyState title={t('dashboard.noTemplates')}>{t('dashboard.noTemplatesHint')}</EmptyState>}
      {templates.status === 'ready' && templates.data.length > 0 && <Dashboard templates={templates.data} />}
    </div>
  );
}

function Dashboard({ templates }: { templates: readonly ReportTemplate[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const pages = usePagesApi();
  const orgs = useOrgs();
  const f = useFormats();
  const [templateKey, setTemplateKey] = useState<string | undefined>(undefined);
  const [want, setWant] = useState<{ measure?: string; dimension?: string }>({});
  const [orgId, setOrgId] = useState('');
  const [preset, setPreset] = useState<PeriodPreset>('all');
  const [custom, setCustom] = useState<{ from: string; to: string }>({ from: '', to: '' });
  const template = pickTemplate(templates, templateKey)!;
  const choice = useMemo(() => choiceFor(template, want), [template, want]);
  const filters: Filters = useMemo(() => ({ ...(orgId ? { orgId } : {}), window: windowOf(preset, Date.now(), custom) }), [orgId, preset, custom]);
  const q = useMemo(() => reportQueries(filters, choice), [filters, choice]);

  const measure = template.measures.find((m) => m.field === choice.measure);
  const dimension = template.dimensions.find((d) => d.field === choice.dimension);
  const distribution = template.measures.find((m) => m.field === choice.distribution);
  const measureLabel = measure ? localized(measure.label, lang) : '';
  const dimensionLabel = dimension ? localized(dimension.label, lang) : '';
  const valueLabel = (v: string) => (choice.dimension === 'tier' ? t('dashboard.tierN', { tier: v }) : v === '' ? t('dashboard.allRecords') : v);

  const branch = useQuery(async () => perBranch((await pages.aggregate(q.perBranch.query)).rows, choice.measure), [pages, q]);
  const dims = useQuery(async () => dimsPerBranch((await pages.aggregate(q.dims.query)).rows, choice.dimension), [pages, q]);
  const trendRows = useQuery(async () => trend((await pages.aggregate(q.trend.query)).rows, filters.window.granularity, choice.measure), [pages, q, filters.window.granularity]);
  const sla = useQuery(async () => slaPer((await pages.sla(q.sla.query)).rows, choice.dimension), [pages, q]);
  const health = useQuery(async () => (choice.distribution ? buckets((await pages.distribution(q.health.query)).rows) : []), [pages, q]);

  const suffix = [orgId || 'all', filters.window.from ?? 'start', filters.window.to ?? 'now'].join('_');
  const csv = (key: keyof typeof q) => ({ path: q[key].path, query: q[key].query, filename: `${choice.template}-${key}-${suffix}.csv` });
  const branches = orgs.ids;
  const recordsLabel = choice.template === 'customer-registration' ? t('dashboard.kpi.records') : t('dashboard.kpi.recordsOf', { template: localized(template.title, lang) });

  return (
    <>
      <div className="filters" role="group" aria-label={t('dashboard.filters')}>
        <label className="field field-inline">
          <span>{t('dashboard.template')}</span>
          <select
            value={template.key}
            onChange={(e) => {
              setTemplateKey(e.target.value);
              setWant({});
            }}
            data-testid="filter-template"
          >
            {templates.map((x) => (
              <option key={x.key} value={x.key}>
                {localized(x.title, lang) || x.key}
              </option>
            ))}
          </select>
        </label>
        {template.measures.length > 0 && (
          <label className="field field-inline">
            <span>{t('dashboard.measure')}</span>
            <select value={choice.measure} onChange={(e) => setWant((w) => ({ ...w, measure: e.target.value }))} data-testid="filter-measure">
              {template.measures.map((m) => (
                <option key={m.field} value={m.field}>
                  {localized(m.label, lang) || m.field}
                </option>
              ))}
            </select>
          </label>
        )}
        {template.dimensions.length > 0 && (
          <label className="field field-inline">
            <span>{t('dashboard.dimension')}</span>
            <select value={choice.dimension} onChange={(e) => setWant((w) => ({ ...w, dimension: e.target.value }))} data-testid="filter-dimension">
              {template.dimensions.map((d) => (
                <option key={d.field} value={d.field}>
                  {localized(d.label, lang) || d.field}
                </option>
              ))}
            </select>
          </label>
        )}
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
      <Kpis branch={branch} sla={sla} recordsLabel={recordsLabel} measure={measure} measureLabel={measureLabel} />
      <div className="chart-grid" data-template={choice.template}>
        <ChartCard
          id="branches"
          title={measure ? t('dashboard.charts.branches', { measure: measureLabel }) : t('dashboard.charts.branchesCount')}
          state={branch}
          isEmpty={(rows) => rows.length === 0}
          csv={csv('perBranch')}
          chart={(rows) => <BranchChart rows={rows} orgName={orgs.name} measure={measure} measureLabel={measureLabel} />}
          table={(rows) => (
            <table className="table table-compact" data-testid="table-branches">
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.branch')}</th>
                  <th scope="col">{t('dashboard.records')}</th>
                  {measure && <th scope="col">{measureLabel}</th>}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.orgId} data-org={r.orgId} data-count={r.count} data-sum={r.sum}>
                    <td>{orgs.name(r.orgId)}</td>
                    <td>{f.int(r.count)}</td>
                    {measure && <td>{f.measure(r.sum, measure)}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        />
        {dimension && (
          <ChartCard
            id="dims"
            title={t('dashboard.charts.dims', { dimension: dimensionLabel })}
            state={dims}
            isEmpty={(d) => d.rows.length === 0}
            csv={csv('dims')}
            chart={(d) => <DimChart rows={d.rows} values={d.values} orgName={orgs.name} valueLabel={valueLabel} />}
            table={(d) => (
              <table className="table table-compact" data-testid="table-dims" data-dimension={choice.dimension}>
                <thead>
                  <tr>
                    <th scope="col">{t('dashboard.branch')}</th>
                    {d.values.map((v) => (
                      <th key={v} scope="col">
                        {valueLabel(v)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {d.rows.map((r) => (
                    <tr key={r.orgId} data-org={r.orgId}>
                      <td>{orgs.name(r.orgId)}</td>
                      {d.values.map((v) => (
                        <td key={v} data-value={v} data-count={r[v]}>
                          {f.int(Number(r[v]))}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          />
        )}
        <ChartCard
          id="sla"
          title={dimension ? t('dashboard.charts.sla', { dimension: dimensionLabel }) : t('dashboard.charts.slaAll')}
          state={sla}
          isEmpty={(rows) => rows.length === 0}
          csv={csv('sla')}
          chart={(rows) => <SlaChart rows={rows} valueLabel={valueLabel} />}
          table={(rows) => (
            <table className="table table-compact" data-testid="table-sla">
              <thead>
                <tr>
                  <th scope="col">{dimension ? dimensionLabel : t('dashboard.records')}</th>
                  <th scope="col">{t('dashboard.met')}</th>
                  <th scope="col">{t('dashboard.missed')}</th>
                  <th scope="col">{t('dashboard.open')}</th>
                  <th scope="col">{t('dashboard.compliance')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.value} data-value={r.value} data-total={r.total} data-met={r.met} data-missed={r.missed} data-open={r.open}>
                    <td>{valueLabel(r.value)}</td>
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
        {distribution && (
          <ChartCard
            id="health"
            title={t('dashboard.charts.distribution', { measure: localized(distribution.label, lang) })}
            state={health}
            isEmpty={(rows) => rows.length === 0}
            csv={csv('health')}
            chart={(rows) => <HealthChart rows={rows} label={t('dashboard.records')} />}
            table={(rows) => (
              <table className="table table-compact" data-testid="table-health">
                <thead>
                  <tr>
                    <th scope="col">{localized(distribution.label, lang)}</th>
                    <th scope="col">{t('dashboard.records')}</th>
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
        )}
        <ChartCard
          id="trend"
          wide
          title={measure ? t('dashboard.charts.trend', { measure: measureLabel, unit: t(`dashboard.granularity.${filters.window.granularity}`) }) : t('dashboard.charts.trendCount', { unit: t(`dashboard.granularity.${filters.window.granularity}`) })}
          state={trendRows}
          isEmpty={(rows) => rows.length === 0}
          csv={csv('trend')}
          chart={(rows) => <TrendChart rows={rows} measure={measure} measureLabel={measureLabel} />}
          table={(rows) => (
            <table className="table table-compact" data-testid="table-trend">
              <thead>
                <tr>
                  <th scope="col">{t('dashboard.periodColumn')}</th>
                  <th scope="col">{t('dashboard.records')}</th>
                  {measure && <th scope="col">{measureLabel}</th>}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.period} data-period={r.period} data-count={r.count} data-sum={r.sum}>
                    <td>{r.period}</td>
                    <td>{f.int(r.count)}</td>
                    {measure && <td>{f.measure(r.sum, measure)}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        />
      </div>
    </>
  );
}

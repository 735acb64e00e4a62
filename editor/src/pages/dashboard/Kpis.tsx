/** The headline figures over the filtered window: records, the measure's total, SLA compliance, open tasks. */
import { useTranslation } from 'react-i18next';
import type { QueryState } from '../shared/use-query';
import { useFormats } from './Charts';
import { overallCompliance, totals, type BranchRow, type ReportFieldInfo, type SlaRow } from './model';

export function Kpis({ branch, sla, recordsLabel, measure, measureLabel }: { branch: QueryState<BranchRow[]>; sla: QueryState<SlaRow[]>; recordsLabel: string; measure: ReportFieldInfo | undefined; measureLabel: string }) {
  const { t } = useTranslation();
  const f = useFormats();
  const sum = branch.status === 'ready' ? totals(branch.data) : null;
  const compliance = sla.status === 'ready' ? overallCompliance(sla.data) : undefined;
  const open = sla.status === 'ready' ? sla.data.reduce((a, r) => a + r.open, 0) : null;
  const value = (v: string | null) => (v === null ? '…' : v);
  return (
    <dl className="kpis" data-testid="kpis">
      <div className="kpi" data-testid="kpi-records" data-value={sum?.count}>
        <dt>{recordsLabel}</dt>
        <dd>{value(sum ? f.int(sum.count) : null)}</dd>
      </div>
      {measure && (
        <div className="kpi" data-testid="kpi-sum" data-measure={measure.field} data-value={sum?.sum}>
          <dt>{t('dashboard.kpi.sum', { measure: measureLabel })}</dt>
          <dd>{value(sum ? f.measure(sum.sum, measure) : null)}</dd>
        </div>
      )}
      <div className="kpi" data-testid="kpi-sla" data-value={compliance ?? ''}>
        <dt>{t('dashboard.kpi.sla')}</dt>
        <dd>{compliance === undefined ? '…' : f.percent(compliance)}</dd>
      </div>
      <div className="kpi" data-testid="kpi-open">
        <dt>{t('dashboard.kpi.open')}</dt>
        <dd>{value(open === null ? null : f.int(open))}</dd>
      </div>
    </dl>
  );
}

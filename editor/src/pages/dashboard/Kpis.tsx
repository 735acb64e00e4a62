/** The headline figures over the filtered window: customers, ARR, SLA compliance, open follow-ups. */
import { useTranslation } from 'react-i18next';
import type { QueryState } from '../shared/use-query';
import { useFormats } from './Charts';
import { overallCompliance, totals, type BranchRow, type SlaRow } from './model';

export function Kpis({ branch, sla }: { branch: QueryState<BranchRow[]>; sla: QueryState<SlaRow[]> }) {
  const { t } = useTranslation();
  const f = useFormats();
  const sum = branch.status === 'ready' ? totals(branch.data) : null;
  const compliance = sla.status === 'ready' ? overallCompliance(sla.data) : undefined;
  const open = sla.status === 'ready' ? sla.data.reduce((a, r) => a + r.open, 0) : null;
  const value = (v: string | null) => (v === null ? '…' : v);
  return (
    <dl className="kpis" data-testid="kpis">
      <div className="kpi" data-testid="kpi-records" data-value={sum?.count}>
        <dt>{t('dashboard.kpi.records')}</dt>
        <dd>{value(sum ? f.int(sum.count) : null)}</dd>
      </div>
      <div className="kpi" data-testid="kpi-arr" data-value={sum?.arr}>
        <dt>{t('dashboard.kpi.arr')}</dt>
        <dd>{value(sum ? f.money(sum.arr) : null)}</dd>
      </div>
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

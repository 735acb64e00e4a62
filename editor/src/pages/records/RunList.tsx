/**
 * The workflow runs a record started: status, workflow and version, when, the
 * outcome; each opens on its workflow's canvas with the trace lit (also a mandatory HQ
 * workflow that runs without a branch copy), and its steps can be read here too.
 */
import type { RunDetail, RunSummary } from '@branchline/schemas';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { href } from '../../app/router';
import { EmptyState, ErrorState, Loading } from '../../ui/states';
import { useAsync } from '../../ui/use-async';
import { usePagesApi } from '../shared/hooks';
import { formatInstant } from '../shared/time';

/** Where a run's trace opens on its workflow's canvas (./RunPage). */
export const runTraceHref = (run: Pick<RunSummary, 'id'>): string => href(`/runs/${encodeURIComponent(run.id)}`);

export function RunList({ recordId }: { recordId: string }) {
  const { t } = useTranslation();
  const pages = usePagesApi();
  const runs = useAsync(() => pages.runs({ recordId, limit: 100 }), [pages, recordId]);
  return (
    <section className="card" aria-labelledby="record-runs-title">
      <h2 id="record-runs-title">{t('records.runs')}</h2>
      {runs.status === 'loading' && <Loading />}
      {runs.status === 'error' && <ErrorState error={runs.error} onRetry={runs.reload} />}
      {runs.status === 'ready' && runs.data.items.length === 0 && <EmptyState title={t('records.noRuns')} />}
      {runs.status === 'ready' && runs.data.items.length > 0 && (
        <ul className="run-list" data-testid="record-runs">
          {runs.data.items.map((run) => (
            <RunItem key={run.id} run={run} />
          ))}
        </ul>
      )}
    </section>
  );
}

function RunItem({ run }: { run: RunSummary }) {
  const { t, i18n } = useTranslation();
  const pages = usePagesApi();
  const [steps, setSteps] = useState<{ status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ready'; run: RunDetail } | null>(null);
  const trace = runTraceHref(run);
  const version = run.definitionVersion ?? run.templateVersion;

  const toggle = () => {
    if (steps) return setSteps(null);
    setSteps({ status: 'loading' });
    pages.run(run.id).then(
      (detail) => setSteps({ status: 'ready', run: detail }),
      (error: unknown) => setSteps({ status: 'error', error }),
    );
  };

  return (
    <li className="run-item" data-run-id={run.id} data-status={run.status}>
      <div className="run-head">
        <span className={`badge badge-run-${run.status}`}>{t(`records.runStatus.${run.status}`)}</span>
        <strong>{run.workflowKey}</strong>
        {version !== null && <span className="muted small">{t('records.version', { version })}</span>}
        {!run.definitionId && <span className="badge badge-template">{t('records.hqWorkflow')}</span>}
        <span className="muted small">{t('records.startedAt', { time: formatInstant(run.startedAt, i18n.language) })}</span>
        {run.finishedAt && <span className="muted small">{t('records.finishedAt', { time: formatInstant(run.finishedAt, i18n.language) })}</span>}
        {run.outcome && <span className="small">{t('records.outcome', { outcome: run.outcome })}</span>}
        <span className="run-actions">
          <a className="btn btn-small" href={trace} data-testid="run-trace-link">
            {t('records.openTrace')}
          </a>
          <button type="button" className="btn btn-small btn-ghost" aria-expanded={steps !== null} onClick={toggle}>
            {steps ? t('records.hideSteps') : t('records.showSteps')}
          </button>
        </span>
      </div>
      {steps?.status === 'loading' && <Loading />}
      {steps?.status === 'error' && <ErrorState error={steps.error} />}
      {steps?.status === 'ready' && (
        <ol className="run-steps" data-testid="run-steps">
          {steps.run.trace.map((e) => (
            <li key={e.seq}>
              <code>{e.nodeId}</code> <span>{t(`workflow.trace.event.${e.event}`, { defaultValue: e.event })}</span>
              {e.port && <span className="muted"> → {t(`workflow.port.${e.port}`, { defaultValue: e.port })}</span>}
              <span className="muted small"> · {formatInstant(e.at, i18n.language)}</span>
            </li>
          ))}
        </ol>
      )}
    </li>
  );
}

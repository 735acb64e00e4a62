/**
 * Past runs of a published workflow (GET /runs?definitionId=), and the trace of
 * the one opened (GET /runs/:id) drawn on the canvas the same way as a dry run.
 */
import { useContext, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TraceEntry } from '@branchline/runtime';
import { AppContext } from '../../app/app-context';
import { EmptyState, ErrorState, Loading } from '../../ui/states';
import { useWorkflowDesigner } from '../designer-context';
import { useWorkflowEditor } from '../workflow-store';
import { overlayFromTrace } from './trace-overlay';
import { formatClock, TraceList } from './TraceList';
import { normalizeRun, runItems, type PastRun } from './past-runs';

type Load<T> = { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ready'; data: T };

/** `openRun` is shown at once; without `definitionId` (a mandatory HQ workflow that runs without a branch copy) there is no list. */
export function RunHistory({ definitionId, openRun }: { definitionId?: string; openRun?: string }) {
  const { t, i18n } = useTranslation();
  const app = useContext(AppContext);
  const definition = useWorkflowEditor((s) => s.definition);
  const { setOverlay } = useWorkflowDesigner();
  const [list, setList] = useState<Load<PastRun[]>>({ status: 'loading' });
  const [open, setOpen] = useState<Load<PastRun> | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    if (!app) return;
    if (!definitionId) return setList({ status: 'ready', data: [] });
    let live = true;
    setList({ status: 'loading' });
    app.api
      .request<unknown>('GET', `/runs?definitionId=${encodeURIComponent(definitionId)}`)
      .then((body) => live && setList({ status: 'ready', data: runItems(body) }))
      .catch((error: unknown) => live && setList({ status: 'error', error }));
    return () => {
      live = false;
    };
  }, [app, definitionId, reload]);

  const show = (id: string) => {
    if (!app) return;
    setOpen({ status: 'loading' });
    app.api
      .request<unknown>('GET', `/runs/${encodeURIComponent(id)}`)
      .then((body) => {
        const run = normalizeRun(body);
        setOpen({ status: 'ready', data: run });
        setOverlay(overlayFromTrace(definition, run.trace as TraceEntry[], run));
      })
      .catch((error: unknown) => setOpen({ status: 'error', error }));
  };

  useEffect(() => {
    if (openRun) show(openRun);
    // Once, for the run the page was opened with (not again when `show` is re-created).
  }, [openRun]);

  if (!app) return <p className="muted">{t('workflow.runs.unavailable')}</p>;
  return (
    <div className="wf-runs" data-testid="wf-runs">
      {definitionId && (
        <>
          <div className="wf-runs__head">
            <h2 className="wf-section-title">{t('workflow.runs.title')}</h2>
            <button type="button" className="btn btn-small" onClick={() => setReload((n) => n + 1)}>
              {t('workflow.runs.refresh')}
            </button>
          </div>
          {list.status === 'loading' && <Loading />}
          {list.status === 'error' && <ErrorState error={list.error} onRetry={() => setReload((n) => n + 1)} />}
          {list.status === 'ready' && list.data.length === 0 && <EmptyState title={t('workflow.runs.empty')} />}
          {list.status === 'ready' && list.data.length > 0 && (
            <ul className="wf-runs__list">
              {list.data.map((r) => (
                <li key={r.id}>
                  <button type="button" className={`wf-runs__item${open?.status === 'ready' && open.data.id === r.id ? ' is-open' : ''}`} data-testid="wf-run-item" onClick={() => show(r.id)}>
                    <span className={`wf-status wf-status--${r.status}`}>{t(`workflow.run.status.${r.status}`, { defaultValue: r.status })}</span>
                    <span>{r.startedAt !== undefined ? formatClock(r.startedAt, i18n.language) : r.id}</span>
                    {r.version !== undefined && <span className="muted">v{r.version}</span>}
                    {r.recordId && <code className="muted">{r.recordId}</code>}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {open?.status === 'loading' && <Loading />}
      {open?.status === 'error' && <ErrorState error={open.error} />}
      {open?.status === 'ready' && (
        <>
          <div className="wf-runs__head">
            <h3 className="wf-section-title">{t('workflow.runs.trace', { id: open.data.id })}</h3>
            <button
              type="button"
              className="btn btn-small"
              onClick={() => {
                setOpen(null);
                setOverlay(undefined);
              }}
            >
              {t('workflow.dryRun.clear')}
            </button>
          </div>
          {open.data.version !== undefined && open.data.version !== null && <p className="muted wf-hint">{t('workflow.runs.version', { version: open.data.version })}</p>}
          <TraceList trace={open.data.trace as TraceEntry[]} {...(open.data.startedAt !== undefined ? { startedAt: open.data.startedAt } : {})} />
        </>
      )}
    </div>
  );
}

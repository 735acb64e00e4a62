/**
 * A dashboard panel: title, CSV export of exactly the report it shows, its loading /
 * error / empty state, the chart, and the same numbers as a table (for screen
 * readers, keyboard users and anyone who wants the figures).
 */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../app/app-context';
import { EmptyState, ErrorState, Loading, useErrorText } from '../../ui/states';
import { downloadCsv } from '../shared/csv';
import type { QueryState } from '../shared/use-query';

export interface ChartCardProps<T> {
  id: string;
  title: string;
  state: QueryState<T> & { reload: () => void; refreshing?: boolean };
  isEmpty: (data: T) => boolean;
  csv: { path: string; query: Readonly<Record<string, string | number | undefined>>; filename: string };
  chart: (data: T) => ReactNode;
  table: (data: T) => ReactNode;
  wide?: boolean;
}

export function ChartCard<T>({ id, title, state, isEmpty, csv, chart, table, wide }: ChartCardProps<T>) {
  const { t, i18n } = useTranslation();
  const { session } = useApp();
  const errorText = useErrorText();
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);

  async function exportCsv() {
    setExporting(true);
    setExportError(null);
    try {
      await downloadCsv({ token: session.token, language: i18n.language, ...csv });
    } catch (err) {
      setExportError(errorText(err));
    } finally {
      setExporting(false);
    }
  }

  return (
    <section className={`chart-card${wide ? ' chart-wide' : ''}`} aria-labelledby={`${id}-title`} data-testid={`chart-${id}`} aria-busy={state.status === 'loading' || state.refreshing}>
      <header className="chart-head">
        <h2 id={`${id}-title`}>{title}</h2>
        <button type="button" className="btn btn-small" onClick={exportCsv} disabled={exporting} data-testid={`csv-${id}`}>
          {exporting ? t('states.working') : t('dashboard.exportCsv')}
        </button>
      </header>
      {exportError && (
        <p className="form-error small" role="alert">
          {exportError}
        </p>
      )}
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <ErrorState error={state.error} onRetry={state.reload} />}
      {state.status === 'ready' && isEmpty(state.data) && <EmptyState title={t('dashboard.noData')}>{t('dashboard.noDataHint')}</EmptyState>}
      {state.status === 'ready' && !isEmpty(state.data) && (
        <>
          <div className="chart-body">{chart(state.data)}</div>
          <details className="chart-table">
            <summary>{t('dashboard.showTable')}</summary>
            {table(state.data)}
          </details>
        </>
      )}
    </section>
  );
}

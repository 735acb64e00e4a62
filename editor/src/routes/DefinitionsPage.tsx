/**
 * The definitions of the user's org (and, for HQ, of every branch): forms and
 * workflows with their status, version and the template they derive from.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../app/app-context';
import { href } from '../app/router';
import type { DefinitionSummary } from '../api/types';
import { localized } from '../i18n/localized';
import { EmptyState, ErrorState, Loading } from '../ui/states';
import { useAsync } from '../ui/use-async';
import { NewDefinitionDialog } from './NewDefinitionDialog';
import { StatusBadge } from './StatusBadge';
import { OffBadge } from './OffBadge';

type KindFilter = 'all' | 'form' | 'workflow';

export default function DefinitionsPage() {
  const { t, i18n } = useTranslation();
  const { api, session } = useApp();
  const list = useAsync(() => api.listDefinitions(), [api]);
  const [filter, setFilter] = useState<KindFilter>('all');
  const [query, setQuery] = useState('');
  const [creating, setCreating] = useState<'form' | 'workflow' | null>(null);
  const canCreate = session.user.role !== 'hq_auditor' && session.user.role !== 'sales_rep';

  const items = useMemo(() => {
    if (list.status !== 'ready') return [];
    const q = query.trim().toLowerCase();
    return list.data.items.filter(
      (d) =>
        (filter === 'all' || d.kind === filter) &&
        (!q || (d.key ?? '').includes(q) || Object.values(d.title ?? {}).some((v) => v.toLowerCase().includes(q))),
    );
  }, [list, filter, query]);

  return (
    <div className="page">
      <div className="page-header">
        <h1>{t('definitions.title')}</h1>
        {canCreate && (
          <div className="toolbar">
            <button type="button" className="btn btn-primary" onClick={() => setCreating('form')}>
              {t('definitions.newForm')}
            </button>
            <button type="button" className="btn" onClick={() => setCreating('workflow')}>
              {t('definitions.newWorkflow')}
            </button>
          </div>
        )}
      </div>
      <div className="filters" role="search">
        <div className="segmented" role="group" aria-label={t('definitions.filterKind')}>
          {(['all', 'form', 'workflow'] as const).map((k) => (
            <button key={k} type="button" aria-pressed={filter === k} onClick={() => setFilter(k)}>
              {t(`definitions.kinds.${k}`)}
            </button>
          ))}
        </div>
        <label className="search">
          <span className="visually-hidden">{t('definitions.search')}</span>
          <input type="search" placeholder={t('definitions.search')} value={query} onChange={(e) => setQuery(e.target.value)} />
        </label>
      </div>
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ErrorState error={list.error} onRetry={list.reload} />}
      {list.status === 'ready' && list.data.items.length === 0 && (
        <EmptyState title={t('definitions.emptyTitle')}>{canCreate ? t('definitions.emptyHint') : t('definitions.emptyReadOnly')}</EmptyState>
      )}
      {list.status === 'ready' && list.data.items.length > 0 && items.length === 0 && <EmptyState title={t('definitions.noMatch')} />}
      {items.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('definitions.columns.title')}</th>
              <th scope="col">{t('definitions.columns.kind')}</th>
              <th scope="col">{t('definitions.columns.org')}</th>
              <th scope="col">{t('definitions.columns.status')}</th>
              <th scope="col">{t('definitions.columns.version')}</th>
              <th scope="col">{t('definitions.columns.template')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((d: DefinitionSummary) => (
              <tr key={d.id}>
                <td>
                  <a href={href(`/definitions/${encodeURIComponent(d.id)}`)} className="row-link">
                    {localized(d.title, i18n.language) || d.key || d.id}
                  </a>
                  {d.key && <div className="muted mono small">{d.key}</div>}
                </td>
                <td>{t(`definitions.kinds.${d.kind}`)}</td>
                <td className="mono">{d.orgId}</td>
                <td>
                  <StatusBadge status={d.status} />
                  {d.kind === 'workflow' && d.version > 0 && !d.active && <OffBadge />}
                </td>
                <td>{d.version}</td>
                <td>{d.template ? `${d.template.key}@${d.template.version}` : t('definitions.noTemplate')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <NewDefinitionDialog kind={creating} onClose={() => setCreating(null)} />
    </div>
  );
}

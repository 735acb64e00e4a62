/**
 * Records of the visible orgs, newest first, a page at a time: filter by form, org
 * and owner, search text values; open one; start a new record on a published form.
 */
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../app/app-context';
import { href, navigate } from '../../app/router';
import { localized } from '../../i18n/localized';
import { EmptyState, ErrorState, Loading } from '../../ui/states';
import { useFormsById, usePublishedForms, recordSummary } from '../shared/forms';
import { useOrgs, usePagesApi, useUsers } from '../shared/hooks';
import { formatInstant } from '../shared/time';
import { useQuery } from '../shared/use-query';
import '../pages.css';

const PAGE = 25;
const SUBMITTERS = ['hq_admin', 'branch_admin', 'sales_rep'];

interface Filters {
  definitionId: string;
  orgId: string;
  mine: boolean;
  q: string;
}

export default function RecordsPage() {
  const { t, i18n } = useTranslation();
  const { session } = useApp();
  const pages = usePagesApi();
  const orgs = useOrgs();
  const users = useUsers();
  const forms = usePublishedForms(pages);
  const [filters, setFilters] = useState<Filters>({ definitionId: '', orgId: '', mine: false, q: '' });
  const [search, setSearch] = useState('');
  // Cursors of the pages seen so far: [undefined, c1, c2 …]; the last is the page shown.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const list = useQuery(
    () =>
      pages.records({
        ...(filters.definitionId ? { definitionId: filters.definitionId } : {}),
        ...(filters.orgId ? { orgId: filters.orgId } : {}),
        ...(filters.mine ? { owner: 'me' } : {}),
        ...(filters.q ? { q: filters.q } : {}),
        limit: PAGE,
        ...(cursor ? { cursor } : {}),
      }),
    [pages, filters, cursor],
  );
  const items = list.status === 'ready' ? list.data.items : [];
  const formsById = useFormsById(
    pages,
    items.map((r) => r.definitionId),
  );
  const formTitles = useMemo(() => new Map((forms.status === 'ready' ? forms.data : []).map((d) => [d.id, localized(d.title, i18n.language) || d.key])), [forms, i18n.language]);
  const canCreate = SUBMITTERS.includes(session.user.role);
  const filtered = filters.definitionId !== '' || filters.orgId !== '' || filters.mine || filters.q !== '';

  const change = (next: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...next }));
    setCursors([undefined]);
  };
  const submitSearch = (e: FormEvent) => {
    e.preventDefault();
    change({ q: search.trim() });
  };

  return (
    <div className="page">
      <div className="page-header">
        <h1>{t('records.title')}</h1>
        {canCreate && <NewRecord forms={forms.status === 'ready' ? forms.data.map((d) => ({ id: d.id, title: formTitles.get(d.id) ?? d.key, orgId: d.orgId })) : []} orgName={orgs.name} />}
      </div>
      <div className="filters">
        <label className="field field-inline">
          <span>{t('records.form')}</span>
          <select value={filters.definitionId} onChange={(e) => change({ definitionId: e.target.value })}>
            <option value="">{t('records.allForms')}</option>
            {(forms.status === 'ready' ? forms.data : []).map((d) => (
              <option key={d.id} value={d.id}>
                {formTitles.get(d.id)} · {orgs.name(d.orgId)}
              </option>
            ))}
          </select>
        </label>
        {orgs.ids.length > 1 && (
          <label className="field field-inline">
            <span>{t('records.org')}</span>
            <select value={filters.orgId} onChange={(e) => change({ orgId: e.target.value })}>
              <option value="">{t('records.allOrgs')}</option>
              {orgs.ids.map((id) => (
                <option key={id} value={id}>
                  {orgs.name(id)}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="checkbox">
          <input type="checkbox" checked={filters.mine} onChange={(e) => change({ mine: e.target.checked })} />
          <span>{t('records.mine')}</span>
        </label>
        <form role="search" className="search-form" onSubmit={submitSearch}>
          <label className="search">
            <span className="visually-hidden">{t('records.search')}</span>
            <input type="search" placeholder={t('records.searchPlaceholder')} value={search} onChange={(e) => setSearch(e.target.value)} />
          </label>
          <button type="submit" className="btn">
            {t('records.searchButton')}
          </button>
        </form>
      </div>
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ErrorState error={list.error} onRetry={list.reload} />}
      {list.status === 'ready' && items.length === 0 && (
        <EmptyState title={filtered ? t('records.noMatch') : t('records.emptyTitle')}>{filtered ? t('records.noMatchHint') : canCreate ? t('records.emptyHint') : t('records.emptyReadOnly')}</EmptyState>
      )}
      {items.length > 0 && (
        <table className="table" data-testid="records-table" aria-busy={list.refreshing}>
          <thead>
            <tr>
              <th scope="col">{t('records.columns.record')}</th>
              <th scope="col">{t('records.columns.form')}</th>
              <th scope="col">{t('records.columns.org')}</th>
              <th scope="col">{t('records.columns.owner')}</th>
              <th scope="col">{t('records.columns.created')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => {
              const form = formsById.get(r.definitionId);
              const summary = recordSummary(form, r.data);
              return (
                <tr key={r.id} data-record-id={r.id}>
                  <td>
                    <a className="row-link" href={href(`/records/${encodeURIComponent(r.id)}`)}>
                      {summary[0] ?? r.id}
                    </a>
                    {summary[1] && <div className="muted small">{summary[1]}</div>}
                  </td>
                  <td>
                    {form ? localized(form.title, i18n.language) : r.definitionKey}
                    <div className="muted small">{t('records.version', { version: r.definitionVersion })}</div>
                  </td>
                  <td>{orgs.name(r.orgId)}</td>
                  <td>{users.name(r.ownerId)}</td>
                  <td>{formatInstant(r.createdAt, i18n.language)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {(cursors.length > 1 || (list.status === 'ready' && list.data.nextCursor)) && (
        <nav className="pager" aria-label={t('records.paging')}>
          <button type="button" className="btn" disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
            {t('records.previous')}
          </button>
          <span className="muted">{t('records.pageN', { n: cursors.length })}</span>
          <button type="button" className="btn" disabled={list.status !== 'ready' || !list.data.nextCursor} onClick={() => list.status === 'ready' && setCursors((c) => [...c, list.data.nextCursor])}>
            {t('records.next')}
          </button>
        </nav>
      )}
    </div>
  );
}

function NewRecord({ forms, orgName }: { forms: { id: string; title: string; orgId: string }[]; orgName: (id: string) => string }) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState('');
  if (forms.length === 0) return null;
  const selected = choice || forms[0]!.id;
  return (
    <form
      className="toolbar"
      onSubmit={(e) => {
        e.preventDefault();
        navigate(`/records/new/${encodeURIComponent(selected)}`);
      }}
    >
      <label className="field field-inline">
        <span>{t('records.newOn')}</span>
        <select value={selected} onChange={(e) => setChoice(e.target.value)} data-testid="new-record-form">
          {forms.map((f) => (
            <option key={f.id} value={f.id}>
              {f.title} · {orgName(f.orgId)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="btn btn-primary">
        {t('records.new')}
      </button>
    </form>
  );
}

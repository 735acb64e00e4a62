/**
 * The tamper-evident audit log (HQ admin, HQ auditor): whether the hash chain is
 * intact, and the entries newest first, filtered by actor, entity, action and
 * period, a page at a time. There is nothing here that changes the log.
 */
import type { AuditEntry, AuditQuery, AuditVerify } from '@branchline/schemas';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { href } from '../../app/router';
import { fromLocalInput } from '../../form-renderer/format';
import { EmptyState, ErrorState, Loading } from '../../ui/states';
import { useAsync, type AsyncState } from '../../ui/use-async';
import { useOrgs, usePagesApi, useUsers } from '../shared/hooks';
import { formatInstant } from '../shared/time';
import { useQuery } from '../shared/use-query';
import '../pages.css';

export const ENTITY_KINDS = ['record', 'definition', 'template', 'task', 'user', 'org', 'event', 'outbox'] as const;
const PAGE = 50;

interface Form {
  actor: string;
  entity: string;
  entityId: string;
  action: string;
  from: string;
  to: string;
}
const EMPTY: Form = { actor: '', entity: '', entityId: '', action: '', from: '', to: '' };

/** The API query of the filter form (entity `kind` or `kind:id`; local times → UTC instants). */
export function auditQuery(f: Form): AuditQuery {
  const entity = f.entity ? (f.entityId.trim() ? `${f.entity}:${f.entityId.trim()}` : f.entity) : '';
  const from = fromLocalInput(f.from);
  const to = fromLocalInput(f.to);
  return { ...(f.actor ? { actor: f.actor } : {}), ...(entity ? { entity } : {}), ...(f.action.trim() ? { action: f.action.trim() } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

export default function AuditPage() {
  const { t } = useTranslation();
  const pages = usePagesApi();
  const users = useUsers();
  const [form, setForm] = useState<Form>(EMPTY);
  const [applied, setApplied] = useState<AuditQuery>({});
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const verify = useAsync(() => pages.verifyAudit(), [pages]);
  const list = useQuery(() => pages.audit({ ...applied, limit: PAGE, ...(cursor ? { cursor } : {}) }), [pages, applied, cursor]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setApplied(auditQuery(form));
    setCursors([undefined]);
  };
  const set = (k: keyof Form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));

  return (
    <div className="page page-wide">
      <div className="page-header">
        <div>
          <a className="muted small" href={href('/dashboard')}>
            ← {t('dashboard.title')}
          </a>
          <h1>{t('audit.title')}</h1>
        </div>
        <ChainStatus state={verify} />
      </div>
      <form className="filters audit-filters" onSubmit={submit} role="search" aria-label={t('audit.filters')}>
        <label className="field">
          <span>{t('audit.actor')}</span>
          <select value={form.actor} onChange={set('actor')} data-testid="audit-actor">
            <option value="">{t('audit.anyone')}</option>
            {users.items.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name} ({u.email})
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('audit.entity')}</span>
          <select value={form.entity} onChange={set('entity')} data-testid="audit-entity">
            <option value="">{t('audit.anyEntity')}</option>
            {ENTITY_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`audit.entities.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('audit.entityId')}</span>
          <input value={form.entityId} onChange={set('entityId')} placeholder="rec_…" disabled={!form.entity} />
        </label>
        <label className="field">
          <span>{t('audit.action')}</span>
          <input value={form.action} onChange={set('action')} placeholder="record.create" />
        </label>
        <label className="field">
          <span>{t('audit.from')}</span>
          <input type="datetime-local" value={form.from} onChange={set('from')} />
        </label>
        <label className="field">
          <span>{t('audit.to')}</span>
          <input type="datetime-local" value={form.to} onChange={set('to')} />
        </label>
        <div className="toolbar audit-filter-actions">
          <button type="submit" className="btn btn-primary">
            {t('audit.apply')}
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => {
              setForm(EMPTY);
              setApplied({});
              setCursors([undefined]);
            }}
          >
            {t('audit.clear')}
          </button>
        </div>
      </form>
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ErrorState error={list.error} onRetry={list.reload} />}
      {list.status === 'ready' && list.data.items.length === 0 && <EmptyState title={t('audit.empty')}>{t('audit.emptyHint')}</EmptyState>}
      {list.status === 'ready' && list.data.items.length > 0 && <AuditTable items={list.data.items} userName={users.name} />}
      {(cursors.length > 1 || (list.status === 'ready' && list.data.nextCursor)) && (
        <nav className="pager" aria-label={t('audit.paging')}>
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

function ChainStatus({ state }: { state: AsyncState<AuditVerify> & { reload: () => void } }) {
  const { t } = useTranslation();
  if (state.status === 'loading') return <span className="chain chain-checking" role="status">{t('audit.verifying')}</span>;
  if (state.status === 'error') return <ErrorState error={state.error} onRetry={state.reload} />;
  const v = state.data;
  return (
    <div className={`chain ${v.ok ? 'chain-ok' : 'chain-broken'}`} role="status" data-testid="chain-status" data-ok={String(v.ok)} data-count={v.count}>
      <strong>{v.ok ? t('audit.chainOk') : t('audit.chainBroken')}</strong>
      <span className="small">{v.ok ? t('audit.chainOkDetail', { count: v.count }) : t('audit.chainBrokenDetail', { seq: v.firstBroken?.seq, reason: v.firstBroken?.reason })}</span>
      <button type="button" className="btn btn-small" onClick={state.reload}>
        {t('audit.verifyAgain')}
      </button>
    </div>
  );
}

function AuditTable({ items, userName }: { items: AuditEntry[]; userName: (id: string | null) => string }) {
  const { t, i18n } = useTranslation();
  const orgs = useOrgs();
  return (
    <table className="table table-compact" data-testid="audit-table">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">{t('audit.time')}</th>
          <th scope="col">{t('audit.actor')}</th>
          <th scope="col">{t('audit.org')}</th>
          <th scope="col">{t('audit.action')}</th>
          <th scope="col">{t('audit.entity')}</th>
          <th scope="col">{t('audit.change')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((e) => (
          <tr key={e.seq} data-seq={e.seq} data-action={e.action} data-entity={`${e.entity}:${e.entityId}`}>
            <td className="mono">{e.seq}</td>
            <td>{formatInstant(e.at, i18n.language)}</td>
            <td>{e.actorId ? userName(e.actorId) : t('audit.system')}</td>
            <td>{orgs.name(e.orgId)}</td>
            <td>
              <code>{e.action}</code>
            </td>
            <td>
              <code className="small">
                {e.entity}:{e.entityId}
              </code>
            </td>
            <td>
              <details>
                <summary>{t('audit.showChange')}</summary>
                <pre className="audit-diff">{JSON.stringify(e.diff, null, 2)}</pre>
                <p className="muted small mono" title={e.hash}>
                  {t('audit.hash', { hash: e.hash.slice(0, 16) })}
                </p>
              </details>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Change requests waiting for a branch admin: a designer's publish takes effect only
 * when approved here (or in the designer). Each shows who asked, when, and what
 * changed against the version in effect.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../app/app-context';
import { href } from '../../app/router';
import type { DefinitionDetail, DefinitionSummary } from '../../api/types';
import { jsonDiff, type DiffEntry } from '../../designer/json-diff';
import { DiffList } from '../gallery/DiffList';
import { localized } from '../../i18n/localized';
import { EmptyState, ErrorState, Loading, useErrorText } from '../../ui/states';
import { useAsync } from '../../ui/use-async';
import { useOrgs, usePagesApi, useUsers } from '../shared/hooks';
import { formatInstant } from '../shared/time';

interface Pending {
  readonly detail: DefinitionDetail;
  readonly changes: DiffEntry[];
}

export function ChangeRequests({ onDecided }: { onDecided: (text: string) => void }) {
  const { t } = useTranslation();
  const { api } = useApp();
  const pages = usePagesApi();
  const users = useUsers();
  const orgs = useOrgs();
  const names: Names = { user: users.name, org: orgs.name };
  const list = useAsync(async (): Promise<Pending[]> => {
    const { items } = await pages.definitions({ status: 'pending_approval' });
    return Promise.all(items.map((s: DefinitionSummary) => pendingOf(s.id)));
  }, [pages]);

  async function pendingOf(id: string): Promise<Pending> {
    const [detail, versions] = await Promise.all([pages.definition(id), api.listVersions(id)]);
    const current = [...versions.items].sort((a, b) => b.version - a.version)[0];
    return { detail, changes: jsonDiff(current?.definition ?? {}, detail.definition) };
  }

  return (
    <section className="inbox-section" aria-labelledby="change-requests-title">
      <h2 id="change-requests-title">{t('inbox.changeRequests')}</h2>
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ErrorState error={list.error} onRetry={list.reload} />}
      {list.status === 'ready' && list.data.length === 0 && <EmptyState title={t('inbox.noChangeRequests')} />}
      {list.status === 'ready' &&
        list.data.map((p) => (
          <ChangeRequestCard
            key={p.detail.id}
            pending={p}
            names={names}
            onDecided={(text) => {
              onDecided(text);
              list.reload();
            }}
          />
        ))}
    </section>
  );
}

type Names = { user: (id: string) => string; org: (id: string) => string };

function ChangeRequestCard({ pending, names, onDecided }: { pending: Pending; names: Names; onDecided: (text: string) => void }) {
  const { t, i18n } = useTranslation();
  const { api } = useApp();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const { detail, changes } = pending;
  const request = detail.changeRequest;
  const title = localized(detail.title, i18n.language) || detail.key;

  async function decide(approve: boolean) {
    setBusy(true);
    setError(null);
    try {
      const res = approve ? await api.approveDefinition(detail.id, comment || undefined) : await api.rejectDefinition(detail.id, comment || undefined);
      onDecided(approve ? t('inbox.approvedNotice', { title, version: res.definition.version }) : t('inbox.rejectedNotice', { title }));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <article className="task-card" data-testid="change-request" data-definition-id={detail.id} aria-label={title}>
      <header className="task-head">
        <div>
          <h3 className="task-title">
            <a href={href(`/definitions/${encodeURIComponent(detail.id)}`)}>{title}</a>
          </h3>
          <p className="muted small">
            {t(`definitions.kinds.${detail.kind}`)} · {names.org(detail.orgId)}
            {request ? ` · ${t('inbox.requestedBy', { who: names.user(request.requestedBy), time: formatInstant(request.requestedAt, i18n.language) })}` : ''}
          </p>
        </div>
        <span className="badge badge-pending_approval">{t('status.pending_approval')}</span>
      </header>
      <details className="change-list">
        <summary>{t('inbox.changes', { count: changes.length })}</summary>
        <DiffList entries={changes} />
      </details>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <footer className="task-foot">
        <div className="task-actions">
          <label className="visually-hidden" htmlFor={`comment-${detail.id}`}>
            {t('inbox.comment')}
          </label>
          <input id={`comment-${detail.id}`} className="task-note" placeholder={t('inbox.commentPlaceholder')} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={2000} />
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => decide(true)}>
            {t('inbox.approveChange')}
          </button>
          <button type="button" className="btn btn-danger" disabled={busy} onClick={() => decide(false)}>
            {t('inbox.rejectChange')}
          </button>
        </div>
      </footer>
    </article>
  );
}

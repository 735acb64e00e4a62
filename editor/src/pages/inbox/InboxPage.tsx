/**
 * The task inbox: the signed-in user's tasks (and their role's queue in the branch)
 * ordered by due time, each with a live SLA countdown; done / approve / reject.
 * Branch admins also see the change requests waiting for their approval.
 */
import type { TaskItem } from '@branchline/schemas';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../app/app-context';
import { EmptyState, ErrorState, Loading, useErrorText } from '../../ui/states';
import { useQuery } from '../shared/use-query';
import { Notice, type NoticeValue } from '../shared/Notice';
import { useNow, usePagesApi } from '../shared/hooks';
import { useRecordForms } from '../shared/record-forms';
import { ChangeRequests } from './ChangeRequests';
import { TaskCard, type Outcome } from './TaskCard';
import { slaState } from './sla';
import '../pages.css';

type Show = 'open' | 'closed';
const REFRESH_MS = 30_000;

export default function InboxPage() {
  const { t } = useTranslation();
  const { session } = useApp();
  const pages = usePagesApi();
  const errorText = useErrorText();
  const now = useNow(1000);
  const [show, setShow] = useState<Show>('open');
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<NoticeValue | null>(null);
  const tasks = useQuery(async () => {
    const { items } = await pages.tasks({ assignee: 'me', ...(show === 'open' ? { status: 'open' } : {}), limit: 200 });
    return show === 'open' ? items : items.filter((x) => x.status !== 'open');
  }, [pages, show]);
  const reload = tasks.reload;
  useEffect(() => {
    const timer = window.setInterval(reload, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reload]);
  const items: TaskItem[] = tasks.status === 'ready' ? tasks.data : [];
  const sources = useRecordForms(
    pages,
    items.flatMap((x) => (x.recordId ? [x.recordId] : [])),
  );
  const overdue = items.filter((x) => slaState(x, now).level === 'overdue').length;

  async function complete(task: TaskItem, outcome: Outcome, note: string) {
    setBusy(task.id);
    setNotice(null);
    try {
      await pages.completeTask(task.id, outcome, note.trim() ? { note: note.trim() } : undefined);
      setNotice({ kind: 'ok', text: t(`inbox.completed.${outcome}`) });
      reload();
    } catch (err) {
      setNotice({ kind: 'error', text: errorText(err) });
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="page">
      <div className="page-header">
        <h1>{t('inbox.title')}</h1>
        <div className="toolbar">
          <div className="segmented" role="group" aria-label={t('inbox.show')}>
            {(['open', 'closed'] as const).map((s) => (
              <button key={s} type="button" aria-pressed={show === s} onClick={() => setShow(s)}>
                {t(`inbox.shows.${s}`)}
              </button>
            ))}
          </div>
          <button type="button" className="btn" onClick={reload}>
            {t('inbox.refresh')}
          </button>
        </div>
      </div>
      {tasks.status === 'ready' && show === 'open' && items.length > 0 && (
        <p className="muted" data-testid="inbox-summary">
          {t('inbox.summary', { count: items.length })}
          {overdue > 0 && <strong className="text-danger"> {t('inbox.overdueCount', { count: overdue })}</strong>}
        </p>
      )}
      <section className="inbox-section" aria-label={t('inbox.tasks')}>
        {tasks.status === 'loading' && <Loading />}
        {tasks.status === 'error' && <ErrorState error={tasks.error} onRetry={reload} />}
        {tasks.status === 'ready' && items.length === 0 && (
          <EmptyState title={show === 'open' ? t('inbox.emptyTitle') : t('inbox.emptyClosedTitle')}>{show === 'open' ? t('inbox.emptyHint') : null}</EmptyState>
        )}
        {items.map((task) => (
          <TaskCard key={task.id} task={task} now={now} source={task.recordId ? sources.get(task.recordId) : undefined} busy={busy === task.id} onComplete={(o, note) => complete(task, o, note)} />
        ))}
      </section>
      {session.user.role === 'branch_admin' && <ChangeRequests onDecided={(text) => setNotice({ kind: 'ok', text })} />}
      <Notice notice={notice} onClose={() => setNotice(null)} />
    </div>
  );
}

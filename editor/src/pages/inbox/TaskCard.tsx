/**
 * One task in the inbox: what to do, for which customer, the background facts, a
 * live SLA countdown (overdue ones marked), and done / approve / reject.
 */
import type { TaskItem } from '@branchline/schemas';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { href } from '../../app/router';
import { localized } from '../../i18n/localized';
import { displayValue, fieldOf, type RecordForm } from '../shared/record-forms';
import { formatDuration, formatInstant } from '../shared/time';
import { slaState } from './sla';

export type Outcome = 'done' | 'approved' | 'rejected';

export function SlaBadge({ task, now }: { task: Pick<TaskItem, 'status' | 'createdAt' | 'dueAt'>; now: number }) {
  const { t } = useTranslation();
  const sla = slaState(task, now);
  if (sla.remainingMs === null || sla.level === 'closed') return null;
  const time = formatDuration(sla.remainingMs, t);
  return (
    <span className={`sla sla-${sla.level}`} data-testid="sla" data-level={sla.level} data-remaining-ms={sla.remainingMs} role="timer" aria-live="off">
      {sla.level === 'overdue' ? t('inbox.overdueBy', { time }) : t('inbox.dueIn', { time })}
    </span>
  );
}

export function TaskCard({ task, now, source, busy, onComplete }: { task: TaskItem; now: number; source: RecordForm | undefined; busy: boolean; onComplete: (outcome: Outcome, note: string) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [note, setNote] = useState('');
  const noteId = useId();
  const sla = slaState(task, now);
  const facts = Object.entries(task.facts ?? {});
  const customer = source?.record.data.company_name;
  const open = task.status === 'open';
  return (
    <article className={`task-card task-${sla.level}`} data-testid="task" data-task-id={task.id} data-level={sla.level} aria-labelledby={`${noteId}-title`}>
      <header className="task-head">
        <div>
          <h2 id={`${noteId}-title`} className="task-title">
            {localized(task.title, lang)}
          </h2>
          <p className="muted small">
            {t(`inbox.kinds.${task.kind}`)}
            {task.assigneeRole && !task.assigneeId ? ` · ${t('inbox.queueOf', { role: t(`roles.${task.assigneeRole}`, { defaultValue: task.assigneeRole }) })}` : ''}
            {typeof customer === 'string' ? ` · ${customer}` : ''}
          </p>
        </div>
        <div className="task-due">
          {sla.level === 'overdue' && <span className="badge badge-overdue">{t('inbox.overdue')}</span>}
          <SlaBadge task={task} now={now} />
          {task.dueAt && <span className="muted small">{t('inbox.dueAt', { time: formatInstant(task.dueAt, lang) })}</span>}
          {!task.dueAt && <span className="muted small">{t('inbox.noDue')}</span>}
        </div>
      </header>
      {task.instructions && <p className="task-instructions">{localized(task.instructions, lang)}</p>}
      {facts.length > 0 && (
        <dl className="facts" aria-label={t('inbox.facts')}>
          {facts.map(([key, value]) => {
            const field = fieldOf(source?.form, key);
            return (
              <div key={key} className="fact">
                <dt>{field ? localized(field.label, lang) : key}</dt>
                <dd>{displayValue(field, value, lang)}</dd>
              </div>
            );
          })}
        </dl>
      )}
      <footer className="task-foot">
        {task.recordId && (
          <a className="btn btn-ghost btn-small" href={href(`/records/${encodeURIComponent(task.recordId)}`)}>
            {t('inbox.openRecord')}
          </a>
        )}
        {open ? (
          <div className="task-actions">
            <label className="visually-hidden" htmlFor={`${noteId}-note`}>
              {t('inbox.note')}
            </label>
            <input id={`${noteId}-note`} className="task-note" placeholder={t('inbox.notePlaceholder')} value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
            {task.kind === 'approval' ? (
              <>
                <button type="button" className="btn btn-primary" disabled={busy} onClick={() => onComplete('approved', note)}>
                  {t('inbox.approve')}
                </button>
                <button type="button" className="btn btn-danger" disabled={busy} onClick={() => onComplete('rejected', note)}>
                  {t('inbox.reject')}
                </button>
              </>
            ) : (
              <button type="button" className="btn btn-primary" disabled={busy} onClick={() => onComplete('done', note)}>
                {t('inbox.done')}
              </button>
            )}
          </div>
        ) : (
          <span className="muted small" data-testid="task-outcome">
            {t(`inbox.outcomes.${task.status}`, { defaultValue: task.status })} · {formatInstant(task.completedAt, lang)}
          </span>
        )}
      </footer>
    </article>
  );
}

/**
 * The branch changes upgrades set aside, on the instance's designer page: each with
 * what it does, why it was set aside (the server's words, in the UI language) and
 * when, and — for a branch admin — "Re-apply" (into the draft, checked like any edit)
 * and "Discard" (confirmed; audited on the server). A refusal is shown under its entry.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { messageText } from '../i18n/localized';
import { formatInstant } from '../pages/shared/time';
import { useErrorText } from '../ui/states';
import { describeChange, type SetAsideEntry } from './set-aside';

export interface SetAsidePanelProps {
  readonly entries: readonly SetAsideEntry[];
  /** Whether the user may re-apply or discard (branch and HQ admins). */
  readonly canAct: boolean;
  /** Re-apply entry `index`; rejects with the server's refusal. */
  readonly onReapply: (index: number) => Promise<void>;
  readonly onDiscard: (index: number) => Promise<void>;
}

type Outcome = { kind: 'error'; index: number; lines: string[] } | { kind: 'done'; what: 'reapplied' | 'discarded' } | null;

export function SetAsidePanel({ entries, canAct, onReapply, onDiscard }: SetAsidePanelProps) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const [busy, setBusy] = useState<number | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  if (entries.length === 0 && outcome?.kind !== 'done') return null;

  async function act(index: number, what: 'reapplied' | 'discarded') {
    setBusy(index);
    setOutcome(null);
    try {
      await (what === 'reapplied' ? onReapply(index) : onDiscard(index));
      setConfirming(null);
      setOutcome({ kind: 'done', what });
    } catch (err) {
      const items = err instanceof ApiError ? err.problem.errors ?? [] : [];
      const lines = items.length ? items.map((p) => messageText(p.messages ?? p.message, i18n.language)) : [errorText(err)];
      setOutcome({ kind: 'error', index, lines });
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className={`banner ${entries.length ? 'banner-warning' : 'banner-info'} set-aside`} aria-labelledby={entries.length ? 'set-aside-title' : undefined} data-testid="set-aside">
      <div className="banner-body">
        {entries.length > 0 && (
          <>
            <strong id="set-aside-title">{t('gallery.setAside.title', { count: entries.length })}</strong>
            <p className="small">{canAct ? t('gallery.setAside.hint') : t('gallery.setAside.hintReadOnly')}</p>
          </>
        )}
        {outcome?.kind === 'done' && (
          <p className="small" role="status" data-testid="set-aside-outcome">
            {t(`gallery.setAside.${outcome.what}`)}
          </p>
        )}
        <ul className="set-aside-list">
          {entries.map((entry, i) => {
            const s = describeChange(entry.change);
            const error = outcome?.kind === 'error' && outcome.index === i ? outcome.lines : null;
            return (
              <li key={`${entry.at}-${i}`} data-testid="set-aside-entry" data-code={entry.reason.code} data-index={i}>
                <p>
                  <span className="badge">{t(`gallery.conflictCodes.${entry.reason.code}`, { defaultValue: entry.reason.code })}</span>{' '}
                  <strong>
                    {t(`gallery.elements.${s.element}`, { defaultValue: s.element })} {s.name && <code>{s.name}</code>} {t(`gallery.diff.${s.action}`)}
                  </strong>
                  {s.properties.length > 0 && <span className="muted small"> ({s.properties.join(', ')})</span>}
                </p>
                <p className="small" data-testid="set-aside-reason">
                  {messageText(entry.reason.message, i18n.language)}
                </p>
                <p className="muted small">{t('gallery.setAside.when', { time: formatInstant(entry.at, i18n.language), version: entry.templateVersion })}</p>
                {canAct && (
                  <div className="toolbar">
                    <button type="button" className="btn btn-small btn-primary" disabled={busy !== null} onClick={() => void act(i, 'reapplied')}>
                      {busy === i && confirming !== i ? t('states.working') : t('gallery.setAside.reapply')}
                    </button>
                    {confirming === i ? (
                      <>
                        <button type="button" className="btn btn-small btn-danger" disabled={busy !== null} onClick={() => void act(i, 'discarded')}>
                          {t('gallery.setAside.confirmDiscard')}
                        </button>
                        <button type="button" className="btn btn-small btn-ghost" disabled={busy !== null} onClick={() => setConfirming(null)}>
                          {t('actions.cancel')}
                        </button>
                      </>
                    ) : (
                      <button type="button" className="btn btn-small" disabled={busy !== null} onClick={() => setConfirming(i)}>
                        {t('gallery.setAside.discard')}
                      </button>
                    )}
                  </div>
                )}
                {error && (
                  <div role="alert" className="inline-errors" data-testid="set-aside-error">
                    <strong className="small">{t('gallery.setAside.refused')}</strong>
                    <ul>
                      {error.map((line, j) => (
                        <li key={j}>{line}</li>
                      ))}
                    </ul>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      </div>
    </section>
  );
}

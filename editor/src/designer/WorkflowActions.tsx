/**
 * A published workflow's run controls in the designer's toolbar: the Active / Off
 * switch (admins switch it; everyone else sees the state; HQ's mandatory workflows show
 * it locked with HQ's policy), the "Off — starts no new runs" badge, and Run now for a
 * manual workflow that names no form (one that does is started from a record's page).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../app/app-context';
import { navigate } from '../app/router';
import type { DefinitionDetail } from '../api/types';
import { messageText } from '../i18n/localized';
import { useErrorText } from '../ui/states';
import { LockIcon } from '../ui/LockIcon';
import { canStartRuns, canSwitchActive, mandatoryLock, manualTrigger } from './activation';
import { useAsync } from '../ui/use-async';
import type { Trigger } from '@branchline/schemas';
import { Notice } from '../pages/shared/Notice';

interface SwitchProps {
  detail: DefinitionDetail;
  active: boolean;
  /** The definition as the server answered the switch. */
  onChanged: (d: DefinitionDetail) => void;
}

/** Active / Off for a published workflow. */
export function ActiveSwitch({ detail, active, onChanged }: SwitchProps) {
  const { t, i18n } = useTranslation();
  const { api, session } = useApp();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const lock = mandatoryLock(detail);
  const allowed = canSwitchActive(session.user.role);
  const disabled = !allowed || busy || (lock !== null && active);
  const why = lock ? messageText(lock.message, i18n.language) : allowed ? '' : t('activation.notAllowed');

  async function toggle() {
    setBusy(true);
    setError(null);
    try {
      onChanged(active ? await api.deactivateDefinition(detail.id) : await api.activateDefinition(detail.id));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="active-switch" data-testid="active-switch" data-active={active} data-locked={lock !== null}>
      <button
        type="button"
        role="switch"
        aria-checked={active}
        aria-describedby={why ? `active-why-${detail.id}` : undefined}
        className={`switch ${active ? 'switch-on' : 'switch-off'}`}
        disabled={disabled}
        onClick={toggle}
        title={why || (active ? t('activation.switchOffHint') : t('activation.switchOnHint'))}
      >
        <span className="switch-track" aria-hidden="true">
          <span className="switch-thumb" />
        </span>
        <span className="switch-label">{busy ? t('states.working') : active ? t('activation.on') : t('activation.off')}</span>
        {lock && (
          <span className="switch-lock" aria-hidden="true">
            <LockIcon />
          </span>
        )}
      </button>
      {why && (
        <span id={`active-why-${detail.id}`} className="visually-hidden">
          {why}
        </span>
      )}
      <Notice notice={error ? { kind: 'error', text: error } : null} onClose={() => setError(null)} testId="active-error" />
    </div>
  );
}

/**
 * Why the switch of an instance of HQ's mandatory workflow is locked, up front under the
 * designer's header: the server's own refusal text (runtime `checkDisable`), with HQ's policy.
 */
export function MandatoryBanner({ detail }: { detail: DefinitionDetail }) {
  const { t, i18n } = useTranslation();
  const lock = mandatoryLock(detail);
  if (!lock) return null;
  return (
    <div className="banner banner-warning active-policy" role="note" data-testid="active-policy">
      <span className="banner-icon" aria-hidden="true">
        <LockIcon />
      </span>
      <div className="banner-body">
        <strong>{t('activation.mandatoryTitle')}</strong> {messageText(lock.message, i18n.language)}
      </div>
    </div>
  );
}

/**
 * Run now: starts the published manual workflow and opens the run. Offered when the
 * published version's trigger is manual without a form — what the server will run, not
 * the draft being edited (a draft changed to another trigger does not hide it, nor does a
 * draft made manual offer it before it is published). A refusal such as "switched off" is
 * shown in the UI language.
 */
export function RunNowButton({ detail, publishedVersion }: { detail: DefinitionDetail; publishedVersion: number }) {
  const { t } = useTranslation();
  const { api, session } = useApp();
  const errorText = useErrorText();
  const published = useAsync(
    async () => (publishedVersion > 0 ? ((await api.listVersions(detail.id)).items.find((v) => v.version === publishedVersion)?.definition ?? null) : null),
    [api, detail.id, publishedVersion],
  );
  const trigger = published.status === 'ready' ? ((published.data as { trigger?: Trigger } | null)?.trigger ?? null) : null;
  const manual = manualTrigger(trigger);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!manual || !canStartRuns(session.user.role)) return null;

  async function run() {
    setBusy(true);
    setError(null);
    try {
      const started = await api.startRun(detail.id);
      navigate(`/runs/${encodeURIComponent(started.id)}`);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  if (manual.form) {
    return (
      <span className="muted small" data-testid="run-now-from-record">
        {t('activation.runFromRecord', { form: manual.form })}
      </span>
    );
  }
  return (
    <>
      <button type="button" className="btn" onClick={run} disabled={busy} data-testid="run-now">
        <span aria-hidden="true">▶</span> {busy ? t('states.working') : t('activation.runNow')}
      </button>
      <Notice notice={error ? { kind: 'error', text: error } : null} onClose={() => setError(null)} testId="run-now-error" />
    </>
  );
}

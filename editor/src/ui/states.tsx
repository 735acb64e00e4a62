/** Loading, empty and error states, the same everywhere. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { messageText } from '../i18n/localized';

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t('states.loading')}</span>
    </div>
  );
}

export function EmptyState({ title, children, action }: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="state state-empty">
      <p className="state-title">{title}</p>
      {children && <div className="muted">{children}</div>}
      {action}
    </div>
  );
}

/** The text to show for an error from the API or elsewhere. */
export function useErrorText() {
  const { t, i18n } = useTranslation();
  return (error: unknown): string => {
    if (error instanceof ApiError) {
      if (error.status === 0) return t('errors.network');
      if (error.status === 401) return t('errors.unauthorized');
      if (error.status === 403) return t('errors.forbidden');
      if (error.status === 404) return t('errors.notFound');
      const first = error.problem.errors?.[0];
      if (first) return messageText(first.messages ?? first.message, i18n.language);
      return error.problem.detail ?? error.problem.title ?? t('errors.status', { status: error.status });
    }
    return t('errors.unexpected');
  };
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const text = useErrorText();
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">{t('states.errorTitle')}</p>
      <p>{text(error)}</p>
      {onRetry && (
        <button type="button" className="btn" onClick={onRetry}>
          {t('states.retry')}
        </button>
      )}
    </div>
  );
}

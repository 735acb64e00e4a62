/** A short message after an action (saved, completed, refused), dismissable, announced to screen readers. */
import { useTranslation } from 'react-i18next';

export interface NoticeValue {
  readonly kind: 'ok' | 'error';
  readonly text: string;
}

export function Notice({ notice, onClose, testId = 'notice' }: { notice: NoticeValue | null; onClose: () => void; testId?: string }) {
  const { t } = useTranslation();
  if (!notice) return null;
  return (
    <p className={notice.kind === 'ok' ? 'toast toast-ok' : 'toast toast-error'} role={notice.kind === 'ok' ? 'status' : 'alert'} data-testid={testId}>
      {notice.text}
      <button type="button" className="btn btn-ghost btn-small" onClick={onClose} aria-label={t('actions.dismiss')}>
        ×
      </button>
    </p>
  );
}

import { useTranslation } from 'react-i18next';

/** A published workflow switched off: its trigger starts no new runs (runs in flight go on). */
export function OffBadge() {
  const { t } = useTranslation();
  return (
    <span className="badge badge-off" data-testid="workflow-off" title={t('activation.offHint')}>
      {t('activation.offBadge')}
    </span>
  );
}

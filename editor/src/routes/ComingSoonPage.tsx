/** A page that a later part of the app fills (template gallery, records, inbox, HQ dashboard). */
import { useTranslation } from 'react-i18next';
import { usePath } from '../app/router';
import { EmptyState } from '../ui/states';

export default function ComingSoonPage() {
  const { t } = useTranslation();
  const path = usePath();
  const name = path.split('/')[1] ?? '';
  return (
    <div className="page">
      <h1>{t(`nav.${name}`, { defaultValue: t('comingSoon.title') })}</h1>
      <EmptyState title={t('comingSoon.title')}>{t('comingSoon.body')}</EmptyState>
    </div>
  );
}

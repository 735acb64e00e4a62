import { useTranslation } from 'react-i18next';

const KNOWN = ['draft', 'pending_approval', 'published', 'archived'];

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className={`badge badge-${status}`}>{KNOWN.includes(status) ? t(`status.${status}`) : status}</span>;
}

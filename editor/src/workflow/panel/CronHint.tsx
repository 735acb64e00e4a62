/** Under a schedule trigger's cron: what it means in words, and the time zone it is read in. */
import { useTranslation } from 'react-i18next';
import { describeCron, WEEKDAY_KEYS } from './cron-hint';

/** The server reads a cron without a time zone in Asia/Shanghai (server/src/domain/cron.ts). */
const DEFAULT_TIMEZONE = 'Asia/Shanghai';

export function CronHint({ cron, timezone }: { cron: string; timezone?: string | undefined }) {
  const { t } = useTranslation();
  const hint = describeCron(cron);
  const days = (hint.days ?? []).map((d) => t(`activation.cron.weekday.${WEEKDAY_KEYS[d]}`)).join(t('activation.cron.listSeparator'));
  const text = t(`activation.cron.${hint.key}`, { ...hint.values, days });
  return (
    <p className="muted wf-hint" data-testid="cron-hint" data-kind={hint.key}>
      {hint.key === 'invalid' ? text : t('activation.cron.inZone', { text, zone: timezone || DEFAULT_TIMEZONE })}
    </p>
  );
}

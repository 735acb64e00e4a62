/**
 * Under a schedule trigger's cron: what it means in words, the time zone it is read in,
 * and the next three times it fires — computed with croner, the library the server's
 * scheduler uses (server/src/domain/cron.ts), so the preview and the real firing agree.
 */
import { Cron } from 'croner';
import { useTranslation } from 'react-i18next';
import { describeCron, WEEKDAY_KEYS } from './cron-hint';

/** The server reads a cron without a time zone in Asia/Shanghai (server/src/domain/cron.ts). */
const DEFAULT_TIMEZONE = 'Asia/Shanghai';

export type NextFires = { readonly times: readonly Date[] } | { readonly problem: 'invalid' | 'neverFires' | 'badZone' };

/** The next `count` fire times after `from`, or why there are none. */
export function nextFires(cron: string, zone: string, from: Date, count = 3): NextFires {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    return { problem: 'badZone' };
  }
  let job: Cron;
  try {
    job = new Cron(cron, { paused: true, timezone: zone });
  } catch {
    return { problem: 'invalid' };
  }
  const times = job.nextRuns(count, from);
  return times.length ? { times } : { problem: 'neverFires' };
}

export function CronHint({ cron, timezone, now = () => new Date() }: { cron: string; timezone?: string | undefined; now?: () => Date }) {
  const { t, i18n } = useTranslation();
  const zone = timezone || DEFAULT_TIMEZONE;
  const hint = describeCron(cron);
  const days = (hint.days ?? []).map((d) => t(`activation.cron.weekday.${WEEKDAY_KEYS[d]}`)).join(t('activation.cron.listSeparator'));
  const text = t(`activation.cron.${hint.key}`, { ...hint.values, days });
  const next = hint.key === 'invalid' ? undefined : nextFires(cron, zone, now());
  let upcoming: string | undefined;
  if (next && 'times' in next) {
    const format = new Intl.DateTimeFormat(i18n.language, { timeZone: zone, weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    upcoming = t('activation.cron.next', { times: next.times.map((d) => format.format(d)).join(t('activation.cron.listSeparator')) });
  } else if (next) {
    upcoming = next.problem === 'invalid' ? t('activation.cron.invalid') : t(`activation.cron.${next.problem}`, { zone });
  }
  return (
    <>
      <p className="muted wf-hint" data-testid="cron-hint" data-kind={hint.key}>
        {hint.key === 'invalid' ? text : t('activation.cron.inZone', { text, zone })}
      </p>
      {upcoming && (
        <p className={next && 'problem' in next ? 'inline-error' : 'muted wf-hint'} data-testid="cron-next" role={next && 'problem' in next ? 'alert' : undefined}>
          {upcoming}
        </p>
      )}
    </>
  );
}

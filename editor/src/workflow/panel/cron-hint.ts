/**
 * A short human reading of a five-field cron (minute hour day month weekday) for the
 * trigger panel: the common shapes in words, anything else field by field. It only
 * explains; the server checks the cron with croner when the draft is saved.
 * The result is an i18n key under `activation.cron` with its values.
 *
 * @example describeCron('0 9 * * 1-5') // → { key: 'weekdaysAt', values: { time: '09:00' } }
 * @example describeCron('30 8 * * 1')  // → { key: 'weeklyAt', values: { time: '08:30' }, days: [1] }
 */
export const CRON_HINT_KEYS = ['invalid', 'everyMinute', 'everyNMinutes', 'hourlyAt', 'dailyAt', 'weekdaysAt', 'weeklyAt', 'monthlyAt', 'fields'] as const;
export const WEEKDAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

export interface CronHint {
  readonly key: (typeof CRON_HINT_KEYS)[number];
  readonly values: Readonly<Record<string, string | number>>;
  /** For weeklyAt: the weekdays, 0 = Sunday … 6 = Saturday. */
  readonly days?: readonly number[];
}

const NUMBER = /^\d+$/;
const two = (n: number) => String(n).padStart(2, '0');

/** 0–6 from a weekday field of numbers, lists and ranges (7 is Sunday too); null for anything else. */
function weekdays(field: string): number[] | null {
  const out = new Set<number>();
  for (const part of field.split(',')) {
    const range = /^(\d)(?:-(\d))?$/.exec(part);
    if (!range) return null;
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    if (from > 7 || to > 7 || to < from) return null;
    for (let d = from; d <= to; d++) out.add(d % 7);
  }
  return [...out].sort((a, b) => a - b);
}

export function describeCron(cron: string): CronHint {
  const parts = cron.trim().split(/\s+/);
  if (parts.length !== 5 || parts[0] === '') return { key: 'invalid', values: {} };
  const [minute, hour, day, month, weekday] = parts as [string, string, string, string, string];
  const anyDate = day === '*' && month === '*';
  const m = NUMBER.test(minute) ? Number(minute) : null;
  const h = NUMBER.test(hour) ? Number(hour) : null;
  if (anyDate && weekday === '*' && hour === '*') {
    if (minute === '*') return { key: 'everyMinute', values: {} };
    const every = /^\*\/(\d+)$/.exec(minute);
    if (every && Number(every[1]) > 0 && Number(every[1]) < 60) return { key: 'everyNMinutes', values: { n: Number(every[1]) } };
    if (m !== null && m < 60) return { key: 'hourlyAt', values: { minute: m } };
  }
  if (m !== null && m < 60 && h !== null && h < 24) {
    const time = `${two(h)}:${two(m)}`;
    if (anyDate && weekday === '*') return { key: 'dailyAt', values: { time } };
    if (anyDate) {
      const days = weekdays(weekday);
      if (days && days.join(',') === '1,2,3,4,5') return { key: 'weekdaysAt', values: { time } };
      if (days && days.length > 0) return { key: 'weeklyAt', values: { time }, days };
    }
    if (month === '*' && weekday === '*' && NUMBER.test(day) && Number(day) >= 1 && Number(day) <= 31) return { key: 'monthlyAt', values: { time, day: Number(day) } };
  }
  return { key: 'fields', values: { minute, hour, day, month, weekday } };
}

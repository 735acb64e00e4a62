/**
 * ISO 8601 dates and date-times as they cross the expression boundary:
 * `2026-11-26` (a date, read as midnight UTC) and RFC 3339 date-times such as
 * `2026-11-26T08:00:00Z` or `2026-11-26T16:00:00+08:00`.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;

/** Earliest and latest instants accepted (years 0001–9999, as CEL timestamps). */
const MIN_MS = -62135596800000;
const MAX_MS = 253402300799999;

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days && y >= 1;
}

/**
 * Epoch milliseconds of an ISO date or RFC 3339 date-time, or `undefined` when the
 * text is not one (calendar checked: `2026-02-30` is refused).
 * @example parseIsoMillis('2026-11-26') // → 1795651200000
 */
export function parseIsoMillis(text: string): number | undefined {
  if (text.length > 40) return undefined;
  const d = DATE.exec(text);
  if (d) {
    const [y, m, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
    return validDay(y, m, day) ? Date.UTC(y, m - 1, day) : undefined;
  }
  const t = DATE_TIME.exec(text);
  if (!t) return undefined;
  const [y, m, day, h, min, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(t[i] ?? 0)) as [number, number, number, number, number, number];
  if (!validDay(y, m, day) || h > 23 || min > 59 || s > 59) return undefined;
  const ms = t[7] ? Number(t[7].slice(0, 3).padEnd(3, '0')) : 0;
  let offset = 0;
  if (!t[8]) {
    const oh = Number(t[10]);
    const om = Number(t[11]);
    if (oh > 23 || om > 59) return undefined;
    offset = (t[9] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  const millis = Date.UTC(y, m - 1, day, h, min, s, ms) - offset;
  return millis >= MIN_MS && millis <= MAX_MS ? millis : undefined;
}

/** Whether epoch milliseconds lie in the range dates may take. */
export function inDateRange(millis: number): boolean {
  return Number.isFinite(millis) && millis >= MIN_MS && millis <= MAX_MS;
}

/**
 * `YYYY-MM-DD` of an instant, in UTC.
 * @example isoDate(Date.UTC(2026, 10, 26, 23)) // → '2026-11-26'
 */
export function isoDate(millis: number): string {
  return new Date(millis).toISOString().slice(0, 10);
}

/**
 * `YYYY-MM-DDTHH:mm:ss.sssZ` of an instant.
 * @example isoDateTime(0) // → '1970-01-01T00:00:00.000Z'
 */
export function isoDateTime(millis: number): string {
  return new Date(millis).toISOString();
}

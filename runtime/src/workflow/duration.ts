/**
 * ISO 8601 durations as workflow definitions write them (`PT8M`, `PT1H`, `P1D`,
 * `P1DT12H`, `P2W`), parsed without a library and without the clock.
 *
 * Only exact units are accepted: weeks, days (24 h), hours, minutes and seconds
 * (seconds may have a fraction). Years and months have no fixed length, so
 * `P1M` / `P1Y` are refused rather than guessed.
 */

const UNIT_MS = { W: 604_800_000, D: 86_400_000, H: 3_600_000, M: 60_000, S: 1_000 } as const;
const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,3})?)S)?)?$/;

/**
 * Milliseconds of an ISO 8601 duration, or `undefined` when the text is not one.
 * @example parseDuration('PT1H') // → 3_600_000
 * @example parseDuration('P1DT12H') // → 129_600_000
 * @example parseDuration('P1M') // → undefined (months have no fixed length)
 */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return undefined;
  const [, w, d, h, min, s] = m;
  return (
    num(w) * UNIT_MS.W +
    num(d) * UNIT_MS.D +
    num(h) * UNIT_MS.H +
    num(min) * UNIT_MS.M +
    Math.round(num(s) * UNIT_MS.S)
  );
}

const num = (part: string | undefined): number => (part === undefined ? 0 : Number(part));

/**
 * Hours as milliseconds, for `withinHours` SLAs; `undefined` unless a finite number ≥ 0.
 * @example hoursToMs(4) // → 14_400_000
 */
export function hoursToMs(hours: unknown): number | undefined {
  return typeof hours === 'number' && Number.isFinite(hours) && hours >= 0 ? Math.round(hours * UNIT_MS.H) : undefined;
}

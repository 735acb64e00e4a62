/**
 * Times as people read them: instants in the UI language and time zone, and
 * durations ("3 h 59 min") from translated unit patterns.
 */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

/** `2026-03-01T08:00:00Z` → "2026/3/1 16:00" (zh-CN) or "Mar 1, 2026, 4:00 PM" (en). */
export function formatInstant(iso: string | null | undefined, lang: string): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

const UNITS = [
  { key: 'd', ms: 86_400_000 },
  { key: 'h', ms: 3_600_000 },
  { key: 'm', ms: 60_000 },
  { key: 's', ms: 1000 },
] as const;

/**
 * The two largest non-zero units of a duration, each through the translation
 * `inbox.units.<d|h|m|s>` (e.g. "{{n}} h"); seconds only under an hour.
 * @example formatDuration(3 * 3600_000 + 59 * 60_000 + 5000, t) // "3 h 59 min"
 */
export function formatDuration(ms: number, t: Translate): string {
  let rest = Math.max(0, Math.floor(Math.abs(ms) / 1000) * 1000);
  const parts: string[] = [];
  for (const u of UNITS) {
    if (u.key === 's' && Math.abs(ms) >= 3_600_000) break;
    const n = Math.floor(rest / u.ms);
    rest -= n * u.ms;
    if (n > 0 || (parts.length > 0 && parts.length < 2)) parts.push(t(`inbox.units.${u.key}`, { n }));
    if (parts.length === 2) break;
  }
  return parts.length ? parts.join(' ') : t('inbox.units.s', { n: 0 });
}

/**
 * Friendly durations ("4 h", "30 min", "2 d") ↔ the ISO 8601 durations definitions
 * store (`PT4H`, `PT30M`, `P2D`), in the shape the schema's `Duration` accepts.
 *
 * @example
 * toIsoDuration({ amount: 4, unit: 'h' }); // 'PT4H'
 * fromIsoDuration('P1DT12H');              // { amount: 36, unit: 'h' }
 */
export type DurationUnit = 'min' | 'h' | 'd';
export interface FriendlyDuration {
  readonly amount: number;
  readonly unit: DurationUnit;
}

const ISO = /^P(?!$)(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const MINUTES: Record<DurationUnit, number> = { min: 1, h: 60, d: 1440 };

/** Minutes in an ISO duration (seconds rounded up to a minute); undefined when it is not one. */
export function isoDurationMinutes(iso: string): number | undefined {
  const m = ISO.exec(iso);
  if (!m) return undefined;
  const [, d, h, min, s] = m;
  return Number(d ?? 0) * 1440 + Number(h ?? 0) * 60 + Number(min ?? 0) + Math.ceil(Number(s ?? 0) / 60);
}

/** Milliseconds in an ISO duration, seconds kept exact. */
export function isoDurationMs(iso: string): number | undefined {
  const m = ISO.exec(iso);
  if (!m) return undefined;
  const [, d, h, min, s] = m;
  return (((Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 + Number(min ?? 0)) * 60 + Number(s ?? 0)) * 1000;
}

/** The largest whole unit that states `iso` exactly: P1D → 1 d, PT90M → 90 min, P1DT12H → 36 h. */
export function fromIsoDuration(iso: string): FriendlyDuration | undefined {
  const minutes = isoDurationMinutes(iso);
  if (minutes === undefined) return undefined;
  if (minutes > 0 && minutes % 1440 === 0) return { amount: minutes / 1440, unit: 'd' };
  if (minutes > 0 && minutes % 60 === 0) return { amount: minutes / 60, unit: 'h' };
  return { amount: minutes, unit: 'min' };
}

/** ISO text for a friendly duration; undefined for a non-positive or fractional amount. */
export function toIsoDuration(d: FriendlyDuration): string | undefined {
  if (!Number.isInteger(d.amount) || d.amount <= 0) return undefined;
  switch (d.unit) {
    case 'd':
      return `P${d.amount}D`;
    case 'h':
      return `PT${d.amount}H`;
    case 'min':
      return `PT${d.amount}M`;
  }
}

/** Short text for a duration, e.g. "4 h"; the raw text when it is not ISO. */
export function formatDuration(iso: string): string {
  const d = fromIsoDuration(iso);
  return d ? `${d.amount} ${d.unit}` : iso;
}

/** Minutes of `d`. */
export function friendlyMinutes(d: FriendlyDuration): number {
  return d.amount * MINUTES[d.unit];
}

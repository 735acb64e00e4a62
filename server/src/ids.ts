import { randomBytes } from 'node:crypto';

// Random characters are drawn 4096 at a time (one system call per 409 ids), and the time
// part is made once per millisecond: a submission makes several ids.
const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';
let pool = '';
let offset = 0;
let lastNow = Number.NaN;
let lastTime = '';

function refill(): void {
  const bytes = randomBytes(4096);
  const chars: string[] = new Array<string>(bytes.length);
  // A slight modulo bias is harmless: ids are not secrets.
  for (let i = 0; i < bytes.length; i++) chars[i] = DIGITS[bytes[i]! % 36]!;
  pool = chars.join('');
  offset = 0;
}

/**
 * A new id: `prefix_` + 9 base-36 characters of the time (sortable) + 10 random
 * base-36 characters. Ids made later sort later, so they also serve as cursors.
 * @example newId('rec', Date.now()) // 'rec_lx2k9a0bq3f9zk2m1xw'
 */
export function newId(prefix: string, now: number): string {
  if (offset + 10 > pool.length) refill();
  const rand = pool.slice(offset, offset + 10);
  offset += 10;
  if (now !== lastNow) {
    lastNow = now;
    lastTime = now.toString(36).padStart(9, '0');
  }
  return `${prefix}_${lastTime}${rand}`;
}

export type Clock = () => number;
export const systemClock: Clock = () => Date.now();

let lastIsoMs = Number.NaN;
let lastIso = '';
/** RFC 3339 UTC text of epoch milliseconds (the last one is kept: a response often names one instant twice). */
export const iso = (ms: number): string => {
  if (ms !== lastIsoMs) {
    lastIso = new Date(ms).toISOString();
    lastIsoMs = ms;
  }
  return lastIso;
};

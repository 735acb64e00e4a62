import { randomBytes } from 'node:crypto';

/**
 * A new id: `prefix_` + 9 base-36 characters of the time (sortable) + 10 random
 * base-36 characters. Ids made later sort later, so they also serve as cursors.
 * @example newId('rec', Date.now()) // 'rec_lx2k9a0bq3f9zk2m1xw'
 */
// Random bytes are drawn 4 KiB at a time: one system call per 512 ids.
let pool = Buffer.alloc(0);
let offset = 0;
const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';

export function newId(prefix: string, now: number): string {
  if (offset + 10 > pool.length) {
    pool = randomBytes(4096);
    offset = 0;
  }
  let rand = '';
  // 10 base-36 characters from 10 bytes (a slight modulo bias is harmless: ids are not secrets).
  for (let i = 0; i < 10; i++) rand += DIGITS[pool[offset + i]! % 36];
  offset += 10;
  return `${prefix}_${now.toString(36).padStart(9, '0')}${rand}`;
}

export type Clock = () => number;
export const systemClock: Clock = () => Date.now();

export const iso = (ms: number) => new Date(ms).toISOString();

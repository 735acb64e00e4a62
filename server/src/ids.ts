import { randomBytes } from 'node:crypto';

/**
 * A new id: `prefix_` + 9 base-36 characters of the time (sortable) + 10 random
 * base-36 characters. Ids made later sort later, so they also serve as cursors.
 * @example newId('rec', Date.now()) // 'rec_lx2k9a0bq3f9zk2m1xw'
 */
export function newId(prefix: string, now: number): string {
  const bytes = randomBytes(8);
  let rand = '';
  for (const b of bytes) rand += (b % 36).toString(36);
  return `${prefix}_${now.toString(36).padStart(9, '0')}${rand}${(bytes[0]! >> 4).toString(36)}${(bytes[1]! >> 4).toString(36)}`;
}

export type Clock = () => number;
export const systemClock: Clock = () => Date.now();

export const iso = (ms: number) => new Date(ms).toISOString();

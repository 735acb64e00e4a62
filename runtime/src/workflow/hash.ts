/**
 * Stable, pure hashing for experiments: split arms and version rollouts. The same
 * record always lands in the same bucket, on every machine and in every release,
 * because the hash is FNV-1a (32 bit) over the UTF-16 code units of a fixed text.
 */

/**
 * 32-bit FNV-1a of a string, as an unsigned integer.
 * @example fnv1a('') // → 2166136261
 */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A bucket in [0, 100) with two decimals for `parts` joined by `:`. FNV-1a's low
 * bits mix poorly for short similar keys, so the hash is finalised (murmur3 fmix)
 * before taking the remainder.
 * @example bucketOf(['rec-1', 'split-1', '']) // → a number such as 42.17, always the same
 */
export function bucketOf(parts: readonly string[]): number {
  let h = fnv1a(parts.join(':'));
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return ((h >>> 0) % 10_000) / 100;
}

/**
 * The index of the arm a bucket falls in, percentages taken cumulatively in order.
 * A bucket beyond the total (percentages summing to less than 100) takes the last arm.
 * @example pickByPercent([{ percent: 50 }, { percent: 50 }], 73.5) // → 1
 */
export function pickByPercent(arms: readonly { readonly percent: number }[], bucket: number): number {
  let upTo = 0;
  for (let i = 0; i < arms.length; i++) {
    upTo += arms[i]!.percent;
    if (bucket < upTo) return i;
  }
  return arms.length - 1;
}

/** One version in a rollout: its share of new runs, and whether it is the control group. */
export interface RolloutShare<V = number> {
  readonly version: V;
  readonly percent: number;
  readonly control?: boolean;
}

/**
 * The definition version a new run of `recordId` uses when several versions run side
 * by side. Pure and stable: the same record, rollout and salt always give the same
 * version, so a customer never flips between versions; changing the salt reshuffles.
 * Percentages are cumulative in the order given and should sum to 100; the control
 * entry is the version the others are measured against (usually the current one).
 *
 * @example
 * chooseVersion([{ version: 3, percent: 80, control: true }, { version: 4, percent: 20 }], 'rec-42', 'grading-2026q4')
 * // → 3 for about 80 % of records, 4 for the rest; always the same for 'rec-42'
 */
export function chooseVersion<V = number>(rollout: readonly RolloutShare<V>[], recordId: string, salt = ''): V {
  if (rollout.length === 0) throw new RangeError('chooseVersion needs at least one version in the rollout');
  return rollout[pickByPercent(rollout, bucketOf([recordId, 'version', salt]))]!.version;
}

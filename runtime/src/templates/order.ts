/**
 * Ordering of keyed lists (fields, sections, table columns): where to put an
 * element, and the fewest "place X after Y" steps that turn one order into another.
 */

/**
 * Insert `item` after the element whose id is `after` (`null` → first,
 * `undefined` → last). Returns false, leaving `list` unchanged, when `after` is not found.
 * @example insertAfter(['a', 'c'], 'b', 'a', (x) => x) // list becomes ['a', 'b', 'c']
 */
export function insertAfter<T>(list: T[], item: T, after: string | null | undefined, idOf: (x: T) => string): boolean {
  if (after === undefined) {
    list.push(item);
    return true;
  }
  if (after === null) {
    list.unshift(item);
    return true;
  }
  const at = list.findIndex((x) => idOf(x) === after);
  if (at < 0) return false;
  list.splice(at + 1, 0, item);
  return true;
}

/** One step of a reordering: put `id` right after `after` (`null` → first). `isNew` when `id` is not in the current list. */
export interface Placement {
  readonly id: string;
  readonly after: string | null;
  readonly isNew: boolean;
}

/**
 * The steps that turn `current` into `target` (same ids, possibly some new ones in
 * `target`; ids missing from `target` must already be gone from `current`). The
 * longest run of elements already in order stays put; every other element is placed
 * after its predecessor in `target`, in `target` order, so the result is exact.
 * @example placements(['a', 'b', 'c'], ['c', 'a', 'x', 'b']) // → [{id:'c',after:null}, {id:'x',after:'a',isNew:true}]
 */
export function placements(current: readonly string[], target: readonly string[]): Placement[] {
  const position = new Map(current.map((id, i) => [id, i]));
  const stable = longestIncreasing(target.filter((id) => position.has(id)).map((id) => position.get(id)!));
  const keep = new Set([...stable].map((i) => current[i]!));
  const out: Placement[] = [];
  target.forEach((id, i) => {
    if (keep.has(id)) return;
    out.push({ id, after: i === 0 ? null : target[i - 1]!, isNew: !position.has(id) });
  });
  return out;
}

/** The values of one longest strictly increasing subsequence (patience sorting, O(n log n)). */
function longestIncreasing(values: readonly number[]): Set<number> {
  const tails: number[] = [];
  const tailAt: number[] = [];
  const previous: number[] = new Array<number>(values.length).fill(-1);
  values.forEach((v, i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tails[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    tails[lo] = v;
    tailAt[lo] = i;
    previous[i] = lo > 0 ? tailAt[lo - 1]! : -1;
  });
  const out = new Set<number>();
  for (let i = tails.length > 0 ? tailAt[tails.length - 1]! : -1; i >= 0; i = previous[i]!) out.add(values[i]!);
  return out;
}

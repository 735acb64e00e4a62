/**
 * Three-way merge of values for template upgrades: base = HQ's old version,
 * theirs = HQ's new version, ours = the branch's version. Where both sides changed
 * the same thing differently, HQ's new value is kept and a conflict records the
 * branch's value (at a path inside the element) so it can be set aside, not lost.
 */
import { deepEqual, isRecord } from './json';
import { ADD_ONLY_TEXT, FREE_TEXT } from './violations';

/** A step into a value: a property name, or an item of a keyed list (`columns` by key, `options` by value). */
export type PathSegment = string | { readonly id: string };
export type Path = readonly PathSegment[];

export type ConflictCode =
  | 'key_taken_by_hq'
  | 'element_removed_by_hq'
  | 'removed_element_changed_by_hq'
  | 'tightened_rule_changed_by_hq'
  | 'changed_by_both';

/** A conflict inside one element: what the branch had at `path`, where HQ's value now stands. */
export interface ValueConflict {
  readonly code: ConflictCode;
  readonly path: Path;
  readonly base: unknown;
  readonly ours: unknown;
  readonly theirs: unknown;
}

const LOWER = new Set(['min', 'minLength', 'minItems', 'minRows']);
const UPPER = new Set(['max', 'maxLength', 'maxItems', 'maxRows']);

function order(x: unknown, y: unknown): number {
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  if (typeof x === 'string' && typeof y === 'string') return Date.parse(x) - Date.parse(y);
  return NaN;
}

/** Whether validation value `x` for rule `k` is stricter than `y` (a tightening of it). */
export function stricter(k: string, x: unknown, y: unknown): boolean {
  if (x === undefined) return false;
  if (LOWER.has(k)) return y === undefined || order(x, y) > 0;
  if (UPPER.has(k)) return y === undefined || order(x, y) < 0;
  if (k === 'integer') return x === true && y !== true;
  if (k === 'pattern') return y === undefined;
  return false;
}

/** The id of a keyed list item: a column's `key`, an option's `value`. */
export function itemId(item: unknown): string | undefined {
  if (!isRecord(item)) return undefined;
  return typeof item.key === 'string' ? item.key : typeof item.value === 'string' ? item.value : undefined;
}

const KEYED_LISTS = new Set(['columns', 'options']);
const isText = (name: string) => FREE_TEXT.has(name) || ADD_ONLY_TEXT.has(name);

/**
 * Merge one property value. Texts merge per locale, `validation` per rule (both
 * tightened → the stricter wins; the branch tightened and HQ loosened or changed →
 * conflict), columns and options per item; anything else is atomic.
 */
export function mergeValue(name: string, b: unknown, o: unknown, t: unknown, path: Path, out: ValueConflict[]): unknown {
  if (deepEqual(o, b)) return t;
  if (deepEqual(t, b)) return o;
  if (deepEqual(o, t)) return o;
  if (isText(name) && isRecord(b) && isRecord(o) && isRecord(t)) return mergeRecord(b, o, t, path, (_k, x, y, z, p) => atomic(x, y, z, p, out));
  if (name === 'validation' && (isRecord(b) || b === undefined) && isRecord(o) && (isRecord(t) || t === undefined)) {
    return mergeRecord(b ?? {}, o, t ?? {}, path, (k, x, y, z, p) => mergeRule(k, x, y, z, p, out));
  }
  if (KEYED_LISTS.has(name) && Array.isArray(b) && Array.isArray(o) && Array.isArray(t)) return mergeItems(b, o, t, path, out);
  return atomic(b, o, t, path, out);
}

function atomic(b: unknown, o: unknown, t: unknown, path: Path, out: ValueConflict[]): unknown {
  if (deepEqual(o, b)) return t;
  if (deepEqual(t, b) || deepEqual(o, t)) return o;
  out.push({ code: 'changed_by_both', path, base: b, ours: o, theirs: t });
  return t;
}

function mergeRule(k: string, b: unknown, o: unknown, t: unknown, path: Path, out: ValueConflict[]): unknown {
  if (deepEqual(o, b)) return t;
  if (deepEqual(t, b) || deepEqual(o, t)) return o;
  const oursTightened = stricter(k, o, b);
  if (oursTightened && stricter(k, t, b) && (LOWER.has(k) || UPPER.has(k))) return stricter(k, o, t) ? o : t;
  out.push({ code: oursTightened ? 'tightened_rule_changed_by_hq' : 'changed_by_both', path, base: b, ours: o, theirs: t });
  return t;
}

type Merge = (key: string, b: unknown, o: unknown, t: unknown, path: Path) => unknown;

function mergeRecord(b: Record<string, unknown>, o: Record<string, unknown>, t: Record<string, unknown>, path: Path, merge: Merge): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const keys = [...new Set([...Object.keys(t), ...Object.keys(o), ...Object.keys(b)])];
  for (const k of keys) {
    const v = merge(k, b[k], o[k], t[k], [...path, k]);
    if (v !== undefined) Object.defineProperty(result, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return result;
}

/** Merge a keyed list inside an element (table columns, select options), item by item. */
function mergeItems(b: unknown[], o: unknown[], t: unknown[], path: Path, out: ValueConflict[]): unknown[] {
  const byId = (list: unknown[]) => new Map(list.map((x) => [itemId(x) ?? JSON.stringify(x), x]));
  const [bm, om, tm] = [byId(b), byId(o), byId(t)];
  const merged = new Map<string, unknown>();
  for (const id of new Set([...tm.keys(), ...om.keys(), ...bm.keys()])) {
    const [x, y, z] = [bm.get(id), om.get(id), tm.get(id)];
    const at = [...path, { id }];
    const conflict = (code: ConflictCode) => out.push({ code, path: at, base: x, ours: y, theirs: z });
    if (x === undefined) {
      if (y !== undefined && z !== undefined && !deepEqual(y, z)) conflict('key_taken_by_hq');
      if (z !== undefined || y !== undefined) merged.set(id, z ?? y);
    } else if (y === undefined) {
      if (z !== undefined && !deepEqual(x, z)) {
        conflict('removed_element_changed_by_hq');
        merged.set(id, z);
      }
    } else if (z === undefined) {
      if (!deepEqual(x, y)) conflict('element_removed_by_hq');
    } else merged.set(id, isRecord(x) && isRecord(y) && isRecord(z) ? mergeElement(x, y, z, at, out) : atomic(x, y, z, at, out));
  }
  const ids = mergeOrder([...bm.keys()], [...om.keys()], [...tm.keys()]).filter((id) => merged.has(id));
  return ids.map((id) => merged.get(id));
}

/** Merge an element's properties one by one (fields, columns, options, nodes, sections …). */
export function mergeElement(b: Record<string, unknown>, o: Record<string, unknown>, t: Record<string, unknown>, path: Path, out: ValueConflict[]): Record<string, unknown> {
  return mergeRecord(b, o, t, path, (k, x, y, z, p) => mergeValue(k, x, y, z, p, out));
}

/**
 * The merged order of a keyed list. When only the branch reordered HQ's elements,
 * its order wins and HQ's new elements follow their predecessor in HQ's order;
 * otherwise HQ's order wins and the branch's own elements follow their predecessor
 * in the branch's order.
 * @example mergeOrder(['a', 'b'], ['b', 'a', 'x'], ['a', 'b', 'c']) // → ['b', 'a', 'x', 'c']
 */
export function mergeOrder(base: readonly string[], ours: readonly string[], theirs: readonly string[]): string[] {
  const inBase = new Set(base);
  const common = (list: readonly string[], other: readonly string[]) => list.filter((id) => inBase.has(id) && other.includes(id));
  const branchReordered = !deepEqual(common(ours, ours), common(base, ours));
  const hqReordered = !deepEqual(common(theirs, theirs), common(base, theirs));
  const [skeleton, extra] = branchReordered && !hqReordered ? [ours, theirs] : [theirs, ours];
  const result = [...new Set(skeleton)];
  extra.forEach((id, i) => {
    if (result.includes(id)) return;
    let at = 0;
    for (let j = i - 1; j >= 0; j--) {
      const k = result.indexOf(extra[j]!);
      if (k >= 0) {
        at = k + 1;
        break;
      }
    }
    result.splice(at, 0, id);
  });
  return result;
}

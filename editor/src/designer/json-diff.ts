/**
 * What changed between two versions of a definition, as a list of JSON pointers
 * with the value before and after. Elements of arrays that carry a stable id
 * (`key` for fields, `id` for sections, nodes, edges, rules) are matched by it, so
 * moving a field shows as one move, not as every later field changed.
 *
 * @example
 * jsonDiff({ fields: [a, b] }, { fields: [b, a2] })
 * // → [{ op: 'moved', pointer: '/fields/a' }, { op: 'changed', pointer: '/fields/a/label/en', … }]
 */
import { deepEqual } from '../store/form-edits';

export type DiffEntry =
  | { readonly op: 'added'; readonly pointer: string; readonly after: unknown }
  | { readonly op: 'removed'; readonly pointer: string; readonly before: unknown }
  | { readonly op: 'changed'; readonly pointer: string; readonly before: unknown; readonly after: unknown }
  | { readonly op: 'moved'; readonly pointer: string; readonly from: number; readonly to: number };

const esc = (t: string | number) => String(t).replace(/~/g, '~0').replace(/\//g, '~1');
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function idOf(item: unknown): string | undefined {
  if (!isObj(item)) return undefined;
  if (typeof item.key === 'string') return item.key;
  if (typeof item.id === 'string') return item.id;
  return undefined;
}

export function jsonDiff(before: unknown, after: unknown, at = ''): DiffEntry[] {
  if (deepEqual(before, after)) return [];
  if (isObj(before) && isObj(after)) {
    const out: DiffEntry[] = [];
    for (const k of Object.keys(before)) {
      if (!(k in after)) out.push({ op: 'removed', pointer: `${at}/${esc(k)}`, before: before[k] });
      else out.push(...jsonDiff(before[k], after[k], `${at}/${esc(k)}`));
    }
    for (const k of Object.keys(after)) if (!(k in before)) out.push({ op: 'added', pointer: `${at}/${esc(k)}`, after: after[k] });
    return out;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const ids = (list: unknown[]) => list.map(idOf);
    const b = ids(before);
    const a = ids(after);
    const keyed = b.every((x) => x !== undefined) && a.every((x) => x !== undefined) && new Set(b).size === b.length && new Set(a).size === a.length;
    if (keyed) return diffKeyed(before, after, b as string[], a as string[], at);
    const out: DiffEntry[] = [];
    const n = Math.max(before.length, after.length);
    for (let i = 0; i < n; i++) {
      if (i >= after.length) out.push({ op: 'removed', pointer: `${at}/${i}`, before: before[i] });
      else if (i >= before.length) out.push({ op: 'added', pointer: `${at}/${i}`, after: after[i] });
      else out.push(...jsonDiff(before[i], after[i], `${at}/${i}`));
    }
    return out;
  }
  return [{ op: 'changed', pointer: at, before, after }];
}

function diffKeyed(before: unknown[], after: unknown[], b: string[], a: string[], at: string): DiffEntry[] {
  const out: DiffEntry[] = [];
  const common = b.filter((id) => a.includes(id));
  const orderAfter = a.filter((id) => b.includes(id));
  b.forEach((id, i) => {
    if (!a.includes(id)) out.push({ op: 'removed', pointer: `${at}/${esc(id)}`, before: before[i] });
  });
  common.forEach((id, i) => {
    const j = orderAfter.indexOf(id);
    if (i !== j) out.push({ op: 'moved', pointer: `${at}/${esc(id)}`, from: b.indexOf(id), to: a.indexOf(id) });
    out.push(...jsonDiff(before[b.indexOf(id)], after[a.indexOf(id)], `${at}/${esc(id)}`));
  });
  a.forEach((id, i) => {
    if (!b.includes(id)) out.push({ op: 'added', pointer: `${at}/${esc(id)}`, after: after[i] });
  });
  return out;
}

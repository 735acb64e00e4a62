/**
 * Canonical JSON for hashing: object keys sorted, no whitespace, `undefined` properties
 * dropped (as JSON.stringify does). The same value always gives the same text.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const s = JSON.stringify(value);
    return s === undefined ? 'null' : s;
  }
  if (Array.isArray(value)) return '[' + value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',') + ']';
  const keys = Object.keys(value).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = (value as Record<string, unknown>)[k];
    if (v === undefined || typeof v === 'function') continue;
    out += (first ? '' : ',') + JSON.stringify(k) + ':' + canonicalJson(v);
    first = false;
  }
  return out + '}';
}

/**
 * The before/after of a change, keeping only what changed at the top level.
 * @example diff({a: 1, b: 2}, {a: 1, b: 3}) // → {before: {b: 2}, after: {b: 3}}
 */
export function diff(before: Record<string, unknown> | null, after: Record<string, unknown> | null): { before?: Record<string, unknown>; after?: Record<string, unknown> } {
  if (!before) return after ? { after } : {};
  if (!after) return { before };
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const x = before[k];
    const y = after[k];
    if (x === y) continue;
    if (x !== undefined && y !== undefined && typeof x === 'object' && typeof y === 'object' && canonicalJson(x) === canonicalJson(y)) continue;
    if (x !== undefined) b[k] = x;
    if (y !== undefined) a[k] = y;
  }
  return { before: b, after: a };
}

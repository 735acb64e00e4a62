/**
 * Evaluation order of a form's fields: a field's value (computed, or hidden by
 * visibleWhen) depends on the fields its expressions name, so values are settled in
 * topological order. A cycle is reported with the keys that form it.
 */

export type OrderResult = { readonly ok: true; readonly order: string[] } | { readonly ok: false; readonly cycle: string[] };

/**
 * Order `keys` so that every key comes after the keys it depends on (ties keep the
 * given order). Dependencies on unknown keys are ignored.
 * @example topologicalOrder(['total', 'qty'], new Map([['total', ['qty']]])) // → { ok: true, order: ['qty', 'total'] }
 * @example topologicalOrder(['a', 'b'], new Map([['a', ['b']], ['b', ['a']]])) // → { ok: false, cycle: ['a', 'b', 'a'] }
 */
export function topologicalOrder(keys: readonly string[], deps: ReadonlyMap<string, readonly string[]>): OrderResult {
  const known = new Set(keys);
  const state = new Map<string, 'visiting' | 'done'>();
  const order: string[] = [];
  const path: string[] = [];
  const visit = (key: string): string[] | undefined => {
    const s = state.get(key);
    if (s === 'done') return undefined;
    if (s === 'visiting') return [...path.slice(path.indexOf(key)), key];
    state.set(key, 'visiting');
    path.push(key);
    for (const d of deps.get(key) ?? []) {
      if (!known.has(d)) continue;
      const cycle = visit(d);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(key, 'done');
    order.push(key);
    return undefined;
  };
  for (const key of keys) {
    const cycle = visit(key);
    if (cycle) return { ok: false, cycle };
  }
  return { ok: true, order };
}

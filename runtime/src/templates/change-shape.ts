/**
 * The shape of overlay changes, checked by the overlay's JSON Schema before any
 * change is applied: a malformed change (missing `field`, unknown `type` …) is a
 * problem at its pointer and is skipped, never an exception.
 */
import { SCHEMA_VERSION, validateShape, type OverlayChange, type Problem } from '@branchline/schemas';

/** Shape problems of `changes` (pointers `${base}/N/…`), by change index; index -1 for the list itself. */
export function changeShapeProblems(changes: readonly unknown[], base = '/changes'): Map<number, Problem[]> {
  const out = new Map<number, Problem[]>();
  const problems = validateShape('overlay', { schemaVersion: SCHEMA_VERSION, kind: 'overlay', template: { key: 'shape-check', version: 1 }, changes });
  for (const p of problems) {
    const m = /^\/changes(?:\/(\d+))?/.exec(p.pointer);
    if (!m) continue;
    const i = m[1] === undefined ? -1 : Number(m[1]);
    const list = out.get(i) ?? [];
    list.push({ ...p, pointer: base + p.pointer.slice('/changes'.length) });
    out.set(i, list);
  }
  return out;
}

/** The changes with a sound shape, with their index in the list. */
export function soundChanges(changes: readonly unknown[]): { change: OverlayChange; index: number }[] {
  const bad = changeShapeProblems(changes);
  return changes.flatMap((change, index) => (bad.has(index) ? [] : [{ change: change as OverlayChange, index }]));
}

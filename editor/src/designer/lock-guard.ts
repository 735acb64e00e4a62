/**
 * A store guard for a branch's instance of an HQ template: refuses any edit that
 * would remove or loosen a locked element. The decision is the runtime's
 * `checkLocks` on the overlay the edit would produce — the same function the server
 * runs again before it accepts a save. Only problems the edit introduces refuse it,
 * so a definition that already conflicts (e.g. after HQ tightened a lock) can still
 * be repaired step by step.
 *
 * @example
 * const store = createFormStore(definition, { guard: lockGuard(template) });
 */
import { checkLocks, deriveOverlay, isMandatory } from '@branchline/runtime';
import type { Problem, Template } from '@branchline/schemas';
import type { Definition } from '../api/types';
import type { Refusal } from '../store/editor-store';

export type LockGuard<D> = (before: D, after: D, edit: { type: string }) => Refusal | null;

const problemId = (p: Problem) => `${p.code}|${p.pointer}|${p.message.en}`;

export function lockGuard<D extends Definition>(template: Template | null | undefined): LockGuard<D> | undefined {
  if (!template || (template.locks.length === 0 && !isMandatory(template))) return undefined;
  const cache = new WeakMap<object, Problem[]>();
  const problemsOf = (d: D): Problem[] => {
    let found = cache.get(d);
    if (!found) {
      found = d.kind === template.definition.kind ? checkLocks(template, deriveOverlay(template, d)) : [];
      cache.set(d, found);
    }
    return found;
  };
  return (before, after, edit) => {
    const now = problemsOf(after);
    if (now.length === 0) return null;
    const old = new Set(problemsOf(before).map(problemId));
    const fresh = now.filter((p) => !old.has(problemId(p)));
    return fresh.length > 0 ? { editType: edit.type, reasons: fresh.map((p) => ({ pointer: p.pointer, message: p.message })) } : null;
  };
}

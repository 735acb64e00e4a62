/**
 * Everything the server checks before it saves or publishes a branch instance, in
 * one call: the overlay applies, keeps HQ's locks, and gives a valid definition.
 */
import type { Overlay, Problem, Template } from '@branchline/schemas';
import { validateDefinition, type ValidateOptions } from '../validate';
import { checkLocks } from './check-locks';
import type { Definition } from './elements';
import { resolveTemplate } from './resolve';

export interface InstanceCheck {
  /** The effective definition (changes that could not apply are left out). */
  readonly definition: Definition;
  /** Problems in the overlay: changes that do not apply, and lock refusals (pointers `/changes/N…`). */
  readonly overlayProblems: Problem[];
  /** Problems in the effective definition: shape and semantics (pointers into the definition). */
  readonly definitionProblems: Problem[];
  /** True when there are no problems of either kind (warnings aside). */
  readonly ok: boolean;
}

/**
 * Resolve a branch instance and check it: overlay problems (missing elements,
 * lock refusals) and definition problems (the same validation as any definition).
 * @example
 * const check = checkInstance(template, overlay, { resolveForm });
 * if (!check.ok) reply(422, [...check.overlayProblems, ...check.definitionProblems]);
 */
export function checkInstance(template: Template, overlay: Overlay, options: ValidateOptions = {}): InstanceCheck {
  const resolved = resolveTemplate(template, overlay);
  const overlayProblems = [...resolved.problems, ...checkLocks(template, overlay)];
  const definitionProblems = validateDefinition(resolved.definition, options);
  const errors = (ps: Problem[]) => ps.filter((p) => p.severity !== 'warning').length;
  return { definition: resolved.definition, overlayProblems, definitionProblems, ok: errors(overlayProblems) + errors(definitionProblems) === 0 };
}

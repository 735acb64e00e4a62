/**
 * Checking an edited definition before it is saved: the shape and semantic validators
 * (the same the editor and the CLI run) and, for a template instance, HQ's locks —
 * the overlay is derived by diffing the edit against the template, so it does not
 * matter which tool made the edit. Problems point into the request body (`/definition/…`).
 */
import { checkLocks, deriveOverlay, resolveTemplate, validateDefinition } from '@branchline/runtime';
import { validateShape, type FormDefinition, type Overlay, type Problem, type Template, type WorkflowDefinition } from '@branchline/schemas';
import { AppError, underPointer, type LocatedProblem } from '../errors/app-error';
import type { DomainDeps } from './deps';
import { scheduleProblems } from './cron';

type Definition = FormDefinition | WorkflowDefinition;
const COLLECTION: Record<string, string> = { field: 'fields', section: 'sections', rule: 'rules', node: 'nodes', edge: 'edges' };

/** Re-point a lock problem (which points into the derived overlay) at the element in the edited definition. */
function pointAtElement(p: Problem, edited: Definition, base: string): LocatedProblem {
  const params = (p.params ?? {}) as { element?: string; key?: string; id?: string };
  const coll = params.element ? COLLECTION[params.element] : undefined;
  let at = `${base}`;
  if (params.element === 'trigger') at = `${base}/trigger`;
  else if (coll) {
    const list = (edited as unknown as Record<string, { key?: string; id?: string }[] | undefined>)[coll] ?? [];
    const i = list.findIndex((e) => (params.key !== undefined ? e.key === params.key : e.id === params.id));
    at = i >= 0 ? `${base}/${coll}/${i}` : `${base}/${coll}`;
  }
  return { ...p, pointer: at, params: { ...(p.params ?? {}), overlayPointer: p.pointer } };
}

function isDefinition(v: unknown): v is Definition {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && ((v as { kind?: unknown }).kind === 'form' || (v as { kind?: unknown }).kind === 'workflow');
}

/** The kind and key of a definition are its identity: records, runs and triggers name them. */
export function checkIdentity(edited: unknown, expected: { kind: string; key: string } | null, base = '/definition'): asserts edited is Definition {
  if (!isDefinition(edited)) {
    throw new AppError('definition_invalid', { problems: [{ pointer: `${base}/kind`, code: 'unknown_kind', message: { en: '"kind" must be "form" or "workflow".', 'zh-CN': '"kind" 必须是 "form" 或 "workflow"。' } }] });
  }
  if (!expected) return;
  const out: LocatedProblem[] = [];
  if (edited.kind !== expected.kind) out.push({ pointer: `${base}/kind`, code: 'immutable', message: { en: `The kind cannot change; it is "${expected.kind}".`, 'zh-CN': `类型不能修改，应为"${expected.kind}"。` } });
  if (edited.key !== expected.key) out.push({ pointer: `${base}/key`, code: 'immutable', message: { en: `The key cannot change; it is "${expected.key}".`, 'zh-CN': `键不能修改，应为"${expected.key}"。` } });
  if (out.length) throw new AppError('definition_invalid', { problems: out });
}

/**
 * How strict a check is. `publish`: any problem refuses. `draft`: a draft may be
 * saved while its logic is unfinished (a half-written condition, a step not yet
 * connected) — the shape must be right and HQ's locks hold, but semantic problems are
 * returned for the designer to show instead of refusing the save. Publishing re-checks
 * strictly, so nothing unfinished ever takes effect.
 */
export type CheckMode = 'draft' | 'publish';

/**
 * Shape and semantics of a form or workflow, workflows checked against their trigger
 * form as `orgId` sees it. Throws 422 on shape problems (and, when publishing, on any
 * problem); returns the semantic problems a draft may keep.
 */
export function checkDefinition(deps: DomainDeps, def: Definition, orgId: string, base = '/definition', mode: CheckMode = 'publish'): LocatedProblem[] {
  const shape = validateShape(def.kind, def);
  if (shape.length) throw new AppError('definition_invalid', { problems: underPointer(base, shape) });
  const problems: LocatedProblem[] = [
    ...underPointer(base, validateDefinition(def, { resolveForm: (key: string) => deps.forms.formByKey(key, orgId) })),
    // The runtime is pure and has no cron library: the server checks schedule triggers itself.
    ...(def.kind === 'workflow' ? (scheduleProblems(def, base, deps.clock()) as LocatedProblem[]) : []),
  ];
  if (problems.length && mode === 'publish') throw new AppError('definition_invalid', { problems });
  return problems;
}

/**
 * An edited instance of `template`: derive the overlay, refuse every touched lock,
 * resolve, and check the result. Returns the effective definition and the overlay.
 */
export function checkInstanceEdit(
  deps: DomainDeps,
  template: Template,
  edited: Definition,
  orgId: string,
  base = '/definition',
  mode: CheckMode = 'publish',
): { definition: Definition; overlay: Overlay; problems: LocatedProblem[] } {
  // The shape first: an overlay cannot be derived from a malformed edit.
  const shape = validateShape(edited.kind, edited);
  if (shape.length) throw new AppError('definition_invalid', { problems: underPointer(base, shape) });
  const overlay = deriveOverlay(template, edited);
  const locks = checkLocks(template, overlay);
  if (locks.length) throw new AppError('locked_element', { problems: locks.map((p) => pointAtElement(p, edited, base)) });
  // Check the edit itself first, so problems point into what the caller sent.
  const problems = checkDefinition(deps, edited, orgId, base, mode);
  const resolved = resolveTemplate(template, overlay);
  if (resolved.problems.length) throw new AppError('definition_invalid', { problems: underPointer('/overlay', resolved.problems) });
  const definition = resolved.definition as Definition;
  if (problems.length === 0) checkDefinition(deps, definition, orgId, base, mode);
  return { definition, overlay, problems };
}

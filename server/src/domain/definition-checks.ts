/**
 * Checking an edited definition before it is saved: the shape and semantic validators
 * (the same the editor and the CLI run) and, for a template instance, HQ's locks —
 * the overlay is derived by diffing the edit against the template, so it does not
 * matter which tool made the edit. Problems point into the request body (`/definition/…`).
 */
import { checkLocks, deriveOverlay, resolveTemplate, validateDefinition } from '@branchline/runtime';
import type { FormDefinition, Overlay, Problem, Template, WorkflowDefinition } from '@branchline/schemas';
import { AppError, underPointer, type LocatedProblem } from '../errors/app-error';
import type { DomainDeps } from './deps';

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

/** Shape and semantics of a form or workflow, workflows checked against their trigger form as `orgId` sees it. */
export function checkDefinition(deps: DomainDeps, def: Definition, orgId: string, base = '/definition'): void {
  const problems = validateDefinition(def, { resolveForm: (key: string) => deps.forms.formByKey(key, orgId) });
  if (problems.length) throw new AppError('definition_invalid', { problems: underPointer(base, problems) });
}

/**
 * An edited instance of `template`: derive the overlay, refuse every touched lock,
 * resolve, and check the result. Returns the effective definition and the overlay.
 */
export function checkInstanceEdit(deps: DomainDeps, template: Template, edited: Definition, orgId: string, base = '/definition'): { definition: Definition; overlay: Overlay } {
  const overlay = deriveOverlay(template, edited);
  const locks = checkLocks(template, overlay);
  if (locks.length) throw new AppError('locked_element', { problems: locks.map((p) => pointAtElement(p, edited, base)) });
  // Check the edit itself first, so problems point into what the caller sent.
  checkDefinition(deps, edited, orgId, base);
  const resolved = resolveTemplate(template, overlay);
  if (resolved.problems.length) throw new AppError('definition_invalid', { problems: underPointer('/overlay', resolved.problems) });
  const definition = resolved.definition as Definition;
  checkDefinition(deps, definition, orgId, base);
  return { definition, overlay };
}

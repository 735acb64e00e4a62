/**
 * The one pure function that decides whether a branch overlay keeps HQ's locks.
 * The editor calls it to disable controls; the server calls it again and has the
 * final say. Every refusal names the element, says that HQ locked it and why, and
 * points into the overlay (`/changes/3/set/validation`).
 */
import type { FormField, LocalizedText, Overlay, OverlayChange, Problem, Template, WorkflowDefinition, WorkflowEdge } from '@branchline/schemas';
import { applyChange } from './apply-change';
import { soundChanges } from './change-shape';
import { changeTarget, findElement, refId, type Definition, type ElementRef } from './elements';
import { clone, deepEqual, isRecord } from './json';
import { lockContext, MANDATORY_POLICY, policyOf, STRUCTURE_POLICY, type LockContext } from './lock-context';
import { extensionProblem, lockProblem } from './lock-messages';
import { changedProperties, fieldViolations, type FieldRules, type Violation } from './violations';
import { exitProblems, extensionPointProblems, portOf } from './workflow-locks';

interface Finding {
  readonly violation: Violation;
  readonly policy: LocalizedText;
}

/**
 * Check `overlay` against `template`'s locks and extension rules; [] when it keeps them.
 * Changes that cannot apply at all (bad shape, missing element) are left to
 * {@link resolveTemplate} to report.
 * @example
 * checkLocks(customerRegistration, { ...overlay, changes: [{ type: 'field.remove', key: 'credit_code' }] })
 * // → [{ pointer: '/changes/0', code: 'locked_field_removed', params: { element: 'field', key: 'credit_code', policy: {…} }, … }]
 */
export function checkLocks(template: Template, overlay: Overlay): Problem[] {
  const ctx = lockContext(template);
  const draft = clone(template.definition);
  const touches = new Map<string, number>();
  const out: Problem[] = [];
  const changes = Array.isArray(overlay?.changes) ? overlay.changes : [];
  for (const { change, index: i } of soundChanges(changes)) {
    const at = `/changes/${i}`;
    const { ref } = changeTarget(change);
    const nextRef = renamed(change, ref);
    const before = findingsOf(ctx, draft, ref, ref);
    if (applyChange(draft, change, at)) continue;
    touches.set(refId(ref), i);
    touches.set(refId(nextRef), i);
    const seen = new Set(before.map((f) => findingKey(f.violation)));
    for (const f of findingsOf(ctx, draft, ref, nextRef)) {
      if (!seen.has(findingKey(f.violation))) out.push(lockProblem(ctx.definition, pointerFor(at, change, f.violation), ref, f.violation, f.policy));
    }
    out.push(...extensionChecks(ctx, draft, change, at, nextRef));
  }
  if (draft.kind === 'workflow') out.push(...extensionPointProblems(ctx, draft, touches));
  return byChange(out);
}

/** Problems in the order of the changes they point at (stable within one change). */
function byChange(problems: Problem[]): Problem[] {
  const index = (p: Problem) => Number(/^\/changes\/(\d+)/.exec(p.pointer)?.[1] ?? Number.MAX_SAFE_INTEGER);
  return problems.map((p, i) => ({ p, i })).sort((a, b) => index(a.p) - index(b.p) || a.i - b.i).map((x) => x.p);
}

/** The element a change leaves behind: a rename (`set.key` / `set.id`) moves it. */
function renamed(change: OverlayChange, ref: ElementRef): ElementRef {
  if (!('set' in change) || !isRecord(change.set)) return ref;
  if (ref.element === 'field' && typeof change.set.key === 'string') return { element: 'field', key: change.set.key };
  if ('id' in ref && typeof change.set.id === 'string') return { ...ref, id: change.set.id };
  return ref;
}

function findingKey(v: Violation): string {
  return JSON.stringify([v.code, v.property, v.column, v.option, v.detail, v.now]);
}

/** The lock findings on one element: HQ's version (`ref`) against the draft's (`nextRef`). */
function findingsOf(ctx: LockContext, draft: Definition, ref: ElementRef, nextRef: ElementRef): Finding[] {
  if (ref.element === 'definition') return definitionFindings(ctx, draft);
  const policy = policyOf(ctx, ref);
  const orig = findElement(ctx.definition, ref);
  if (!policy || orig === undefined) return [];
  const next = findElement(draft, nextRef);
  const with_ = (vs: Violation[]) => vs.map((violation) => ({ violation, policy }));
  switch (ref.element) {
    case 'field': {
      const rules: FieldRules = { translations: ctx.translations, fieldsExtendable: ctx.fieldsExtendable, optionsExtendable: (key) => ctx.optionFields.has(key) };
      return with_(fieldViolations(orig as FormField, next as FormField | undefined, rules));
    }
    case 'edge':
      return with_(edgeViolations(ctx, orig as WorkflowEdge, next as WorkflowEdge | undefined));
    case 'section':
    case 'rule':
    case 'node':
    case 'trigger': {
      const kind = ref.element;
      if (next === undefined) return with_([{ code: `locked_${kind}_removed` }]);
      const changed = changedProperties(orig as object, next as object, ctx.translations);
      // A step of another kind (a trigger of another type) is one change, not one per property.
      const retyped = changed.filter((p) => (kind === 'node' && p === 'kind') || (kind === 'trigger' && p === 'type'));
      return with_((retyped.length > 0 ? retyped : changed).map((property) => ({ code: `locked_${kind}_changed`, property })));
    }
    default:
      return [];
  }
}

/** A locked edge on an extension point may lead elsewhere (checked on the final graph); any other change is refused. */
function edgeViolations(ctx: LockContext, orig: WorkflowEdge, next: WorkflowEdge | undefined): Violation[] {
  const onPoint = ctx.points.some((p) => p.node === orig.from && p.port === portOf(orig));
  if (!next) return onPoint ? [] : [{ code: 'locked_edge_removed' }];
  const changed = changedProperties(orig, next, ctx.translations, onPoint ? ['to'] : []);
  return changed.map((property) => ({ code: property === 'to' || property === 'from' || property === 'port' ? 'locked_edge_rewired' : 'locked_edge_changed', property }));
}

/** The definition's key never changes; a locked workflow keeps its start and run variables. */
function definitionFindings(ctx: LockContext, draft: Definition): Finding[] {
  const orig = ctx.definition;
  const out: Finding[] = [];
  if (draft.key !== orig.key) out.push({ violation: { code: 'definition_key_changed', property: 'key', was: orig.key, now: draft.key }, policy: STRUCTURE_POLICY });
  if (orig.kind !== 'workflow' || draft.kind !== 'workflow') return out;
  const startPolicy = policyOf(ctx, { element: 'node', id: orig.start }) ?? (ctx.mandatory ? MANDATORY_POLICY : undefined);
  if (startPolicy && draft.start !== orig.start) out.push({ violation: { code: 'locked_start_changed', property: 'start', was: orig.start, now: draft.start }, policy: startPolicy });
  const anyNodeLocked = ctx.mandatory || orig.nodes.some((n) => policyOf(ctx, { element: 'node', id: n.id }));
  if (anyNodeLocked) {
    for (const v of orig.variables ?? []) {
      if (!deepEqual(v, draft.variables?.find((x) => x.key === v.key))) {
        out.push({ violation: { code: 'locked_variable_changed', property: 'variables', detail: v.key }, policy: startPolicy ?? MANDATORY_POLICY });
      }
    }
  }
  return out;
}

/** New fields and sections only where the template allows them; new exits of locked steps only on extension points. */
function extensionChecks(ctx: LockContext, draft: Definition, change: OverlayChange, at: string, nextRef: ElementRef): Problem[] {
  const orig = ctx.definition;
  if (change.type === 'field.add' && !ctx.fieldsExtendable && !findElement(orig, nextRef)) return [extensionProblem(draft, at, nextRef, ctx.template.title)];
  if (change.type === 'section.add' && !ctx.sectionsExtendable && !findElement(orig, nextRef)) return [extensionProblem(draft, at, nextRef, ctx.template.title)];
  if ((change.type === 'edge.add' || change.type === 'edge.update') && draft.kind === 'workflow') {
    const edge = (draft as WorkflowDefinition).edges.find((e) => nextRef.element === 'edge' && e.id === nextRef.id);
    return exitProblems(ctx, at, edge, change.type === 'edge.update' ? change.id : edge?.id);
  }
  return [];
}

/** The most precise pointer into the change for a violation: `/changes/3/set/validation`, `/changes/3/set/columns/2`, `/changes/3/unset/0`. */
function pointerFor(at: string, change: OverlayChange, v: Violation): string {
  if (change.type === 'option.add') return `${at}/option`;
  if (!v.property || !('set' in change)) return at;
  const set = change.set as Record<string, unknown>;
  if (Object.prototype.hasOwnProperty.call(set, v.property)) {
    const value = set[v.property];
    if (v.column && Array.isArray(value)) {
      const i = value.findIndex((c) => isRecord(c) && c.key === v.column);
      if (i >= 0) return `${at}/set/${v.property}/${i}`;
    }
    return `${at}/set/${v.property}`;
  }
  const j = (change.unset ?? []).indexOf(v.property);
  return j >= 0 ? `${at}/unset/${j}` : at;
}

/**
 * Upgrading a branch instance to HQ's new template version by three-way merge
 * (base = the old template, theirs = the new one, ours = the branch's overlay):
 * a clean upgrade, or conflicts listed with pointers into the branch's overlay.
 * At HQ's deadline `forceUpgrade` moves the instance anyway and sets the branch's
 * conflicting parts aside — kept as overlay changes, never deleted.
 */
import type { Overlay, OverlayChange, Problem, Template } from '@branchline/schemas';
import type { ValidateOptions } from '../validate';
import { changeShapeProblems, soundChanges } from './change-shape';
import { checkLocks } from './check-locks';
import { deriveOverlay } from './derive-overlay';
import { changeTarget, refId, type Definition, type ElementRef } from './elements';
import { mergeDefinitions } from './merge-definitions';
import { resolveTemplate } from './resolve';
import { conflictProblem, type ConflictFacts } from './upgrade-messages';
import { resetElement, resetExits, pruneDetachedSteps, type Reset } from './upgrade-reset';
import { elementAt, mendSemantics } from './upgrade-semantics';
import type { Path } from './merge-values';

/** What an upgrade does to one branch instance. */
export interface UpgradePlan {
  /** `clean`: nothing of the branch's is lost; `conflicts`: see `conflicts` and `setAside`. */
  readonly status: 'clean' | 'conflicts';
  /** The template version the instance moves to. */
  readonly template: { readonly key: string; readonly version: number };
  /** The branch's overlay rebased onto the new version, without its conflicting parts. */
  readonly overlay: Overlay;
  /** The effective definition after the upgrade: `resolveTemplate(newTemplate, overlay)`. */
  readonly definition: Definition;
  /** One problem per conflict, pointing into the branch's old overlay (`/changes/3`); `params.setAside` indexes `setAside`. */
  readonly conflicts: Problem[];
  /** The branch's conflicting parts, as changes against the new version: kept, not deleted. */
  readonly setAside: OverlayChange[];
}

interface Fact {
  pointer: string;
  facts: ConflictFacts;
  def: Definition;
  setAside: OverlayChange[];
}

/**
 * Plan the upgrade of a branch instance from `oldTemplate` to `newTemplate`.
 * HQ's new version wins every conflict; the branch's part is returned in `setAside`.
 * Conflicts: a branch field whose key HQ now uses; a rule the branch tightened that
 * HQ has since loosened or changed; a change on an element HQ removed, or an element
 * the branch removed that HQ changed; both sides changing the same property; a branch
 * change HQ's new locks refuse; steps attached where HQ removed the extension point;
 * and, last, anything that makes the merged definition invalid (`breaks_after_upgrade`:
 * a branch rule or computed field using a field HQ removed or retyped, a branch condition
 * on a variable HQ retyped …), so a clean plan always gives a valid definition. Give
 * `options.resolveForm` so a workflow's `record.*` is checked against its form.
 * Throws only on a caller's bug: an overlay that is not of `oldTemplate`, or templates of two keys.
 * @example
 * const plan = planUpgrade(quoteV1, quoteV2, branchOverlay);
 * if (plan.status === 'clean') save(plan.overlay); else show(plan.conflicts);
 */
export function planUpgrade(oldTemplate: Template, newTemplate: Template, overlay: Overlay, options: ValidateOptions = {}): UpgradePlan {
  if (oldTemplate.key !== newTemplate.key || overlay.template.key !== oldTemplate.key || overlay.template.version !== oldTemplate.version) {
    throw new Error(`planUpgrade: overlay of ${overlay.template.key}@${overlay.template.version} cannot move from ${oldTemplate.key}@${oldTemplate.version} to ${newTemplate.key}@${newTemplate.version}`);
  }
  const facts: Fact[] = [];
  const ours = resolveTemplate(oldTemplate, overlay);
  for (const p of ours.problems) {
    const i = Number(/^\/changes\/(\d+)/.exec(p.pointer)?.[1] ?? -1);
    const change = overlay.changes[i];
    if (change === undefined || facts.some((f) => f.pointer === `/changes/${i}`)) continue;
    const ref: ElementRef = changeShapeProblems([change]).size === 0 ? changeTarget(change).ref : { element: 'definition' };
    facts.push({ pointer: `/changes/${i}`, facts: { code: 'change_not_applicable', ref, cause: p }, def: ours.definition, setAside: [change] });
  }
  const { merged, conflicts } = mergeDefinitions(oldTemplate.definition, ours.definition, newTemplate.definition);
  for (const c of conflicts) {
    const whole = c.path.length === 0;
    facts.push({
      pointer: pointerInto(overlay, c.ref, typeof c.path[0] === 'string' ? c.path[0] : undefined),
      facts: { code: c.code, ref: c.ref, ...(whole ? {} : { at: pathText(c.path), base: c.base, ours: c.ours, theirs: c.theirs }) },
      def: c.code === 'key_taken_by_hq' ? ours.definition : newTemplate.definition,
      setAside: c.setAside,
    });
  }
  const locked = enforceNewLocks(oldTemplate, newTemplate, overlay, merged, ours.definition, facts);
  const { definition, breaks } = mendSemantics(locked, newTemplate.definition, ours.definition, options);
  for (const b of breaks) {
    const property = b.ref.element === 'definition' ? elementAt(b.before, b.cause.pointer).property : undefined;
    facts.push({
      pointer: pointerInto(overlay, b.ref, property),
      facts: { code: 'breaks_after_upgrade', ref: b.ref, ...(property ? { at: property } : {}), ...(b.where ? { where: b.where } : {}), cause: b.cause, extra: { definitionPointer: b.cause.pointer } },
      def: b.before,
      setAside: b.setAside,
    });
  }
  const rebased = deriveOverlay(newTemplate, definition, overlay.title);
  const setAside: OverlayChange[] = [];
  const problems = facts.map((f) => {
    const indices = f.setAside.map((c) => setAside.push(c) - 1);
    return conflictProblem(f.pointer, f.facts, f.def, newTemplate.version, indices);
  });
  return {
    status: problems.length === 0 ? 'clean' : 'conflicts',
    template: { key: newTemplate.key, version: newTemplate.version },
    overlay: rebased,
    definition: resolveTemplate(newTemplate, rebased).definition,
    conflicts: problems,
    setAside,
  };
}

/**
 * Move the instance to `newTemplate` at HQ's deadline whatever the conflicts: the
 * returned overlay keeps every clean local change; the conflicting ones are in
 * `setAside` (kept, for the branch admin to re-apply or drop) and explained in `conflicts`.
 * @example
 * const { overlay, setAside } = forceUpgrade(gradingV1, gradingV2, branchOverlay);
 * store(instance, overlay); keepAside(instance, setAside);
 */
export function forceUpgrade(oldTemplate: Template, newTemplate: Template, overlay: Overlay, options: ValidateOptions = {}): Omit<UpgradePlan, 'status'> {
  const { status: _status, ...forced } = planUpgrade(oldTemplate, newTemplate, overlay, options);
  return forced;
}

/** Set aside branch changes the new version's locks refuse, until the rebased overlay passes them. */
function enforceNewLocks(oldT: Template, newT: Template, overlay: Overlay, merged: Definition, ours: Definition, facts: Fact[]): Definition {
  let current = detach(merged, newT, ours, overlay, undefined, facts);
  for (let round = 0; round < 100; round++) {
    const refusals = checkLocks(newT, deriveOverlay(newT, current));
    const seen = new Set<string>();
    let last: Fact | undefined;
    for (const r of refusals) {
      const reset = resetFor(current, newT.definition, r);
      if (!reset || seen.has(reset.key)) continue;
      seen.add(reset.key);
      current = reset.definition;
      const point = reset.exit && pointRemoved(oldT, newT, reset.exit.node, reset.exit.port);
      last = {
        pointer: pointerInto(overlay, reset.ref),
        facts: point ? { code: 'extension_point_removed', ref: { element: 'node', id: reset.exit!.node }, at: reset.exit!.port, cause: r, extra: { extensionPoint: point } } : { code: 'newly_locked', ref: reset.ref, cause: r },
        def: point ? newT.definition : ours,
        setAside: reset.setAside,
      };
      facts.push(last);
    }
    if (seen.size === 0) return current;
    current = detach(current, newT, ours, overlay, last, facts);
  }
  return current;
}

/** Take out branch steps left hanging by the merge or a reset; they join `cause`'s set-aside part, or a conflict of their own. */
function detach(current: Definition, newT: Template, ours: Definition, overlay: Overlay, cause: Fact | undefined, facts: Fact[]): Definition {
  const pruned = pruneDetachedSteps(current, newT.definition, ours);
  if (!pruned) return current;
  if (cause) cause.setAside.push(...pruned.setAside);
  else {
    const first = pruned.setAside.find((c) => c.type === 'node.add');
    const ref: ElementRef = first?.type === 'node.add' ? { element: 'node', id: first.node.id } : { element: 'definition' };
    facts.push({ pointer: pointerInto(overlay, ref), facts: { code: 'steps_detached', ref, extra: { steps: pruned.setAside.flatMap((c) => (c.type === 'node.add' ? [c.node.id] : [])) } }, def: ours, setAside: pruned.setAside });
  }
  return pruned.definition;
}

function resetFor(current: Definition, theirs: Definition, refusal: Problem): (Reset & { key: string }) | undefined {
  const p = refusal.params ?? {};
  const ref = refOfParams(p);
  if (!ref) return undefined;
  if (refusal.code === 'extension_must_rejoin' && typeof p.node === 'string' && typeof p.port === 'string') return { ...resetExits(current, theirs, p.node, p.port, ref), key: `exit:${p.node}:${p.port}` };
  if (refusal.code === 'extension_not_allowed' && ref.element === 'node' && typeof p.detail === 'string') return { ...resetExits(current, theirs, ref.id, p.detail, ref), key: `exit:${ref.id}:${p.detail}` };
  return { ...resetElement(current, theirs, ref, typeof p.property === 'string' ? p.property : undefined), key: refId(ref) };
}

function refOfParams(p: Record<string, unknown>): ElementRef | undefined {
  const e = p.element;
  if (e === 'definition' || e === 'trigger') return { element: e };
  if (e === 'field' && typeof p.key === 'string') return { element: 'field', key: p.key };
  if ((e === 'section' || e === 'rule' || e === 'node' || e === 'edge') && typeof p.id === 'string') return { element: e, id: p.id };
  return undefined;
}

function pointRemoved(oldT: Template, newT: Template, node: string, port: string): string | undefined {
  const before = oldT.extensions?.points?.find((x) => x.node === node && x.port === port);
  const still = newT.extensions?.points?.some((x) => x.node === node && x.port === port);
  return before && !still ? before.id : undefined;
}

/** The last change of the branch's overlay touching `ref` (and `property`, when given). */
function pointerInto(overlay: Overlay, ref: ElementRef, property?: string): string {
  let any = -1;
  let exact = -1;
  soundChanges(overlay.changes).forEach(({ change, index: i }) => {
    const t = changeTarget(change);
    if (refId(t.ref) !== refId(ref)) return;
    any = i;
    if (property !== undefined && t.properties.includes(property)) exact = i;
  });
  const i = exact >= 0 ? exact : any;
  return i >= 0 ? `/changes/${i}` : '/changes';
}

function pathText(path: Path): string {
  return path.map((s) => (typeof s === 'string' ? s : s.id)).join('.');
}

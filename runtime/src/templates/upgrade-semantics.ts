/**
 * The last step of an upgrade: the merged definition must still be a valid
 * definition. A three-way merge can keep HQ's and the branch's changes side by side
 * and still break the whole — a branch rule or computed field that uses a field HQ
 * removed or retyped, a branch condition on a run variable HQ retyped, an HQ
 * expression that uses a field the branch removed. Each such break becomes a
 * conflict: the branch's part that breaks it is set aside (its element goes back to
 * HQ's version, or out when HQ has none), until the definition validates.
 */
import type { OverlayChange, Problem } from '@branchline/schemas';
import { validateDefinition, type ValidateOptions } from '../validate';
import { deriveChanges } from './derive-overlay';
import { changeTarget, findElement, refId, type Definition, type ElementRef } from './elements';
import { isRecord } from './json';
import { pruneDetachedSteps, resetElement } from './upgrade-reset';

/** One break the merge made, and what was set aside to mend it. */
export interface SemanticBreak {
  /** The element that was reset (the branch's part of it set aside). */
  readonly ref: ElementRef;
  /** The element the validator pointed at, when it is another one (an HQ expression using a field the branch removed). */
  readonly where?: ElementRef;
  /** The validation problem, its pointer into the merged definition. */
  readonly cause: Problem;
  readonly setAside: OverlayChange[];
  /** The definition before the reset (names the branch's elements). */
  readonly before: Definition;
}

const LISTS: Record<string, 'field' | 'section' | 'rule' | 'node' | 'edge'> = { fields: 'field', sections: 'section', rules: 'rule', nodes: 'node', edges: 'edge' };

/** The element a validator pointer lands in, and the rest of the pointer inside it. */
export function elementAt(def: Definition, pointer: string): { ref: ElementRef; property?: string; rest: string } {
  const parts = pointer.split('/').slice(1);
  const head = parts[0] ?? '';
  const kind = LISTS[head];
  if (kind) {
    const list = (def as unknown as Record<string, unknown[] | undefined>)[head] ?? [];
    const item = list[Number(parts[1])];
    const id = isRecord(item) ? String(kind === 'field' ? item.key : item.id) : undefined;
    if (id !== undefined) return { ref: kind === 'field' ? { element: 'field', key: id } : { element: kind, id }, rest: parts.slice(2).join('/') };
  }
  if (head === 'trigger') return { ref: { element: 'trigger' }, rest: parts.slice(1).join('/') };
  return head ? { ref: { element: 'definition' }, property: head, rest: parts.slice(1).join('/') } : { ref: { element: 'definition' }, rest: '' };
}

const errorsOf = (def: Definition, options: ValidateOptions) => validateDefinition(def, options).filter((p) => p.severity !== 'warning');

/** A problem by what it says about which element, not by array positions (those shift in a merge) nor spelling hints (those follow the other fields). */
function fingerprint(def: Definition, p: Problem): string {
  const at = elementAt(def, p.pointer);
  const { suggestion: _s, first: _f, ...params } = p.params ?? {};
  return `${p.code}|${refId(at.ref)}|${at.property ?? ''}|${at.rest}|${JSON.stringify(params)}`;
}

/** An element the branch made differ from HQ's new version, with the definition property for `definition` refs. */
interface Candidate {
  readonly ref: ElementRef;
  readonly property?: string;
}

/** Elements of `current` that differ from HQ's `theirs` (layout and pure moves aside): the branch's parts. */
function branchParts(current: Definition, theirs: Definition): Candidate[] {
  const out = new Map<string, Candidate>();
  for (const change of deriveChanges(theirs, current)) {
    if (change.type === 'ui.set' || change.type === 'field.move' || change.type === 'section.move') continue;
    const { ref, properties } = changeTarget(change);
    if (ref.element === 'definition') for (const property of properties) out.set(`definition:${property}`, { ref, property });
    else out.set(refId(ref), { ref });
  }
  return [...out.values()];
}

/** Names a problem's params mention (`field`, `key`, `property`, `section`, `id`): the elements it is about. */
function named(p: Problem): Set<string> {
  const out = new Set<string>();
  for (const k of ['field', 'key', 'property', 'section', 'id']) {
    const v = p.params?.[k];
    if (typeof v === 'string') out.add(v);
  }
  return out;
}

/** Candidates in the order worth trying: the element pointed at, the elements the problem names, then every other branch part. */
function ordered(parts: Candidate[], at: { ref: ElementRef; property?: string }, p: Problem): Candidate[] {
  const id = (c: Candidate) => (c.property ? `definition:${c.property}` : refId(c.ref));
  const target = at.property ? `definition:${at.property}` : refId(at.ref);
  const names = named(p);
  const rank = (c: Candidate) => (id(c) === target ? 0 : names.has('key' in c.ref ? c.ref.key : 'id' in c.ref ? c.ref.id : (c.property ?? '')) ? 1 : 2);
  return parts.map((c, i) => ({ c, i })).sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i).map((x) => x.c);
}

/**
 * Reset branch parts of `merged` until it validates as well as the branch's and
 * HQ's own versions did: a problem that neither `ours` nor `theirs` has is a break.
 * For each break the branch part that mends it is tried in order — the element the
 * problem points at, the elements it names, then any other — and the first whose
 * reset to HQ's version removes the problem is set aside. Problems the branch's
 * definition already had (a draft's unfinished logic) are not breaks: publishing
 * refuses them as it did before the upgrade.
 * @example
 * const { definition, breaks } = mendSemantics(merged, quoteV2.definition, branchDef, { resolveForm });
 * breaks[0]?.cause.code // → 'unknown_field'
 */
export function mendSemantics(merged: Definition, theirs: Definition, ours: Definition, options: ValidateOptions = {}): { definition: Definition; breaks: SemanticBreak[] } {
  const known = new Set([...errorsOf(ours, options).map((p) => fingerprint(ours, p)), ...errorsOf(theirs, options).map((p) => fingerprint(theirs, p))]);
  const breaks: SemanticBreak[] = [];
  let current = merged;
  for (let round = 0; round < 200; round++) {
    const fresh = errorsOf(current, options).filter((p) => !known.has(fingerprint(current, p)));
    const p = fresh[0];
    if (!p) return { definition: current, breaks };
    const print = fingerprint(current, p);
    const at = elementAt(current, p.pointer);
    const parts = branchParts(current, theirs);
    let mended: { definition: Definition; candidate: Candidate; setAside: OverlayChange[] } | undefined;
    for (const candidate of ordered(parts, at, p)) {
      const reset = resetElement(current, theirs, candidate.ref, candidate.property);
      if (reset.setAside.length === 0) continue;
      if (!errorsOf(reset.definition, options).some((q) => fingerprint(reset.definition, q) === print)) {
        mended = { definition: reset.definition, candidate, setAside: reset.setAside };
        break;
      }
    }
    if (!mended) {
      // Nothing one part of the branch did explains it: set every branch part aside (HQ's version validates).
      const setAside = deriveChanges(theirs, current).filter((c) => c.type !== 'ui.set');
      breaks.push({ ref: at.ref, cause: p, setAside, before: current });
      return { definition: withLayout(theirs, current), breaks };
    }
    const tidy = dropDanglingEdges(mended.definition, theirs);
    const pruned = pruneDetachedSteps(tidy.definition, theirs, ours);
    const where = refId(at.ref) !== refId(mended.candidate.ref) ? { where: at.ref } : {};
    breaks.push({ ref: mended.candidate.ref, ...where, cause: p, setAside: [...mended.setAside, ...tidy.setAside, ...(pruned?.setAside ?? [])], before: current });
    current = pruned?.definition ?? tidy.definition;
  }
  return { definition: current, breaks };
}

/** Connections of the branch left dangling by a step taken out go with it: back to HQ's version, or out. */
function dropDanglingEdges(def: Definition, theirs: Definition): { definition: Definition; setAside: OverlayChange[] } {
  if (def.kind !== 'workflow') return { definition: def, setAside: [] };
  const nodes = new Set(def.nodes.map((n) => n.id));
  let current: Definition = def;
  const setAside: OverlayChange[] = [];
  for (const e of def.edges) {
    if (nodes.has(e.from) && nodes.has(e.to)) continue;
    const reset = resetElement(current, theirs, { element: 'edge', id: e.id });
    current = reset.definition;
    setAside.push(...reset.setAside);
  }
  return { definition: current, setAside };
}

/** HQ's definition with the branch's layout (positions never conflict). */
function withLayout(theirs: Definition, current: Definition): Definition {
  if (theirs.kind !== 'workflow' || current.kind !== 'workflow' || !current.ui) return theirs;
  const nodes = Object.fromEntries(Object.entries(current.ui.nodes ?? {}).filter(([id]) => findElement(theirs, { element: 'node', id }) !== undefined));
  return { ...theirs, ui: { ...current.ui, nodes } };
}

/**
 * Three-way merge of whole definitions for template upgrades, element by element:
 * fields by key; sections, rules, nodes and edges by id; the trigger, the top-level
 * properties and the layout. HQ's new version wins every conflict; each conflict
 * carries the branch's part as overlay changes, to be set aside rather than lost.
 */
import type { FormDefinition, FormField, OverlayChange, WorkflowDefinition } from '@branchline/schemas';
import { RESERVED_DEFINITION_PROPERTIES } from './apply-change';
import { diffById, diffField, type IdElementKind } from './diff-elements';
import { deriveChanges } from './derive-overlay';
import type { Definition, ElementRef } from './elements';
import { clone, deepEqual, isRecord, propertyDiff, setOwn, type JsonRecord } from './json';
import { itemId, mergeElement, mergeOrder, mergeValue, type ConflictCode, type Path, type ValueConflict } from './merge-values';
import { sameApartFromText } from './violations';

/** A merge conflict on one element; `setAside` is the branch's part, as changes against the merged definition. */
export interface ElementConflict {
  readonly code: ConflictCode;
  readonly ref: ElementRef;
  readonly path: Path;
  readonly base: unknown;
  readonly ours: unknown;
  readonly theirs: unknown;
  readonly setAside: OverlayChange[];
}

export interface MergeResult {
  readonly merged: Definition;
  readonly conflicts: ElementConflict[];
}

type Kind = 'field' | IdElementKind;
const refOf = (kind: Kind, id: string): ElementRef => (kind === 'field' ? { element: 'field', key: id } : { element: kind, id });
const addChange = (kind: Kind, item: unknown): OverlayChange => ({ type: `${kind}.add`, [kind]: clone(item) }) as unknown as OverlayChange;
const removeChange = (kind: Kind, id: string): OverlayChange => (kind === 'field' ? { type: 'field.remove', key: id } : ({ type: `${kind}.remove`, id } as OverlayChange));
const diffOf = (kind: Kind, from: unknown, to: unknown): OverlayChange[] => (kind === 'field' ? diffField(from as FormField, to as FormField) : diffById(kind, from as { id: string }, to as { id: string }));

/**
 * Merge `ours` (the branch's resolved definition) and `theirs` (HQ's new version)
 * against `base` (HQ's old version).
 * @example mergeDefinitions(v1.definition, resolveTemplate(v1, overlay).definition, v2.definition)
 */
export function mergeDefinitions(base: Definition, ours: Definition, theirs: Definition): MergeResult {
  const conflicts: ElementConflict[] = [];
  if (base.kind !== ours.kind || base.kind !== theirs.kind) {
    conflicts.push({ code: 'changed_by_both', ref: { element: 'definition' }, path: ['kind'], base: base.kind, ours: ours.kind, theirs: theirs.kind, setAside: deriveChanges(base, ours) });
    return { merged: clone(theirs), conflicts };
  }
  const merged = mergeTop(base, ours, theirs, conflicts);
  if (base.kind === 'form') {
    const [o, t, m] = [ours as FormDefinition, theirs as FormDefinition, merged as FormDefinition];
    m.fields = mergeList('field', base.fields, o.fields, t.fields, true, conflicts) as FormField[];
    const sections = mergeList('section', base.sections ?? [], o.sections ?? [], t.sections ?? [], true, conflicts);
    const rules = mergeList('rule', base.rules ?? [], o.rules ?? [], t.rules ?? [], false, conflicts);
    if (sections.length > 0 || t.sections) m.sections = sections as FormDefinition['sections'];
    if (rules.length > 0 || t.rules) m.rules = rules as FormDefinition['rules'];
  } else {
    const [o, t, m] = [ours as WorkflowDefinition, theirs as WorkflowDefinition, merged as WorkflowDefinition];
    m.trigger = mergeOne({ element: 'trigger' }, 'type', base.trigger, o.trigger, t.trigger, conflicts) as WorkflowDefinition['trigger'];
    m.nodes = mergeList('node', base.nodes, o.nodes, t.nodes, false, conflicts) as WorkflowDefinition['nodes'];
    m.edges = mergeList('edge', base.edges, o.edges, t.edges, false, conflicts) as WorkflowDefinition['edges'];
    const ui = mergeUi(base, o, t, new Set(m.nodes.map((n) => n.id)));
    if (ui) m.ui = ui;
  }
  return { merged, conflicts };
}

function mergeTop(base: Definition, ours: Definition, theirs: Definition, conflicts: ElementConflict[]): Definition {
  const reserved: readonly string[] = RESERVED_DEFINITION_PROPERTIES[base.kind];
  const [b, o, t] = [base, ours, theirs] as unknown as JsonRecord[];
  const out: JsonRecord = {};
  const found: ValueConflict[] = [];
  for (const k of new Set([...Object.keys(t!), ...Object.keys(o!), ...Object.keys(b!)])) {
    if (reserved.includes(k) && k !== 'kind' && k !== 'schemaVersion') continue;
    const v = mergeValue(k, b![k], o![k], t![k], [k], found);
    if (v !== undefined) setOwn(out, k, clone(v));
  }
  const alt = (c: ValueConflict) => withValueAt(out, c.path, c.ours);
  for (const c of found) {
    const { set, unset } = propertyDiff(out, alt(c), reserved);
    conflicts.push({ ...c, ref: { element: 'definition' }, setAside: [{ type: 'definition.update', set, ...(unset.length > 0 ? { unset } : {}) }] });
  }
  return out as unknown as Definition;
}

/** Merge one element present in all three versions; a change of its type/kind by HQ takes HQ's element whole. */
function mergeOne(ref: ElementRef, discriminant: string, b: unknown, o: unknown, t: unknown, conflicts: ElementConflict[]): unknown {
  if (!isRecord(b) || !isRecord(o) || !isRecord(t)) return clone(t);
  if (t[discriminant] !== b[discriminant] && !sameApartFromText(b, o, true)) {
    conflicts.push({ code: 'changed_by_both', ref, path: [discriminant], base: b, ours: o, theirs: t, setAside: setAsideFor(ref, t, o) });
    return clone(t);
  }
  const found: ValueConflict[] = [];
  const merged = mergeElement(b, o, t, [], found);
  for (const c of found) conflicts.push({ ...c, ref, setAside: setAsideFor(ref, merged, withValueAt(merged, c.path, c.ours)) });
  return merged;
}

function setAsideFor(ref: ElementRef, from: JsonRecord, to: JsonRecord): OverlayChange[] {
  if (ref.element === 'trigger') {
    const { set, unset } = propertyDiff(from, to);
    return [{ type: 'trigger.update', set, ...(unset.length > 0 ? { unset } : {}) }];
  }
  if (ref.element === 'field') return diffField(from as unknown as FormField, to as unknown as FormField);
  if (ref.element === 'section' || ref.element === 'rule' || ref.element === 'node' || ref.element === 'edge') return diffById(ref.element, from as { id: string }, to as { id: string });
  return [];
}

function mergeList(kind: Kind, base: readonly unknown[], ours: readonly unknown[], theirs: readonly unknown[], ordered: boolean, conflicts: ElementConflict[]): unknown[] {
  const idOf = (x: unknown) => String(isRecord(x) ? (kind === 'field' ? x.key : x.id) : '');
  const map = (list: readonly unknown[]) => new Map(list.map((x) => [idOf(x), x]));
  const [bm, om, tm] = [map(base), map(ours), map(theirs)];
  const merged = new Map<string, unknown>();
  for (const id of new Set([...tm.keys(), ...om.keys(), ...bm.keys()])) {
    const [x, y, z] = [bm.get(id), om.get(id), tm.get(id)];
    const ref = refOf(kind, id);
    const conflict = (code: ConflictCode, setAside: OverlayChange[]) => conflicts.push({ code, ref, path: [], base: x, ours: y, theirs: z, setAside });
    if (x === undefined) {
      if (y !== undefined && z !== undefined && !deepEqual(y, z)) conflict('key_taken_by_hq', [addChange(kind, y)]);
      merged.set(id, clone(z ?? y));
    } else if (y === undefined) {
      if (z !== undefined && !deepEqual(x, z)) {
        conflict('removed_element_changed_by_hq', [removeChange(kind, id)]);
        merged.set(id, clone(z));
      }
    } else if (z === undefined) {
      if (!deepEqual(x, y)) conflict('element_removed_by_hq', diffOf(kind, x, y));
    } else merged.set(id, mergeOne(ref, kind === 'field' ? 'type' : kind === 'node' ? 'kind' : 'id', x, y, z, conflicts));
  }
  const ids = ordered ? mergeOrder([...bm.keys()], [...om.keys()], [...tm.keys()]) : [...tm.keys(), ...[...om.keys()].filter((id) => !tm.has(id))];
  return ids.filter((id) => merged.has(id)).map((id) => merged.get(id));
}

/** Layout never conflicts: positions the branch moved win, HQ's others stand, positions of removed steps go. */
function mergeUi(base: WorkflowDefinition, ours: WorkflowDefinition, theirs: WorkflowDefinition, nodes: ReadonlySet<string>): WorkflowDefinition['ui'] {
  const positions: Record<string, { x: number; y: number }> = {};
  for (const [id, p] of Object.entries(theirs.ui?.nodes ?? {})) if (nodes.has(id)) positions[id] = clone(p);
  for (const [id, p] of Object.entries(ours.ui?.nodes ?? {})) if (nodes.has(id) && !deepEqual(p, base.ui?.nodes?.[id])) positions[id] = clone(p);
  const viewport = deepEqual(ours.ui?.viewport, base.ui?.viewport) ? theirs.ui?.viewport : ours.ui?.viewport;
  if (!theirs.ui && !ours.ui) return undefined;
  return { ...(Object.keys(positions).length > 0 || theirs.ui?.nodes || ours.ui?.nodes ? { nodes: positions } : {}), ...(viewport ? { viewport: clone(viewport) } : {}) };
}

/** A copy of `root` with `value` at `path` (keyed list items found by id; `undefined` removes). */
export function withValueAt(root: JsonRecord, path: Path, value: unknown): JsonRecord {
  const out = clone(root);
  let holder: unknown = out;
  path.forEach((seg, i) => {
    const last = i === path.length - 1;
    if (typeof seg === 'string') {
      if (!isRecord(holder)) return;
      if (last) {
        if (value === undefined) delete holder[seg];
        else setOwn(holder, seg, clone(value));
      } else {
        if (!isRecord(holder[seg]) && !Array.isArray(holder[seg])) holder[seg] = typeof path[i + 1] === 'string' ? {} : [];
        holder = holder[seg];
      }
      return;
    }
    if (!Array.isArray(holder)) return;
    const at = holder.findIndex((x) => itemId(x) === seg.id);
    if (last) {
      if (value === undefined) {
        if (at >= 0) holder.splice(at, 1);
      } else if (at >= 0) holder[at] = clone(value);
      else holder.push(clone(value));
    } else holder = at >= 0 ? holder[at] : undefined;
  });
  return out;
}

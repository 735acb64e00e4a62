/**
 * Deriving a branch overlay from the whole edited definition the designer emits:
 * the server diffs it against the template, so every tool that edits a definition
 * is checked the same way.
 */
import { SCHEMA_VERSION, type FormDefinition, type FormField, type Overlay, type OverlayChange, type Template, type WorkflowDefinition } from '@branchline/schemas';
import { diffById, diffField, type IdElementKind } from './diff-elements';
import type { Definition } from './elements';
import { clone, deepEqual, propertyDiff, type JsonRecord } from './json';
import { placements } from './order';

/**
 * The overlay that turns `template`'s definition into `edited`: fields by key;
 * sections, rules, nodes and edges by id; order changes as `field.move` /
 * `section.move`; new select options as `option.add`; changed properties as
 * `*.update` replacing each property wholesale; the workflow layout as `ui.set`.
 * `resolveTemplate(t, deriveOverlay(t, d)).definition` equals `d` after
 * {@link normalizeDefinition}.
 * @example
 * const overlay = deriveOverlay(template, editedDefinition);
 * const problems = checkLocks(template, overlay);
 */
export function deriveOverlay(template: Template, edited: Definition, title?: Overlay['title']): Overlay {
  return {
    schemaVersion: SCHEMA_VERSION,
    kind: 'overlay',
    template: { key: template.key, version: template.version },
    ...(title ? { title: clone(title) } : {}),
    changes: deriveChanges(template.definition, edited),
  };
}

/**
 * The changes that turn definition `base` into `edited` (see {@link deriveOverlay}).
 * @example deriveChanges(form, { ...form, title: newTitle }) // → [{ type: 'definition.update', set: { title: newTitle } }]
 */
export function deriveChanges(base: Definition, edited: Definition): OverlayChange[] {
  if (base.kind !== edited.kind) return [{ type: 'definition.update', set: { kind: edited.kind } }];
  const out: OverlayChange[] = [];
  const reserved = base.kind === 'form' ? ['fields', 'sections', 'rules'] : ['trigger', 'nodes', 'edges', 'ui'];
  const top = propertyDiff(base as unknown as JsonRecord, edited as unknown as JsonRecord, reserved);
  if (Object.keys(top.set).length > 0 || top.unset.length > 0) out.push({ type: 'definition.update', set: top.set, ...(top.unset.length > 0 ? { unset: top.unset } : {}) });
  if (base.kind === 'form') out.push(...formChanges(base, edited as FormDefinition));
  else out.push(...workflowChanges(base, edited as WorkflowDefinition));
  return out;
}

function formChanges(base: FormDefinition, edited: FormDefinition): OverlayChange[] {
  const sections = ordered(base.sections ?? [], edited.sections ?? [], (s) => s.id, {
    remove: (id) => ({ type: 'section.remove', id }),
    update: (a, b) => diffById('section', a, b),
    add: (section, after) => ({ type: 'section.add', section: clone(section), after }),
    move: (id, after) => ({ type: 'section.move', id, after }),
  });
  const fields = ordered<FormField>(base.fields, edited.fields, (f) => f.key, {
    remove: (key) => ({ type: 'field.remove', key }),
    update: diffField,
    add: (field, after) => ({ type: 'field.add', field: clone(field), after }),
    move: (key, after) => ({ type: 'field.move', key, after }),
  });
  const rules = unordered('rule', base.rules ?? [], edited.rules ?? [], (rule) => ({ type: 'rule.add', rule: clone(rule) }));
  return [...sections, ...fields, ...rules];
}

function workflowChanges(base: WorkflowDefinition, edited: WorkflowDefinition): OverlayChange[] {
  const out: OverlayChange[] = [];
  const trigger = propertyDiff(base.trigger as JsonRecord, edited.trigger as JsonRecord);
  if (Object.keys(trigger.set).length > 0 || trigger.unset.length > 0) out.push({ type: 'trigger.update', set: trigger.set, ...(trigger.unset.length > 0 ? { unset: trigger.unset } : {}) });
  out.push(...unordered('node', base.nodes, edited.nodes, (node) => ({ type: 'node.add', node: clone(node) })));
  out.push(...unordered('edge', base.edges, edited.edges, (edge) => ({ type: 'edge.add', edge: clone(edge) })));
  if (!deepEqual(base.ui, edited.ui)) out.push({ type: 'ui.set', ui: clone(edited.ui ?? {}) });
  return out;
}

function firstById<T>(list: readonly T[], idOf: (x: T) => string): Map<string, T> {
  const map = new Map<string, T>();
  for (const x of list) if (!map.has(idOf(x))) map.set(idOf(x), x);
  return map;
}

interface OrderedOps<T> {
  remove(id: string): OverlayChange;
  update(from: T, to: T): OverlayChange[];
  add(item: T, after: string | null): OverlayChange;
  move(id: string, after: string | null): OverlayChange;
}

/** Removals, then updates, then additions and moves in the edited order (see `placements`). */
function ordered<T>(base: readonly T[], edited: readonly T[], idOf: (x: T) => string, ops: OrderedOps<T>): OverlayChange[] {
  const before = firstById(base, idOf);
  const after = firstById(edited, idOf);
  const out: OverlayChange[] = [];
  for (const id of before.keys()) if (!after.has(id)) out.push(ops.remove(id));
  for (const [id, item] of after) if (before.has(id)) out.push(...ops.update(before.get(id)!, item));
  const kept = [...before.keys()].filter((id) => after.has(id));
  for (const step of placements(kept, [...after.keys()])) {
    out.push(step.isNew ? ops.add(after.get(step.id)!, step.after) : ops.move(step.id, step.after));
  }
  return out;
}

/** Removals, updates and additions of elements whose order carries no meaning. */
function unordered<T extends { id: string }>(kind: IdElementKind, base: readonly T[], edited: readonly T[], add: (item: T) => OverlayChange): OverlayChange[] {
  const before = firstById(base, (x) => x.id);
  const after = firstById(edited, (x) => x.id);
  const out: OverlayChange[] = [];
  for (const id of before.keys()) if (!after.has(id)) out.push({ type: `${kind}.remove`, id } as OverlayChange);
  for (const [id, item] of after) out.push(...(before.has(id) ? diffById(kind, before.get(id)!, item) : [add(item)]));
  return out;
}

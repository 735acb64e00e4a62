/**
 * Ids of the draggable and droppable things of the form designer, and what a drop
 * means as an edit. Kept apart from React so the rules are tested as data.
 *
 * palette:<type>  a field type in the palette
 * field:<key>     a field on the form (sortable)
 * group:<id>      a section's drop area; `group:` (empty id) is the ungrouped area
 */
import type { FieldType, FormDefinition } from '@branchline/schemas';
import { groupOf } from '../store/form-edits';

export const paletteId = (type: FieldType) => `palette:${type}`;
export const fieldId = (key: string) => `field:${key}`;
export const groupId = (section: string | null) => `group:${section ?? ''}`;

export type DragThing = { kind: 'palette'; type: FieldType } | { kind: 'field'; key: string } | { kind: 'group'; section: string | null };

export function parseDragId(id: string | number | null | undefined): DragThing | null {
  if (typeof id !== 'string') return null;
  const i = id.indexOf(':');
  const prefix = id.slice(0, i);
  const rest = id.slice(i + 1);
  if (prefix === 'palette') return { kind: 'palette', type: rest as FieldType };
  if (prefix === 'field') return { kind: 'field', key: rest };
  if (prefix === 'group') return { kind: 'group', section: rest === '' ? null : rest };
  return null;
}

/** The groups in display order: ungrouped fields first, then each section. */
export function groupsOf(form: FormDefinition): { section: string | null; keys: string[] }[] {
  const groups: { section: string | null; keys: string[] }[] = [{ section: null, keys: [] }, ...(form.sections ?? []).map((s) => ({ section: s.id, keys: [] as string[] }))];
  for (const f of form.fields) groups.find((g) => g.section === groupOf(form, f))!.keys.push(f.key);
  return groups;
}

/** Where a drop puts a field: its group and the field it goes before (null = end). */
export interface DropTarget {
  section: string | null;
  before: string | null;
}

/**
 * Resolve a drop over `over`. Dropping a field on another field of the same group
 * takes that field's place (moving down puts it after, as a sortable list does);
 * on a field of another group it goes before that field; on a group, at its end.
 */
export function dropTarget(form: FormDefinition, active: DragThing, over: DragThing): DropTarget | null {
  if (over.kind === 'group') return { section: over.section, before: null };
  if (over.kind !== 'field') return null;
  const groups = groupsOf(form);
  const overGroup = groups.find((g) => g.keys.includes(over.key));
  if (!overGroup) return null;
  if (active.kind === 'field' && active.key === over.key) return null;
  if (active.kind === 'field' && overGroup.keys.includes(active.key)) {
    const from = overGroup.keys.indexOf(active.key);
    const to = overGroup.keys.indexOf(over.key);
    const order = [...overGroup.keys];
    order.splice(from, 1);
    order.splice(to, 0, active.key);
    return { section: overGroup.section, before: order[to + 1] ?? null };
  }
  return { section: overGroup.section, before: over.key };
}

/**
 * Edits of a form definition are data — a union keyed by `type` — applied by one
 * pure function that returns a new definition (or the same object when nothing
 * changes). The designer, the keyboard, drag and drop and the JSON view all go
 * through here, so undo/redo and HQ's lock guard see every change.
 *
 * Fields live in one flat array; a field's `section` says which group shows it, and
 * the order inside a group is the order in the array.
 *
 * @example
 * const next = applyFormEdit(form, { type: 'field.move', key: 'phone', section: 'contact', before: 'email' });
 */
import type { FormDefinition, FormField, FormSection, TableColumn } from '@branchline/schemas';
import { renameFormColumn, renameFormField } from '@branchline/runtime';

type Patch = Readonly<Record<string, unknown>>;

export type FormEdit =
  | { readonly type: 'field.add'; readonly field: FormField; readonly before?: string | null }
  | { readonly type: 'field.remove'; readonly key: string }
  | { readonly type: 'field.update'; readonly key: string; readonly set: Patch; readonly unset?: readonly string[] }
  | { readonly type: 'field.move'; readonly key: string; readonly section: string | null; readonly before: string | null }
  | { readonly type: 'section.add'; readonly section: FormSection }
  | { readonly type: 'section.update'; readonly id: string; readonly set: Patch; readonly unset?: readonly string[] }
  | { readonly type: 'section.remove'; readonly id: string }
  | { readonly type: 'definition.update'; readonly set: Patch; readonly unset?: readonly string[] }
  | { readonly type: 'definition.replace'; readonly definition: FormDefinition };

export type FormEditType = FormEdit['type'];

/** Set and unset properties of an object; returns the same object when nothing changes. */
export function patchObject<T extends object>(obj: T, set: Patch, unset: readonly string[] = []): T {
  let changed = false;
  const next = { ...obj } as Record<string, unknown>;
  for (const [k, v] of Object.entries(set)) {
    if (v === undefined) {
      if (k in next) {
        delete next[k];
        changed = true;
      }
    } else if (!deepEqual(next[k], v)) {
      next[k] = v;
      changed = true;
    }
  }
  for (const k of unset) {
    if (k in next) {
      delete next[k];
      changed = true;
    }
  }
  return changed ? (next as T) : obj;
}

/** Structural equality of JSON values. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The group a field is shown in: its section if that section exists, else the ungrouped area (null). */
export function groupOf(form: FormDefinition, field: FormField): string | null {
  const section = field.section;
  return section && (form.sections ?? []).some((s) => s.id === section) ? section : null;
}

/** Insert `field` into `fields` before the field keyed `before`, or after the last field of its group. */
function insertField(form: FormDefinition, fields: FormField[], field: FormField, before: string | null | undefined): FormField[] {
  const out = [...fields];
  const at = before ? out.findIndex((f) => f.key === before) : -1;
  if (at >= 0) {
    out.splice(at, 0, field);
    return out;
  }
  const group = groupOf(form, field);
  let last = -1;
  out.forEach((f, i) => {
    if (groupOf(form, f) === group) last = i;
  });
  out.splice(last >= 0 ? last + 1 : out.length, 0, field);
  return out;
}

function withSection(field: FormField, section: string | null): FormField {
  if (section === null) {
    if (field.section === undefined) return field;
    const { section: _drop, ...rest } = field;
    return rest as FormField;
  }
  return field.section === section ? field : ({ ...field, section } as FormField);
}

/**
 * Column keys renamed by a new column list: the same columns in the same places, some
 * with a new key that no old column had (typing a key; not a reorder or a swap).
 */
function renamedColumns(before: readonly TableColumn[], after: unknown): [string, string][] {
  if (!Array.isArray(after) || after.length !== before.length) return [];
  const old = new Set(before.map((c) => c.key));
  const out: [string, string][] = [];
  for (let i = 0; i < before.length; i++) {
    const to = (after[i] as { key?: unknown } | undefined)?.key;
    if (typeof to !== 'string' || to === before[i]!.key) continue;
    if (old.has(to)) return [];
    out.push([before[i]!.key, to]);
  }
  return out;
}

/**
 * A key rename carries every reference along (expressions through their parse tree,
 * rule targets, titleField, currencyField — the runtime's `renameFormField` /
 * `renameFormColumn`), then the rest of the edit applies to the renamed field. One
 * edit, so one undo step.
 */
function renameFirst(form: FormDefinition, edit: Extract<FormEdit, { type: 'field.update' }>, field: FormField): FormDefinition | undefined {
  const newKey = edit.set.key;
  if (typeof newKey === 'string' && newKey !== edit.key) {
    const renamed = renameFormField(form, edit.key, newKey).definition;
    const { key: _key, ...rest } = edit.set;
    return applyFormEdit(renamed, { ...edit, key: newKey, set: rest });
  }
  if (field.type !== 'table') return undefined;
  const pairs = renamedColumns(field.columns, edit.set.columns);
  if (pairs.length === 0) return undefined;
  let renamed = form;
  for (const [from, to] of pairs) renamed = renameFormColumn(renamed, edit.key, from, to).definition;
  const rewritten = (renamed.fields.find((f) => f.key === edit.key) as Extract<FormField, { type: 'table' }>).columns;
  // Each column as the edit has it, with the expressions the rename rewrote where the edit left them as they were.
  const columns = (edit.set.columns as TableColumn[]).map((c, i) => {
    const was = field.columns[i]!;
    const now = rewritten[i]!;
    if (deepEqual({ ...c, key: was.key }, was)) return now;
    return c.type === 'computed' && was.type === 'computed' && now.type === 'computed' && c.expression === was.expression ? { ...c, expression: now.expression } : c;
  });
  const fields = renamed.fields.map((f) => (f.key === edit.key ? (patchObject(f, { ...edit.set, columns }, edit.unset) as FormField) : f));
  return { ...renamed, fields };
}

export function applyFormEdit(form: FormDefinition, edit: FormEdit): FormDefinition {
  switch (edit.type) {
    case 'field.add': {
      if (form.fields.some((f) => f.key === edit.field.key)) return form;
      return { ...form, fields: insertField(form, form.fields, edit.field, edit.before) };
    }
    case 'field.remove': {
      if (!form.fields.some((f) => f.key === edit.key)) return form;
      return { ...form, fields: form.fields.filter((f) => f.key !== edit.key) };
    }
    case 'field.update': {
      const i = form.fields.findIndex((f) => f.key === edit.key);
      if (i < 0) return form;
      const newKey = edit.set.key;
      if (typeof newKey === 'string' && newKey !== edit.key && form.fields.some((f) => f.key === newKey)) return form;
      const renamed = renameFirst(form, edit, form.fields[i]!);
      if (renamed) return renamed;
      const field = patchObject(form.fields[i]!, edit.set, edit.unset);
      if (field === form.fields[i]) return form;
      const fields = [...form.fields];
      fields[i] = field;
      return { ...form, fields };
    }
    case 'field.move': {
      const field = form.fields.find((f) => f.key === edit.key);
      if (!field || edit.before === edit.key) return form;
      const moved = withSection(field, edit.section);
      const rest = form.fields.filter((f) => f.key !== edit.key);
      const fields = insertField(form, rest, moved, edit.before);
      return fields.every((f, i) => f === form.fields[i]) ? form : { ...form, fields };
    }
    case 'section.add': {
      if ((form.sections ?? []).some((s) => s.id === edit.section.id)) return form;
      return { ...form, sections: [...(form.sections ?? []), edit.section] };
    }
    case 'section.update': {
      const sections = form.sections ?? [];
      const i = sections.findIndex((s) => s.id === edit.id);
      if (i < 0) return form;
      const section = patchObject(sections[i]!, edit.set, edit.unset);
      if (section === sections[i]) return form;
      const next = [...sections];
      next[i] = section;
      return { ...form, sections: next };
    }
    case 'section.remove': {
      const sections = form.sections ?? [];
      if (!sections.some((s) => s.id === edit.id)) return form;
      const rest = sections.filter((s) => s.id !== edit.id);
      const fields = form.fields.map((f) => (f.section === edit.id ? withSection(f, null) : f));
      const { sections: _drop, ...base } = form;
      return rest.length > 0 ? { ...base, sections: rest, fields } : { ...base, fields };
    }
    case 'definition.update':
      return patchObject(form, edit.set, edit.unset);
    case 'definition.replace':
      return deepEqual(form, edit.definition) ? form : edit.definition;
  }
}

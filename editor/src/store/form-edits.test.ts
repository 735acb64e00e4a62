import { describe, expect, it } from 'vitest';
import type { FormDefinition, FormField } from '@branchline/schemas';
import { createEditorStore } from './editor-store';
import { applyFormEdit, deepEqual, type FormEdit } from './form-edits';

const text = (key: string, section?: string): FormField => ({ key, type: 'text', label: { en: key }, ...(section ? { section } : {}) });
const base = (): FormDefinition => ({
  schemaVersion: 1,
  kind: 'form',
  key: 'f',
  title: { en: 'F' },
  titleField: 'a',
  sections: [
    { id: 's1', title: { en: 'One' } },
    { id: 's2', title: { en: 'Two' } },
  ],
  fields: [text('a'), text('b', 's1'), text('c', 's1'), text('d', 's2')],
  rules: [{ id: 'r1', assert: 'a != ""', message: { en: 'x' }, field: 'a' }],
});
const order = (d: FormDefinition) => d.fields.map((f) => `${f.key}:${f.section ?? '-'}`);

describe('applyFormEdit', () => {
  it('adds a field at the end of its section, or before a given field', () => {
    expect(order(applyFormEdit(base(), { type: 'field.add', field: text('x', 's1') }))).toEqual(['a:-', 'b:s1', 'c:s1', 'x:s1', 'd:s2']);
    expect(order(applyFormEdit(base(), { type: 'field.add', field: text('x', 's2'), before: 'd' }))).toEqual(['a:-', 'b:s1', 'c:s1', 'x:s2', 'd:s2']);
    expect(order(applyFormEdit(base(), { type: 'field.add', field: text('x') }))).toEqual(['a:-', 'x:-', 'b:s1', 'c:s1', 'd:s2']);
  });

  it('refuses a duplicate key by changing nothing', () => {
    const d = base();
    expect(applyFormEdit(d, { type: 'field.add', field: text('a') })).toBe(d);
    expect(applyFormEdit(d, { type: 'field.update', key: 'b', set: { key: 'a' } })).toBe(d);
  });

  it('moves a field within and across sections', () => {
    expect(order(applyFormEdit(base(), { type: 'field.move', key: 'c', section: 's1', before: 'b' }))).toEqual(['a:-', 'c:s1', 'b:s1', 'd:s2']);
    expect(order(applyFormEdit(base(), { type: 'field.move', key: 'a', section: 's2', before: null }))).toEqual(['b:s1', 'c:s1', 'd:s2', 'a:s2']);
    expect(order(applyFormEdit(base(), { type: 'field.move', key: 'd', section: null, before: 'a' }))).toEqual(['d:-', 'a:-', 'b:s1', 'c:s1']);
  });

  it('a move to where the field already is returns the same definition', () => {
    const d = base();
    expect(applyFormEdit(d, { type: 'field.move', key: 'b', section: 's1', before: 'c' })).toBe(d);
    expect(applyFormEdit(d, { type: 'field.move', key: 'd', section: 's2', before: null })).toBe(d);
  });

  it('renaming a key follows titleField and rules', () => {
    const d = applyFormEdit(base(), { type: 'field.update', key: 'a', set: { key: 'z' } });
    expect(d.titleField).toBe('z');
    expect(d.rules?.[0]?.field).toBe('z');
    expect(d.fields[0]?.key).toBe('z');
  });

  it("renaming a key rewrites every expression that names it (parse tree: string literals stay) in one undo step", () => {
    const d: FormDefinition = {
      ...base(),
      fields: [
        ...base().fields,
        { key: 'n', type: 'computed', label: { en: 'N' }, expression: "size(a) + size('a')", resultType: 'number' },
        { key: 'e', type: 'text', label: { en: 'E' }, visibleWhen: "a == 'a'", requiredWhen: 'a != b' },
      ],
    };
    const store = createEditorStore<FormDefinition, FormEdit>({ definition: d, applyEdit: applyFormEdit });
    expect(store.getState().apply({ type: 'field.update', key: 'a', set: { key: 'z', required: true } })).toBe(true);
    const after = store.getState().definition;
    expect(after.fields.find((f) => f.key === 'z')?.required).toBe(true);
    expect(after.fields.find((f) => f.key === 'n')).toMatchObject({ expression: "size(z) + size('a')" });
    expect(after.fields.find((f) => f.key === 'e')).toMatchObject({ visibleWhen: "z == 'a'", requiredWhen: 'z != b' });
    expect(after.rules?.[0]).toMatchObject({ assert: 'z != ""', field: 'z' });
    expect(store.getState().undo()).toBe(true);
    expect(store.getState().definition).toBe(d);
  });

  it('renaming a table column (the columns editor sends the whole list) rewrites lines.map(l, l.<key>) and the row expressions', () => {
    const lines: FormField = {
      key: 'lines',
      type: 'table',
      label: { en: 'Lines' },
      columns: [
        { key: 'qty', type: 'number', label: { en: 'Qty' } },
        { key: 'total', type: 'computed', label: { en: 'Total' }, expression: 'qty * 2', resultType: 'number' },
      ],
    };
    const d: FormDefinition = { ...base(), fields: [lines, { key: 'sum', type: 'computed', label: { en: 'Sum' }, expression: "sum(lines.map(l, l.qty)) + size('qty')", resultType: 'number' }] };
    const columns = lines.type === 'table' ? lines.columns.map((c) => (c.key === 'qty' ? { ...c, key: 'pieces' } : c)) : [];
    const after = applyFormEdit(d, { type: 'field.update', key: 'lines', set: { columns } });
    const table = after.fields[0]!;
    expect(table.type === 'table' && table.columns.map((c) => [c.key, c.type === 'computed' ? c.expression : ''])).toEqual([['pieces', ''], ['total', 'pieces * 2']]);
    expect(after.fields[1]).toMatchObject({ expression: "sum(lines.map(l, l.pieces)) + size('qty')" });
    // Reordering columns is not a rename.
    const swapped = applyFormEdit(d, { type: 'field.update', key: 'lines', set: { columns: lines.type === 'table' ? [...lines.columns].reverse() : [] } });
    expect(swapped.fields[1]).toMatchObject({ expression: "sum(lines.map(l, l.qty)) + size('qty')" });
  });

  it('unsets properties and never mutates its input', () => {
    const d = base();
    const frozen = JSON.parse(JSON.stringify(d));
    const withReq = applyFormEdit(d, { type: 'field.update', key: 'a', set: { required: true } });
    const without = applyFormEdit(withReq, { type: 'field.update', key: 'a', set: {}, unset: ['required'] });
    expect(without.fields[0]).toEqual(text('a'));
    expect(d).toEqual(frozen);
  });

  it('removing a section ungroups its fields', () => {
    const d = applyFormEdit(base(), { type: 'section.remove', id: 's1' });
    expect(d.sections?.map((s) => s.id)).toEqual(['s2']);
    expect(order(d)).toEqual(['a:-', 'b:-', 'c:-', 'd:s2']);
  });

  it('replace keeps the object when the content is equal', () => {
    const d = base();
    expect(applyFormEdit(d, { type: 'definition.replace', definition: JSON.parse(JSON.stringify(d)) })).toBe(d);
    const other = { ...base(), key: 'g' };
    expect(applyFormEdit(d, { type: 'definition.replace', definition: other })).toBe(other);
  });

  it('deepEqual compares JSON structurally', () => {
    expect(deepEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(deepEqual([1], { 0: 1 })).toBe(false);
  });
});

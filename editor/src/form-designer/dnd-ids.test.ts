import { describe, expect, it } from 'vitest';
import type { FormDefinition, FormField } from '@branchline/schemas';
import { applyFormEdit } from '../store/form-edits';
import { dropTarget, groupsOf, parseDragId } from './dnd-ids';

const text = (key: string, section?: string): FormField => ({ key, type: 'text', label: { en: key }, ...(section ? { section } : {}) });
const form: FormDefinition = {
  schemaVersion: 1,
  kind: 'form',
  key: 'f',
  title: { en: 'F' },
  sections: [{ id: 's1', title: { en: 'S1' } }],
  fields: [text('a'), text('b'), text('c'), text('x', 's1'), text('y', 's1')],
};
const move = (key: string, overId: string) => {
  const t = dropTarget(form, { kind: 'field', key }, parseDragId(overId)!);
  return t ? applyFormEdit(form, { type: 'field.move', key, ...t }) : form;
};
const order = (d: FormDefinition) => groupsOf(d).map((g) => g.keys.join(','));

describe('drop rules of the form designer', () => {
  it('parses ids', () => {
    expect(parseDragId('palette:multi-select')).toEqual({ kind: 'palette', type: 'multi-select' });
    expect(parseDragId('group:')).toEqual({ kind: 'group', section: null });
    expect(parseDragId('field:a')).toEqual({ kind: 'field', key: 'a' });
    expect(parseDragId('nope')).toBeNull();
  });

  it('moving down inside a group takes the place of the field dropped on', () => {
    expect(order(move('a', 'field:c'))).toEqual(['b,c,a', 'x,y']);
    expect(order(move('a', 'field:b'))).toEqual(['b,a,c', 'x,y']);
  });

  it('moving up inside a group goes before the field dropped on', () => {
    expect(order(move('c', 'field:a'))).toEqual(['c,a,b', 'x,y']);
  });

  it('moving into another group goes before the field, or to the end of the group', () => {
    expect(order(move('a', 'field:y'))).toEqual(['b,c', 'x,a,y']);
    expect(order(move('y', 'group:'))).toEqual(['a,b,c,y', 'x']);
  });

  it('a palette item dropped on a field goes before it', () => {
    expect(dropTarget(form, { kind: 'palette', type: 'email' }, { kind: 'field', key: 'x' })).toEqual({ section: 's1', before: 'x' });
  });
});

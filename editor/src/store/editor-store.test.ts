import { describe, expect, it } from 'vitest';
import type { FormDefinition, FormField } from '@branchline/schemas';
import { createFormStore } from './form-store';
import type { Refusal } from './editor-store';
import { HISTORY_LIMIT } from './history';

const text = (key: string, section?: string): FormField => ({ key, type: 'text', label: { 'zh-CN': key, en: key }, ...(section ? { section } : {}) });
const form = (): FormDefinition => ({
  schemaVersion: 1,
  kind: 'form',
  key: 'visit',
  title: { 'zh-CN': '拜访', en: 'Visit' },
  fields: [text('company'), text('contact')],
});
const keys = (d: FormDefinition) => d.fields.map((f) => f.key);

describe('editor store: edits and history', () => {
  it('applies an edit, then undoes and redoes it', () => {
    const store = createFormStore(form());
    expect(store.getState().apply({ type: 'field.add', field: text('phone') })).toBe(true);
    expect(keys(store.getState().definition)).toEqual(['company', 'contact', 'phone']);
    expect(store.getState().undo()).toBe(true);
    expect(keys(store.getState().definition)).toEqual(['company', 'contact']);
    expect(store.getState().redo()).toBe(true);
    expect(keys(store.getState().definition)).toEqual(['company', 'contact', 'phone']);
  });

  it('undo brings back the very same snapshot and a new edit clears redo', () => {
    const store = createFormStore(form());
    const first = store.getState().definition;
    store.getState().apply({ type: 'field.remove', key: 'company' });
    store.getState().undo();
    expect(store.getState().definition).toBe(first);
    store.getState().apply({ type: 'field.remove', key: 'contact' });
    expect(store.getState().redo()).toBe(false);
    expect(store.getState().history.future).toHaveLength(0);
  });

  it('an edit that changes nothing is not recorded', () => {
    const store = createFormStore(form());
    expect(store.getState().apply({ type: 'field.remove', key: 'nope' })).toBe(false);
    expect(store.getState().apply({ type: 'field.update', key: 'company', set: { label: { 'zh-CN': 'company', en: 'company' } } })).toBe(false);
    expect(store.getState().history.past).toHaveLength(0);
    expect(store.getState().revision).toBe(0);
  });

  it('coalesces typing into one undo step until a mark', () => {
    const store = createFormStore(form());
    const s = () => store.getState();
    for (const label of ['C', 'Co', 'Com']) s().apply({ type: 'field.update', key: 'company', set: { label: { 'zh-CN': '公司', en: label } } }, { coalesce: 'company.label' });
    expect(s().history.past).toHaveLength(1);
    s().mark();
    s().apply({ type: 'field.update', key: 'company', set: { label: { 'zh-CN': '公司', en: 'Comp' } } }, { coalesce: 'company.label' });
    expect(s().history.past).toHaveLength(2);
    s().undo();
    expect(s().definition.fields[0]!.label.en).toBe('Com');
    s().undo();
    expect(s().definition.fields[0]!.label.en).toBe('company');
  });

  it('changing the selection closes the typing group', () => {
    const store = createFormStore(form());
    const s = () => store.getState();
    s().apply({ type: 'field.update', key: 'company', set: { required: true } }, { coalesce: 'g' });
    s().select({ type: 'field', id: 'contact' });
    s().apply({ type: 'field.update', key: 'company', set: { required: false } }, { coalesce: 'g' });
    expect(s().history.past).toHaveLength(2);
  });

  it('keeps at most HISTORY_LIMIT steps', () => {
    const store = createFormStore(form());
    for (let i = 0; i < HISTORY_LIMIT + 10; i++) store.getState().apply({ type: 'definition.update', set: { title: { en: `v${i}` } } });
    expect(store.getState().history.past).toHaveLength(HISTORY_LIMIT);
  });

  it('a guard refuses an edit, keeps the definition and says why', () => {
    const refusal: Refusal = { editType: 'field.remove', reasons: [{ pointer: '/fields/0', message: { 'zh-CN': '锁定', en: 'locked' } }] };
    const store = createFormStore(form(), { guard: (_b, _a, edit) => (edit.type === 'field.remove' && edit.key === 'company' ? refusal : null) });
    const before = store.getState().definition;
    expect(store.getState().apply({ type: 'field.remove', key: 'company' })).toBe(false);
    expect(store.getState().definition).toBe(before);
    expect(store.getState().refusal).toBe(refusal);
    expect(store.getState().apply({ type: 'field.remove', key: 'contact' })).toBe(true);
    expect(store.getState().refusal).toBeNull();
  });

  it('a read-only store refuses every change', () => {
    const store = createFormStore(form(), { readOnly: true });
    expect(store.getState().apply({ type: 'field.remove', key: 'company' })).toBe(false);
    expect(keys(store.getState().definition)).toEqual(['company', 'contact']);
  });

  it('load replaces the definition and forgets history', () => {
    const store = createFormStore(form());
    store.getState().apply({ type: 'field.remove', key: 'company' });
    store.getState().load(form());
    expect(store.getState().history.past).toHaveLength(0);
    expect(store.getState().save.state).toBe('saved');
    expect(store.getState().revision).toBe(store.getState().savedRevision);
  });

  it('settle completes the definition without an undo step, a revision or a save state of its own', () => {
    const store = createFormStore(form());
    const settled = { ...store.getState().definition, description: { en: 'derived' } };
    store.getState().settle(settled);
    const s = store.getState();
    expect(s.definition).toBe(settled);
    expect([s.history.past.length, s.revision, s.savedRevision, s.save.state]).toEqual([0, 0, 0, 'saved']);
    store.getState().apply({ type: 'field.add', field: text('phone') });
    store.getState().undo();
    expect(store.getState().definition).toBe(settled);
  });

  it('two stores never share state', () => {
    const a = createFormStore(form());
    const b = createFormStore(form());
    a.getState().apply({ type: 'field.remove', key: 'company' });
    expect(keys(b.getState().definition)).toEqual(['company', 'contact']);
  });
});

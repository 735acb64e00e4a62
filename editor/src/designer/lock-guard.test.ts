/**
 * The form designer's store guarded by HQ's customer-registration template: a
 * locked field can be neither removed nor loosened (required dropped, its pattern
 * widened, a bound relaxed, its key renamed), and each refusal carries HQ's reason;
 * tightening a locked field, relabelling it and adding a local field go through.
 */
import { describe, expect, it } from 'vitest';
import type { FormDefinition, FormField } from '@branchline/schemas';
import { CUSTOMER_REGISTRATION } from '@branchline/templates';
import { createFormStore } from '../store/form-store';
import { lockGuard } from './lock-guard';

const template = CUSTOMER_REGISTRATION;
const open = () => createFormStore(structuredClone(template.definition) as FormDefinition, { guard: lockGuard<FormDefinition>(template) });
const field = (d: FormDefinition, key: string) => d.fields.find((f) => f.key === key)! as FormField & { validation?: Record<string, unknown> };

describe('lock guard on customer registration', () => {
  it.each([
    ['removing a locked field', { type: 'field.remove', key: 'contact_email' }],
    ['making a required locked field optional', { type: 'field.update', key: 'contact_email', set: {}, unset: ['required'] }],
    ['widening a locked pattern', { type: 'field.update', key: 'credit_code', set: { validation: { pattern: '^.{18}$' } } }],
    ['relaxing a locked minimum', { type: 'field.update', key: 'arr', set: { validation: { min: -100 } } }],
    ['renaming a locked key', { type: 'field.update', key: 'company_name', set: { key: 'customer' } }],
  ] as const)('refuses %s, keeps the definition and says why', (_what, edit) => {
    const store = open();
    const before = store.getState().definition;
    expect(store.getState().apply(edit as never)).toBe(false);
    expect(store.getState().definition).toBe(before);
    const refusal = store.getState().refusal!;
    expect(refusal.editType).toBe(edit.type);
    expect(refusal.reasons.length).toBeGreaterThan(0);
    expect(refusal.reasons.every((r) => r.message.en.length > 0 && r.message['zh-CN']!.length > 0)).toBe(true);
    expect(store.getState().revision).toBe(0);
    expect(store.getState().undo()).toBe(false);
  });

  it('lets a branch tighten and relabel a locked field and add its own field', () => {
    const store = open();
    expect(store.getState().apply({ type: 'field.update', key: 'company_name', set: { validation: { minLength: 4, maxLength: 200 } } })).toBe(true);
    expect(store.getState().apply({ type: 'field.update', key: 'company_name', set: { label: { en: 'Customer', 'zh-CN': '客户' } } })).toBe(true);
    expect(store.getState().apply({ type: 'field.add', field: { key: 'wechat_id', type: 'text', label: { en: 'WeChat ID', 'zh-CN': '微信号' } } as FormField })).toBe(true);
    const d = store.getState().definition;
    expect(field(d, 'company_name').validation).toEqual({ minLength: 4, maxLength: 200 });
    expect(d.fields.map((f) => f.key)).toContain('wechat_id');
    expect(store.getState().refusal).toBeNull();
    // The local field is the branch's own: it can go again.
    expect(store.getState().apply({ type: 'field.remove', key: 'wechat_id' })).toBe(true);
  });
});

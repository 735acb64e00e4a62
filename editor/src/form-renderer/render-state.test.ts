import { describe, expect, it } from 'vitest';
import type { FormDefinition } from '@branchline/schemas';
import { compileForm } from '@branchline/runtime';
import { toRenderState } from './render-state';

const form: FormDefinition = {
  schemaVersion: 1,
  kind: 'form',
  key: 'quote',
  title: { en: 'Quote' },
  fields: [
    { key: 'customer', type: 'text', label: { en: 'Customer', 'zh-CN': '客户' }, required: true },
    { key: 'quantity', type: 'number', label: { en: 'Quantity' }, validation: { min: 1 } },
    { key: 'unit_price', type: 'currency', label: { en: 'Unit price' } },
    { key: 'total', type: 'computed', label: { en: 'Total' }, expression: 'quantity * unit_price', resultType: 'number' },
    { key: 'note', type: 'text', label: { en: 'Note' }, visibleWhen: 'total > 100' },
  ],
};

describe('the preview state from the real runtime', () => {
  const compiled = compileForm(form);

  it('computes values and visibility', () => {
    const s = toRenderState(form, compiled.evaluate({ quantity: 3, unit_price: 50 }, { now: 0 }), 'en');
    expect(s.values.total).toBe(150);
    expect(s.visible('note')).toBe(true);
    const small = toRenderState(form, compiled.evaluate({ quantity: 1, unit_price: 50 }, { now: 0 }), 'en');
    expect(small.visible('note')).toBe(false);
  });

  it('puts each problem on its field, in the UI language', () => {
    const s = toRenderState(form, compiled.evaluate({ quantity: 0 }, { now: 0 }, { reportMissing: true }), 'zh-CN');
    expect(Object.keys(s.errors).sort()).toEqual(['customer', 'quantity']);
    expect(s.errors.customer![0]).toContain('客户');
    expect(s.required('customer')).toBe(true);
  });
});

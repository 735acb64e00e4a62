import { describe, expect, it } from 'vitest';
import type { FormDefinition, FormField } from '@branchline/schemas';
import { validateFormSemantics } from '../validate/form';
import { compileForm } from './compile-form';
import { renameFormColumn, renameFormField } from './rename';

const t = (en: string) => ({ en, 'zh-CN': en });
/** A quote-like form where `qty`, `currency` and the `lines` table are named everywhere a key can be. */
function form(): FormDefinition {
  return {
    schemaVersion: 1,
    kind: 'form',
    key: 'order',
    title: t('Order'),
    titleField: 'customer',
    fields: [
      { key: 'customer', type: 'text', label: t('Customer'), required: true },
      { key: 'currency', type: 'select', label: t('Currency'), options: [{ value: 'CNY', label: t('CNY') }, { value: 'USD', label: t('USD') }] },
      { key: 'qty', type: 'number', label: t('Quantity') },
      { key: 'fee', type: 'currency', label: t('Fee'), currencyField: 'currency', visibleWhen: "qty > 0 && customer != 'qty'", requiredWhen: 'qty > 10' },
      {
        key: 'lines',
        type: 'table',
        label: t('Lines'),
        columns: [
          { key: 'qty', type: 'number', label: t('Line quantity') },
          { key: 'price', type: 'currency', label: t('Price'), currencyField: 'currency' },
          { key: 'total', type: 'computed', label: t('Total'), expression: 'qty * price', resultType: 'number' },
        ],
      },
      {
        key: 'extras',
        type: 'table',
        label: t('Extras'),
        columns: [
          { key: 'amount', type: 'number', label: t('Amount') },
          { key: 'share', type: 'computed', label: t('Share'), expression: 'amount / (qty + sum(lines.map(l, l.qty)) + 1)', resultType: 'number' },
        ],
      },
      { key: 'units', type: 'computed', label: t('Units'), expression: "sum(lines.map(l, l.qty)) + qty + size('qty')", resultType: 'number' },
      { key: 'label', type: 'computed', label: t('Label'), expression: "{'qty': string(qty)}['qty']", resultType: 'text' },
    ],
    rules: [{ id: 'enough', assert: 'qty >= 1 || lines.exists(l, l.qty >= 1)', message: t('Order something'), field: 'qty' }],
  };
}
const byKey = (def: FormDefinition, key: string) => def.fields.find((f) => f.key === key) as FormField & Record<string, unknown>;
const columnOf = (def: FormDefinition, table: string, key: string) => (byKey(def, table) as Extract<FormField, { type: 'table' }>).columns.find((c) => c.key === key) as Record<string, unknown> | undefined;
const computed = (def: FormDefinition, data: Record<string, unknown>) => compileForm(def).evaluate(data, { now: 0 }).values;

describe('renameFormField', () => {
  it('renames the key and every reference, but not string literals, map keys or the same-named column', () => {
    const before = form();
    expect(validateFormSemantics(before)).toEqual([]);
    const { definition: after, rewritten, skipped } = renameFormField(before, 'qty', 'quantity');
    expect(validateFormSemantics(after)).toEqual([]);
    expect(skipped).toEqual([]);
    expect(byKey(after, 'quantity').label).toEqual(t('Quantity'));
    expect(byKey(after, 'fee')).toMatchObject({ visibleWhen: "quantity > 0 && customer != 'qty'", requiredWhen: 'quantity > 10' });
    expect(byKey(after, 'units').expression).toBe("sum(lines.map(l, l.qty)) + quantity + size('qty')");
    expect(byKey(after, 'label').expression).toBe("{'qty': string(quantity)}['qty']");
    // Inside `lines` the bare `qty` is its own column; inside `extras` it is the top-level field.
    expect(columnOf(after, 'lines', 'total')!.expression).toBe('qty * price');
    expect(columnOf(after, 'extras', 'share')!.expression).toBe('amount / (quantity + sum(lines.map(l, l.qty)) + 1)');
    expect(after.rules![0]).toMatchObject({ assert: 'quantity >= 1 || lines.exists(l, l.qty >= 1)', field: 'quantity' });
    expect(rewritten.sort()).toEqual(['/fields/3/requiredWhen', '/fields/3/visibleWhen', '/fields/5/columns/1/expression', '/fields/6/expression', '/fields/7/expression', '/rules/0/assert']);
    // The form computes the same values under the new key.
    const data = { customer: 'ACME', qty: 3, lines: [{ qty: 2, price: 5 }], extras: [{ amount: 12 }] };
    const { qty, ...rest } = data;
    expect(computed(before, data).units).toBe(8);
    expect(computed(after, { ...rest, quantity: qty })).toMatchObject({ units: computed(before, data).units, label: '3' });
  });

  it('renames titleField and currencyField references', () => {
    const renamed = renameFormField(form(), 'currency', 'money').definition;
    expect(byKey(renamed, 'fee').currencyField).toBe('money');
    expect(columnOf(renamed, 'lines', 'price')!.currencyField).toBe('money');
    expect(renameFormField(form(), 'customer', 'client').definition.titleField).toBe('client');
    expect(validateFormSemantics(renamed)).toEqual([]);
  });

  it('leaves the form alone when the key is unknown or the new one is taken', () => {
    const f = form();
    expect(renameFormField(f, 'nope', 'x').definition).toBe(f);
    expect(renameFormField(f, 'qty', 'customer').definition).toBe(f);
  });

  it('reports an expression where the new name is a list-item variable, and keeps it', () => {
    const f = form();
    byKey(f, 'units').expression = 'sum(lines.map(quantity, quantity.qty + qty))';
    const r = renameFormField(f, 'qty', 'quantity');
    expect(r.skipped).toEqual([{ pointer: '/fields/6/expression', reason: 'shadowed' }]);
    expect(byKey(r.definition, 'units').expression).toBe('sum(lines.map(quantity, quantity.qty + qty))');
  });
});

describe('renameFormColumn', () => {
  it('renames the column and its references in every table scope and top-level expression', () => {
    const before = form();
    const { definition: after, skipped } = renameFormColumn(before, 'lines', 'qty', 'pieces');
    expect(skipped).toEqual([]);
    expect(validateFormSemantics(after)).toEqual([]);
    expect(columnOf(after, 'lines', 'pieces')).toBeDefined();
    expect(columnOf(after, 'lines', 'total')!.expression).toBe('pieces * price');
    expect(byKey(after, 'units').expression).toBe("sum(lines.map(l, l.pieces)) + qty + size('qty')");
    expect(columnOf(after, 'extras', 'share')!.expression).toBe('amount / (qty + sum(lines.map(l, l.pieces)) + 1)');
    expect(after.rules![0]!.assert).toBe('qty >= 1 || lines.exists(l, l.pieces >= 1)');
    // The top-level field `qty` is untouched.
    expect(byKey(after, 'qty')).toBeDefined();
    expect(byKey(after, 'fee').visibleWhen).toBe("qty > 0 && customer != 'qty'");
    const data = { customer: 'ACME', qty: 3, lines: [{ qty: 2, price: 5 }], extras: [{ amount: 12 }] };
    expect(computed(after, { ...data, lines: [{ pieces: 2, price: 5 }] })).toMatchObject({ units: 8, lines: [{ pieces: 2, price: 5, total: 10 }] });
  });

  it('leaves the form alone for an unknown table or column, or a taken key', () => {
    const f = form();
    expect(renameFormColumn(f, 'nope', 'qty', 'x').definition).toBe(f);
    expect(renameFormColumn(f, 'lines', 'nope', 'x').definition).toBe(f);
    expect(renameFormColumn(f, 'lines', 'qty', 'price').definition).toBe(f);
  });
});

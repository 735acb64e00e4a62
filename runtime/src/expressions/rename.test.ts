import { describe, expect, it } from 'vitest';
import { renameInExpression, type RenameSpec } from './rename';

const field = (from: string, to: string): RenameSpec => ({ root: 'scope', from, to });
const column = (table: string, from: string, to: string, root: 'scope' | 'record' = 'scope'): RenameSpec => ({ root, table, from, to });
const record = (from: string, to: string): RenameSpec => ({ root: 'record', from, to });
const renamed = (source: string, spec: RenameSpec) => {
  const r = renameInExpression(source, spec);
  if (!r.ok) throw new Error(`not renamed: ${r.reason}`);
  return r.source;
};

describe('renameInExpression: a top-level field', () => {
  it.each([
    ['qty * 2', 'quantity * 2'],
    ['qty*qty', 'quantity*quantity'],
    ["qty > 1 && size('qty') == 3", "quantity > 1 && size('qty') == 3"],
    ['"qty" + \'qty\' + "a qty b"', '"qty" + \'qty\' + "a qty b"'],
    ["{'qty': qty}.qty", "{'qty': quantity}.qty"],
    ['qty2 + qty + my_qty', 'qty2 + quantity + my_qty'],
    ['other.qty + qty', 'other.qty + quantity'],
    ['lines.map(qty, qty * 2).size() > 0', 'lines.map(qty, qty * 2).size() > 0'],
    ['lines.map(l, l.x + qty)', 'lines.map(l, l.x + quantity)'],
    ['qty in [1, 2] ? qty : 0', 'quantity in [1, 2] ? quantity : 0'],
    ['has(qty)', 'has(quantity)'],
  ])('%s', (source, expected) => {
    expect(renamed(source, field('qty', 'quantity'))).toBe(expected);
  });

  it('says so when nothing refers to the field, even if the text mentions it', () => {
    expect(renameInExpression("'qty'", field('qty', 'quantity'))).toEqual({ ok: true, source: "'qty'", changed: false });
    expect(renameInExpression('arr > 1', field('qty', 'quantity'))).toEqual({ ok: true, source: 'arr > 1', changed: false });
  });

  it('refuses (and keeps the text) where a list-item variable of the new name would capture the reference', () => {
    expect(renameInExpression('lines.map(quantity, quantity + qty)', field('qty', 'quantity'))).toEqual({ ok: false, source: 'lines.map(quantity, quantity + qty)', reason: 'shadowed' });
  });

  it('keeps an expression that does not parse', () => {
    expect(renameInExpression('qty > (', field('qty', 'quantity'))).toEqual({ ok: false, source: 'qty > (', reason: 'unparsable' });
  });
});

describe('renameInExpression: a table column', () => {
  it.each([
    ['sum(lines.map(l, l.qty * l.unit_price))', 'sum(lines.map(l, l.quantity * l.unit_price))'],
    ['lines.filter(l, l.qty > 1).map(m, m.qty)', 'lines.filter(l, l.quantity > 1).map(m, m.quantity)'],
    ['lines[0].qty + lines[1].qty', 'lines[0].quantity + lines[1].quantity'],
    ["lines.exists(l, l.qty > 0 && l.name != 'qty')", "lines.exists(l, l.quantity > 0 && l.name != 'qty')"],
    ['lines.all(l, lines.exists(m, m.qty == l.qty))', 'lines.all(l, lines.exists(m, m.quantity == l.quantity))'],
    ['other.map(o, o.qty) == lines.map(l, l.qty)', 'other.map(o, o.qty) == lines.map(l, l.quantity)'],
    ['qty + lines.size()', 'qty + lines.size()'],
    ['lines.map(l, l.items.map(i, i.qty))', 'lines.map(l, l.items.map(i, i.qty))'],
  ])('%s', (source, expected) => {
    expect(renamed(source, column('lines', 'qty', 'quantity'))).toBe(expected);
  });

  it('under `record.` in workflows', () => {
    expect(renamed('sum(record.lines.map(l, l.qty)) > 10 && lines.map(l, l.qty) == []', column('lines', 'qty', 'quantity', 'record'))).toBe('sum(record.lines.map(l, l.quantity)) > 10 && lines.map(l, l.qty) == []');
  });
});

describe('renameInExpression: `record.<key>` in workflows', () => {
  it.each([
    ['record.arr > 500000', 'record.annual_revenue > 500000'],
    ['has(record.arr) && record . arr > 1', 'has(record.annual_revenue) && record . annual_revenue > 1'],
    ["record.arr > 1 && 'record.arr' != '' && vars.arr == 0 && arr == 2", "record.annual_revenue > 1 && 'record.arr' != '' && vars.arr == 0 && arr == 2"],
    ['record.arr_growth >= 0', 'record.arr_growth >= 0'],
    ['xs.map(record, record.arr)', 'xs.map(record, record.arr)'],
  ])('%s', (source, expected) => {
    expect(renamed(source, record('arr', 'annual_revenue'))).toBe(expected);
  });
});

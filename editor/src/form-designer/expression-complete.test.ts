import { describe, expect, it } from 'vitest';
import { accept, completionContext, suggestions } from './expression-complete';

const fields = [
  { key: 'quantity', detail: 'Quantity' },
  { key: 'unit_price', detail: 'Unit price' },
  { key: 'company_name', detail: 'Company' },
];
const fns = [
  { name: 'sum', kind: 'function' as const, detail: '' },
  { name: 'round', kind: 'function' as const, detail: '' },
  { name: 'contains', kind: 'method' as const, detail: '' },
  { name: 'map', kind: 'macro' as const, detail: '' },
];

describe('expression autocomplete', () => {
  it('finds the word before the cursor', () => {
    expect(completionContext('quantity * unit_p', 17)).toEqual({ start: 11, prefix: 'unit_p', member: false });
    expect(completionContext('company_name.con', 16)).toEqual({ start: 13, prefix: 'con', member: true });
  });

  it('offers nothing inside a string or a number', () => {
    expect(completionContext('company_name == "uni', 20)).toBeNull();
    expect(completionContext('x > 12', 6)).toBeNull();
  });

  it('offers fields then functions, prefix matches first', () => {
    const s = suggestions({ start: 0, prefix: 'u', member: false }, fields, fns).map((i) => i.name);
    expect(s[0]).toBe('unit_price');
    expect(s).toContain('sum');
    expect(s).toContain('quantity');
    expect(s.indexOf('unit_price')).toBeLessThan(s.indexOf('quantity'));
    expect(suggestions({ start: 0, prefix: 'ro', member: false }, fields, fns).map((i) => i.insert)).toEqual(['round(']);
  });

  it('after a dot offers methods and macros only', () => {
    expect(suggestions({ start: 0, prefix: '', member: true }, fields, fns).map((i) => i.name)).toEqual(['contains', 'map']);
  });

  it('accepting replaces the whole word and places the cursor after it', () => {
    const text = 'quantity * unit_p + 1';
    const ctx = completionContext(text, 15)!;
    const r = accept(text, 15, ctx, { kind: 'field', name: 'unit_price', insert: 'unit_price', detail: '' });
    expect(r).toEqual({ text: 'quantity * unit_price + 1', cursor: 21 });
    expect(accept('su(x)', 2, completionContext('su(x)', 2)!, { kind: 'function', name: 'sum', insert: 'sum(', detail: '' }).text).toBe('sum(x)');
  });
});

/** Unknown keys, prototype keys and arbitrary input: refused with pointers, never a crash, never a polluted prototype. */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { compileForm } from './compile-form';
import { CUSTOMER_FORM, customerSubmission, QUOTE_FORM, quoteSubmission } from './fixtures';

const ctx = { now: Date.UTC(2026, 10, 26, 8) };
const quote = compileForm(QUOTE_FORM);
const customer = compileForm(CUSTOMER_FORM);
const codes = (r: ReturnType<typeof quote.validate>) => (r.ok ? [] : r.problems.map((p) => `${p.pointer} ${p.code}`));

afterEach(() => {
  expect(Object.prototype).not.toHaveProperty('polluted');
  expect(Object.prototype).not.toHaveProperty('isAdmin');
});

describe('unknown keys', () => {
  it('are refused at the top level and in line items, with pointers', () => {
    const data: Record<string, unknown> = { ...quoteSubmission(2), approved: true };
    (data.lines as Record<string, unknown>[])[1]!.cost_price = 3;
    expect(codes(quote.validate(data, ctx))).toEqual(['/approved unknown_field', '/lines/1/cost_price unknown_field']);
  });

  it('escape "/" and "~" in the pointer', () => {
    expect(codes(quote.validate({ ...quoteSubmission(1), 'a/b~c': 1 }, ctx))).toEqual(['/a~1b~0c unknown_field']);
  });
});

describe('__proto__, constructor and prototype keys', () => {
  const attacks = [
    '{"__proto__": {"polluted": "yes"}}',
    '{"constructor": {"prototype": {"polluted": "yes"}}}',
    '{"prototype": {"polluted": "yes"}}',
    '{"lines": [{"__proto__": {"isAdmin": true}}]}',
    '{"lines": [{"constructor": {"prototype": {"isAdmin": true}}}]}',
  ];

  it.each(attacks)('%s is refused with its pointer', (json) => {
    const data = { ...quoteSubmission(1), ...JSON.parse(json) };
    if (json.includes('"lines"')) Object.assign((data.lines as object[])[0]!, (quoteSubmission(1).lines as object[])[0]);
    const r = quote.validate(data, ctx);
    expect(r.ok).toBe(false);
    const key = /"(__proto__|constructor|prototype)"/.exec(json)![1]!;
    expect(codes(r).some((c) => c.endsWith(`${key} unknown_field`))).toBe(true);
  });

  it('a record never gets a changed prototype', () => {
    const data = JSON.parse(JSON.stringify(quoteSubmission(1)).replace('{"customer_name"', '{"__proto__": {"isAdmin": true}, "customer_name"'));
    expect(Object.hasOwn(data, '__proto__')).toBe(true);
    const p = quote.evaluate(data, ctx);
    expect(Object.getPrototypeOf(p.values)).toBe(Object.prototype);
    expect((p.values as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(Object.hasOwn(p.values, '__proto__')).toBe(false);
    for (const row of p.values.lines as object[]) expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
  });

  it('objects with a null prototype are accepted as submissions', () => {
    const data = Object.assign(Object.create(null) as Record<string, unknown>, quoteSubmission(1));
    expect(quote.validate(data, ctx).ok).toBe(true);
  });
});

describe('never throws', () => {
  it('on any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
        const a = quote.validate(v, ctx);
        const b = customer.evaluate(v, ctx, { reportMissing: true });
        expect(typeof a.ok).toBe('boolean');
        expect(Array.isArray(b.problems)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('on valid submissions with one value replaced by anything', () => {
    const keys = [...Object.keys(customerSubmission()), 'tier', 'unknown', '__proto__'];
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.anything({ maxDepth: 3 }), fc.nat(3), (key, value, row) => {
        const data = customerSubmission();
        if (row === 0) data[key] = value;
        else ((data.contacts as Record<string, unknown>[])[row % 2] as Record<string, unknown>)[key] = value;
        const r = customer.validate(data, ctx);
        if (!r.ok) for (const p of r.problems) expect(p.pointer === '' || p.pointer.startsWith('/')).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('on hostile objects (getters that throw, cycles)', () => {
    const hostile = { ...quoteSubmission(1) } as Record<string, unknown>;
    Object.defineProperty(hostile, 'customer_name', { enumerable: true, get: () => { throw new Error('boom'); } });
    const r = quote.validate(hostile, ctx);
    expect(r.ok).toBe(false);
    const cyclic = quoteSubmission(1) as Record<string, unknown>;
    (cyclic.lines as Record<string, unknown>[])[0]!.self = cyclic;
    expect(quote.validate(cyclic, ctx).ok).toBe(false);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileExpression, compileOnLibrary } from './compile';
import type { Scope } from './types';

const ctx = { now: Date.UTC(2026, 10, 26, 8) };
const scope: Scope = {
  arr: { type: 'number' },
  usage_rate: { type: 'number' },
  arr_growth: { type: 'number' },
  region: { type: 'text' },
  vip: { type: 'boolean' },
  due: { type: 'date' },
  tags: { type: 'list', of: { type: 'text' } },
  lines: { type: 'list', of: { type: 'object', fields: { quantity: { type: 'number' }, unit_price: { type: 'number' }, product: { type: 'text', maxLength: 200 } } } },
  payload: { type: 'any' },
};

function problems(source: string, expect?: Parameters<typeof compileExpression>[2]) {
  const r = compileExpression(source, scope, expect);
  return r.ok ? [] : r.problems;
}

describe('design-time checks', () => {
  it('names an unknown field and suggests the closest one', () => {
    const [p] = problems('usage_rat > 80');
    expect(p).toMatchObject({ pointer: '', code: 'unknown_field', params: { field: 'usage_rat', suggestion: 'usage_rate', start: 0, end: 9 } });
    expect(p!.message.en).toBe('Unknown field "usage_rat" — did you mean "usage_rate"? (at character 1)');
    expect(p!.message['zh-CN']).toContain('您是想写"usage_rate"吗');
  });

  it('lists the fields when nothing is close', () => {
    const [p] = problems('zzzz > 1');
    expect(p!.code).toBe('unknown_field');
    expect(p!.message.en).toContain('"arr"');
    expect(p!.params?.suggestion).toBeUndefined();
  });

  it('names a mistyped column of a line item', () => {
    const [p] = problems('sum(lines.map(l, l.unit_pric))');
    expect(p).toMatchObject({ code: 'unknown_property', params: { property: 'unit_pric', suggestion: 'unit_price' } });
    expect(p!.message.en).toContain('row of "lines" has no field "unit_pric"');
  });

  it('refuses operands of the wrong type in business words', () => {
    const [p] = problems('region * 2');
    expect(p!.code).toBe('wrong_operand_types');
    expect(p!.message.en).toContain('text, number');
    expect(p!.message['zh-CN']).toContain('文本');
  });

  it('refuses a function called with the wrong arguments and shows its usage', () => {
    const [p] = problems('sum(region)');
    expect(p!.code).toBe('wrong_argument_types');
    expect(p!.message.en).toContain('sum(numbers: list of number) → number');
  });

  it('suggests a function for a typo', () => {
    expect(problems('days_betwen(due, now())')[0]).toMatchObject({ code: 'unknown_function', params: { suggestion: 'days_between' } });
  });

  it('checks the result type against what the caller needs', () => {
    expect(problems('arr + 1', { expect: 'boolean' })[0]).toMatchObject({ code: 'wrong_result_type', params: { expected: 'boolean', actual: 'double' } });
    expect(problems('arr > 1', { expect: 'number' })[0]!.message.en).toBe('The expression must give a number, but gives yes/no.');
    expect(problems('due', { expect: 'datetime' })).toEqual([]);
    expect(problems('now() - due', { expect: 'number' })[0]!.message.en).toContain('hours_between');
  });

  it('reports syntax errors with the position', () => {
    expect(problems('arr >')[0]).toMatchObject({ code: 'expression_syntax', params: { start: 5 } });
    expect(problems('(arr > 1')[0]!.code).toBe('expression_syntax');
    expect(problems('arr > 1 ? "S"')[0]!.code).toBe('expression_syntax');
  });

  it.each([
    ['arr ? 1 : 2', 'condition_not_boolean'],
    ['arr > 1 ? "S" : 2', 'mixed_result_types'],
    ['arr.map(x, x)', 'not_a_list'],
    ['region[0]', 'not_indexable'],
    ['', 'expression_empty'],
    ['   ', 'expression_empty'],
  ])('%s → %s', (src, code) => {
    expect(problems(src)[0]?.code).toBe(code);
  });

  it('accepts literals that mix value types, as a JSON body does', () => {
    expect(problems("{'name': 'ACME', 'total': arr, 'vip': arr > 1.0}")).toEqual([]);
    expect(problems('[1, 2.5]')).toEqual([]);
  });

  it('refuses a field CEL cannot name (a reserved word)', () => {
    const r = compileExpression('in > 1', { in: { type: 'number' } });
    expect(r.ok).toBe(false);
  });
});

describe('compiled expressions', () => {
  it('infers the result type and lists root references (not list-item variables)', () => {
    const r = compileExpression('arr > 500000 && usage_rate > 80 ? "S" : (sum(lines.map(l, l.quantity)) > 3 ? "A" : "B")', scope);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.expression.resultType).toEqual({ type: 'text' });
    expect(r.expression.references).toEqual(['arr', 'usage_rate', 'lines']);
    expect(r.expression.source).toContain('usage_rate');
  });

  it('types lists and objects', () => {
    const r = compileExpression('lines.filter(l, l.quantity > 1)', scope);
    expect(r.ok && r.expression.resultType).toEqual({ type: 'list', of: { type: 'object', fields: (scope.lines as { of: { fields: unknown } }).of.fields } });
  });

  it('caches by source, scope and expectation', () => {
    const a = compileExpression('arr * 2', scope);
    expect(compileExpression('arr * 2', { ...scope })).toBe(a);
    expect(compileExpression('arr * 2', scope, { expect: 'number' })).not.toBe(a);
    expect(compileExpression('arr * 2', { arr: { type: 'number' } })).not.toBe(a);
  });

  it('reports a missing variable as a missing value, never a crash', () => {
    const r = compileExpression('arr * 2', scope);
    expect(r.ok && r.expression.evaluate({}, ctx)).toMatchObject({ ok: false, error: { code: 'missing_value', params: { field: 'arr' } } });
    expect(r.ok && r.expression.evaluate({ arr: null }, ctx)).toMatchObject({ ok: false, error: { code: 'missing_value' } });
    expect(r.ok && r.expression.evaluate(null as never, ctx)).toMatchObject({ ok: false, error: { code: 'missing_value' } });
    expect(r.ok && r.expression.evaluate({ arr: 'ten' }, ctx)).toMatchObject({ ok: false, error: { code: 'wrong_input_type' } });
  });

  it('reads only own values of the variables object', () => {
    const r = compileExpression('arr * 2', scope);
    const inherited = Object.create({ arr: 21 }) as Record<string, unknown>;
    expect(r.ok && r.expression.evaluate(inherited, ctx)).toMatchObject({ ok: false, error: { code: 'missing_value' } });
  });

  it('checks a dynamically typed result at run time', () => {
    const r = compileExpression('payload.level', scope, { expect: 'number' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.expression.evaluate({ payload: { level: 3 } }, ctx)).toEqual({ ok: true, value: 3 });
    expect(r.expression.evaluate({ payload: { level: 'x' } }, ctx)).toMatchObject({ ok: false, error: { code: 'wrong_result_type' } });
  });

  it('returns plain JSON: maps without prototype keys, no BigInt', () => {
    const r = compileExpression('{"a": size(tags), "__proto__": 1, "constructor": 2}', scope);
    const v = r.ok ? r.expression.evaluate({ tags: ['x'] }, ctx) : undefined;
    expect(v).toEqual({ ok: true, value: { a: 1 } });
    expect(Object.getPrototypeOf((v as { value: object }).value)).toBe(null);
  });
});

/** The fast path and the CEL library's evaluator must agree (value, or error code). */
describe('fast path = library evaluator', () => {
  const corpus = [
    'arr * 2 + usage_rate / 100',
    'arr > 500000 && usage_rate > 80 ? "S" : (arr >= 100000 && arr_growth >= 0 ? "A" : "B")',
    'sum(lines.map(l, l.quantity * l.unit_price))',
    'lines.map(l, l.quantity > 1, l.unit_price)',
    'lines.filter(l, l.product.startsWith("P")).map(l, l.product)',
    'lines.all(l, l.quantity >= 1) || vip',
    'lines.exists(l, l.unit_price / l.quantity > 100)',
    'lines.exists_one(l, l.quantity == 1)',
    'count(lines.filter(l, l.unit_price > arr_growth))',
    '"east" in tags || region.contains("上海")',
    '!vip && -arr < 0',
    'max(lines.map(l, l.unit_price)) - min(lines.map(l, l.unit_price))',
    'round(avg(lines.map(l, l.unit_price)), 2)',
    'days_between(due, now()) > 7.5',
    'size(tags) * 2 + size(region)',
    '[arr, usage_rate, 1.5].exists(x, x > 100)',
    'arr / 0 > 1 || vip',
    'vip || arr / 0 > 1',
    'lines.all(l, l.quantity / 0 > 1)',
    '(region == "east" || region != "west") && vip != false && arr != usage_rate && (arr <= 5.5 || arr >= -1.5 || arr < 0.0)',
    'lines.map(l, l.unit_price - l.quantity / 2.0 + 1.0).exists(x, x == 1.0)',
    '100 - arr % 7 + 3 * arr - 9007199254740993 * 2 > arr_growth % 4 && 10 >= usage_rate == (usage_rate != 1)',
  ];
  const line = fc.record({ quantity: fc.oneof(fc.integer({ min: -5, max: 20 }), fc.double({ noNaN: true, min: -1e6, max: 1e6 })), unit_price: fc.double({ noNaN: true, min: 0, max: 1e5 }), product: fc.string({ maxLength: 6 }) });
  const vars = fc.record(
    {
      arr: fc.double({ noNaN: true, min: -1e7, max: 1e7 }),
      usage_rate: fc.double({ noNaN: true, min: 0, max: 100 }),
      arr_growth: fc.integer({ min: -50, max: 50 }),
      region: fc.constantFrom('east', '上海', 'west', ''),
      vip: fc.boolean(),
      due: fc.constantFrom('2026-11-01', '2026-12-24', '2027-02-28T10:00:00+08:00'),
      tags: fc.array(fc.constantFrom('east', 'vip', 'x'), { maxLength: 4 }),
      lines: fc.array(fc.oneof(line, fc.constant({ quantity: 1 }), fc.constant({ quantity: 'two', unit_price: 1, product: 'P' })), { maxLength: 6 }),
    },
    { requiredKeys: ['arr', 'usage_rate', 'arr_growth', 'region', 'vip', 'due', 'tags', 'lines'] },
  );
  const outcome = (r: { ok: true; value: unknown } | { ok: false; error: { code: string } }) => (r.ok ? { value: r.value } : { error: r.error.code });

  it.each(corpus)('%s', (src) => {
    const fast = compileExpression(src, scope);
    const slow = compileOnLibrary(src, scope);
    expect(fast.ok && slow.ok).toBe(true);
    if (!fast.ok || !slow.ok) return;
    fc.assert(
      fc.property(vars, (v) => {
        expect(outcome(fast.expression.evaluate(v, ctx))).toEqual(outcome(slow.expression.evaluate(v, ctx)));
      }),
      { numRuns: 150 },
    );
  });
});

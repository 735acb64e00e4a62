import { describe, expect, it } from 'vitest';
import { compileExpression } from './compile';
import { EXPRESSION_FUNCTIONS } from './function-docs';
import { roundTo } from './functions';
import type { Scope } from './types';

/** A fixed clock: 2026-11-26T08:00:00Z. */
const ctx = { now: Date.UTC(2026, 10, 26, 8, 0, 0) };
const scope: Scope = {
  total: { type: 'number' },
  discount_pct: { type: 'number' },
  name: { type: 'text' },
  signed_on: { type: 'date' },
  created_at: { type: 'datetime' },
  tags: { type: 'list', of: { type: 'text' } },
  lines: { type: 'list', of: { type: 'object', fields: { quantity: { type: 'number' }, unit_price: { type: 'number' }, discount_pct: { type: 'number' } } } },
};
const data = {
  total: 1234.5,
  discount_pct: 12,
  name: '上海机械有限公司',
  signed_on: '2026-11-01',
  created_at: '2026-11-26T12:00:00+08:00',
  tags: ['vip', 'east'],
  lines: [
    { quantity: 2, unit_price: 100, discount_pct: 5 },
    { quantity: 1, unit_price: 50.5, discount_pct: 0 },
    { quantity: 3, unit_price: 10, discount_pct: 20 },
  ],
};

function run(source: string, vars: Record<string, unknown> = data) {
  const c = compileExpression(source, scope);
  if (!c.ok) throw new Error(`${source}: ${c.problems.map((p) => p.message.en).join('; ')}`);
  return c.expression.evaluate(vars, ctx);
}
const value = (source: string, vars?: Record<string, unknown>) => {
  const r = run(source, vars);
  if (!r.ok) throw new Error(`${source}: ${r.error.message.en}`);
  return r.value;
};
const errorCode = (source: string, vars?: Record<string, unknown>) => {
  const r = run(source, vars);
  return r.ok ? `ok:${JSON.stringify(r.value)}` : r.error.code;
};

describe('arithmetic, comparison and logic', () => {
  it.each([
    ['discount_pct / 100', 0.12],
    ['100 * discount_pct', 1200],
    ['total - 34.5', 1200],
    ['total + 1', 1235.5],
    ['7 / 2', 3],
    ['7.0 / 2', 3.5],
    ['discount_pct % 5', 2],
    ['discount_pct % 5.0', 2],
    ['10 % 4', 2],
    ['-discount_pct', -12],
    ['(total + 765.5) / 2', 1000],
  ])('%s = %s', (src, expected) => {
    expect(value(src)).toBe(expected);
  });

  it.each([
    ['discount_pct == 12', true],
    ['12 == discount_pct', true],
    ['discount_pct != 12', false],
    ['discount_pct > 10', true],
    ['10 >= discount_pct', false],
    ['total > 1000 && discount_pct < 20', true],
    ['total > 5000 || name.startsWith("上海")', true],
    ['!(total > 1000)', false],
    ['total > 1000 ? "big" : "small"', 'big'],
    ['"vip" in tags', true],
  ])('%s → %s', (src, expected) => {
    expect(value(src)).toBe(expected);
  });

  it('gives whole-number arithmetic back as plain numbers', () => {
    expect(value('size(tags) + 1')).toBe(3);
    expect(typeof value('size(tags) * 2')).toBe('number');
  });

  it('refuses a division by zero as a problem, not Infinity', () => {
    expect(errorCode('total / 0')).toBe('not_finite');
    expect(errorCode('total / (discount_pct - 12)')).toBe('not_finite');
    expect(errorCode('1 / 0')).toBe('division_by_zero');
    expect(errorCode('discount_pct % 0')).toBe('not_finite');
  });

  it('reports integer overflow', () => {
    expect(errorCode('9223372036854775807 + 1')).toBe('number_too_large');
  });
});

describe('text', () => {
  it.each([
    ['name.contains("机械")', true],
    ['name.contains("电子")', false],
    ['name.startsWith("上海")', true],
    ['name.endsWith("公司")', true],
    ['"ABC".lowerAscii()', 'abc'],
    ['"abc".upperAscii()', 'ABC'],
    ['"  x ".trim()', 'x'],
    ['name.substring(0, 2)', '上海'],
    ['name.indexOf("机械")', 2],
    ['size(name)', 8],
    ['"Q-" + string(42)', 'Q-42'],
    ['double("2.5") * 2', 5],
    ['int(7.9)', 7],
  ])('%s → %s', (src, expected) => {
    expect(value(src)).toBe(expected);
  });

  it('reports an index out of range', () => {
    expect(errorCode('name.substring(0, 100)')).toBe('evaluation_failed');
  });
});

describe('dates (fake clock 2026-11-26T08:00Z)', () => {
  it('now() reads the injected clock, never the real one', () => {
    expect(value('now()')).toBe('2026-11-26T08:00:00.000Z');
    const other = compileExpression('now()', scope);
    expect(other.ok && other.expression.evaluate(data, { now: 0 })).toEqual({ ok: true, value: '1970-01-01T00:00:00.000Z' });
  });

  it.each([
    ['days_between(signed_on, now())', 25 + 8 / 24],
    ['days_between(signed_on, date("2026-12-01"))', 30],
    ['days_between(date("2026-12-01"), signed_on)', -30],
    ['hours_between(created_at, now())', 4],
    ['hours_between(now(), created_at)', -4],
    ['round(days_between(date(now()), date("2027-01-01")))', 36],
  ])('%s = %s', (src, expected) => {
    expect(value(src)).toBeCloseTo(expected as number, 10);
  });

  it.each([
    ['add_days(signed_on, 30)', '2026-12-01T00:00:00.000Z'],
    ['add_days(signed_on, -1)', '2026-10-31T00:00:00.000Z'],
    ['add_days(signed_on, 0.5)', '2026-11-01T12:00:00.000Z'],
    ['add_hours(created_at, 24)', '2026-11-27T04:00:00.000Z'],
    ['add_hours(now(), 1.5)', '2026-11-26T09:30:00.000Z'],
    ['date("2026-02-28")', '2026-02-28T00:00:00.000Z'],
    ['date("2026-11-26T16:00:00+08:00")', '2026-11-26T08:00:00.000Z'],
    ['date(now())', '2026-11-26T00:00:00.000Z'],
  ])('%s → %s', (src, expected) => {
    expect(value(src)).toBe(expected);
  });

  it('compares dates as instants, whatever their offset', () => {
    expect(value('created_at < now()')).toBe(true);
    expect(value('date("2026-11-26T16:00:00+08:00") == date("2026-11-26T08:00:00Z")')).toBe(true);
    expect(value('signed_on < date("2026-11-02")')).toBe(true);
  });

  it('writes a date result as YYYY-MM-DD when a date is expected', () => {
    const c = compileExpression('add_days(signed_on, 30)', scope, { expect: 'date' });
    expect(c.ok && c.expression.resultType).toEqual({ type: 'date' });
    expect(c.ok && c.expression.evaluate(data, ctx)).toEqual({ ok: true, value: '2026-12-01' });
  });

  it.each(['date("next week")', 'date("2026-02-30")', 'date("2026-13-01")', 'date("26-11-2026")', 'date("")'])('refuses %s', (src) => {
    expect(errorCode(src)).toBe('bad_date');
  });

  it('refuses dates outside years 0001–9999', () => {
    expect(errorCode('add_days(signed_on, 4000000)')).toBe('date_out_of_range');
  });

  it('refuses a field that holds something other than a date', () => {
    expect(errorCode('days_between(signed_on, now())', { ...data, signed_on: 'soon' })).toBe('bad_date');
  });
});

describe('aggregates over line items', () => {
  it.each([
    ['sum(lines.map(l, l.quantity * l.unit_price))', 280.5],
    ['sum(lines.map(l, l.quantity * l.unit_price * (1 - l.discount_pct / 100)))', 190 + 50.5 + 24],
    ['count(lines)', 3],
    ['count(lines.filter(l, l.discount_pct > 0))', 2],
    ['min(lines.map(l, l.unit_price))', 10],
    ['max(lines.map(l, l.unit_price))', 100],
    ['avg(lines.map(l, l.quantity))', 2],
    ['sum([1, 2, 3])', 6],
    ['sum([])', 0],
    ['count([])', 0],
    ['max(0, total - 2000)', 0],
    ['min(3, 2.5)', 2.5],
  ])('%s = %s', (src, expected) => {
    expect(value(src)).toBeCloseTo(expected, 10);
  });

  it('all / exists / exists_one', () => {
    expect(value('lines.all(l, l.quantity >= 1)')).toBe(true);
    expect(value('lines.exists(l, l.discount_pct > 10)')).toBe(true);
    expect(value('lines.exists_one(l, l.discount_pct == 0)')).toBe(true);
    expect(value('lines.all(l, l.discount_pct > 0)')).toBe(false);
  });

  it.each(['min([])', 'max([])', 'avg([])'])('%s needs items', (src) => {
    expect(errorCode(src)).toBe('empty_list');
  });

  it('reports a missing cell in a line as a missing value', () => {
    const lines = [{ quantity: 1, unit_price: 5, discount_pct: 0 }, { quantity: 2, discount_pct: 0 }];
    expect(errorCode('sum(lines.map(l, l.quantity * l.unit_price))', { ...data, lines })).toBe('missing_value');
  });
});

describe('rounding and ranges', () => {
  it.each([
    [1.005, 2, 1.01],
    [2.345, 2, 2.35],
    [-2.345, 2, -2.35],
    [2.5, 0, 3],
    [-2.5, 0, -3],
    [1234.5678, -2, 1200],
    [0.1 + 0.2, 2, 0.3],
    [190.95000000000002, 2, 190.95],
    [1e21, 2, 1e21],
  ])('roundTo(%s, %s) = %s', (x, d, expected) => {
    expect(roundTo(x, d)).toBe(expected);
  });

  it.each([
    ['round(2.5)', 3],
    ['round(total, 0)', 1235],
    ['round(total * 0.13, 2)', 160.49],
    ['round(7)', 7],
    ['abs(-3.5)', 3.5],
    ['abs(-3)', 3],
    ['clamp(discount_pct, 0, 10)', 10],
    ['clamp(-5, 0, 30)', 0],
    ['clamp(discount_pct, 0.0, 30)', 12],
  ])('%s = %s', (src, expected) => {
    expect(value(src)).toBe(expected);
  });

  it('refuses bad arguments', () => {
    expect(errorCode('round(total, 11)')).toBe('bad_digits');
    expect(errorCode('round(total, 1.5)')).toBe('bad_digits');
    expect(errorCode('clamp(total, 10, 0)')).toBe('bad_range');
  });
});

describe('error paths of each business function', () => {
  it.each([
    ['name.contains(5)', 'contains'],
    ['total.contains("a")', 'contains'],
    ['name.startsWith(total)', 'startsWith'],
    ['days_between(name, now())', 'days_between'],
    ['hours_between(total, now())', 'hours_between'],
    ['add_hours(created_at, "2")', 'add_hours'],
    ['add_days(total, 1)', 'add_days'],
    ['sum(tags)', 'sum'],
    ['sum(lines)', 'sum'],
    ['count(total)', 'count'],
    ['min(name)', 'min'],
    ['max(tags)', 'max'],
    ['round(name)', 'round'],
  ])('%s is refused at design time, showing how %s is used', (src, fn) => {
    const c = compileExpression(src, scope);
    expect(c.ok).toBe(false);
    if (c.ok) return;
    expect(c.problems[0]).toMatchObject({ code: 'wrong_argument_types' });
    expect(c.problems[0]!.message.en).toContain(`${fn}(`);
  });

  it('if-then-else needs a yes/no condition and one result type', () => {
    expect(compileExpression('total ? "a" : "b"', scope)).toMatchObject({ ok: false, problems: [{ code: 'condition_not_boolean' }] });
    expect(compileExpression('total > 1 ? "a" : 2', scope)).toMatchObject({ ok: false, problems: [{ code: 'mixed_result_types' }] });
  });

  it('add_hours beyond the years 0001–9999, or by a number that is not finite', () => {
    expect(errorCode('add_hours(created_at, 100000000)')).toBe('date_out_of_range');
    expect(errorCode('add_hours(created_at, total / (discount_pct - 12))')).toBe('not_finite');
  });

  it('hours_between and days_between on a field that holds no date', () => {
    expect(errorCode('hours_between(created_at, now())', { ...data, created_at: 'later' })).toBe('bad_date');
    expect(errorCode('days_between(signed_on, now())', { ...data, signed_on: '2026-02-30' })).toBe('bad_date');
  });

  it('now() when the host gave no clock is a clear error, not a made-up time', () => {
    const c = compileExpression('now()', scope);
    const r = c.ok ? c.expression.evaluate(data, {} as never) : undefined;
    expect(r).toMatchObject({ ok: false, error: { code: 'no_clock' } });
    expect(r && !r.ok && r.error.message.en).toContain('current time');
  });
});

describe('EXPRESSION_FUNCTIONS (autocomplete data)', () => {
  it('documents every function in both languages with an example that compiles', () => {
    const docScope: Scope = {
      ...scope,
      company_name: { type: 'text' },
      tax_id: { type: 'text' },
      email: { type: 'text' },
      region: { type: 'text' },
      currency: { type: 'text' },
      contact_name: { type: 'text' },
      notes: { type: 'text' },
      arr_growth: { type: 'number' },
      close_date: { type: 'date' },
      tier: { type: 'text' },
      quote_no: { type: 'number' },
      record: { type: 'object', fields: { discount_pct: { type: 'number' } } },
      lines: { type: 'list', of: { type: 'object', fields: { quantity: { type: 'number' }, unit_price: { type: 'number' }, discount_pct: { type: 'number' }, is_main: { type: 'boolean' } } } },
    };
    for (const f of EXPRESSION_FUNCTIONS) {
      expect(f.description.en.length, f.name).toBeGreaterThan(5);
      expect(f.description['zh-CN'].length, f.name).toBeGreaterThan(2);
      const c = compileExpression(f.example, docScope);
      expect(c.ok ? 'ok' : c.problems.map((p) => p.message.en).join('; '), f.example).toBe('ok');
    }
  });

  it('has no duplicate names', () => {
    const names = EXPRESSION_FUNCTIONS.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('docs/expressions.md', () => {
  it('documents every function of EXPRESSION_FUNCTIONS', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(new URL('../../../docs/expressions.md', import.meta.url), 'utf8');
    for (const f of EXPRESSION_FUNCTIONS) expect(doc, f.name).toMatch(new RegExp(`\`[^\`]*\\b${f.name}\\(`));
  });
});

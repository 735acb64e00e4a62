import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalize, parseCondition, toExpression, type Condition, type Group, type Rule, type Scalar } from './condition';

const rule = (field: string, op: Rule['op'], value: Rule['value']): Rule => ({ kind: 'rule', field, op, value });

describe('condition builder ↔ CEL', () => {
  it('writes the customer-grading tier S rule as CEL', () => {
    const g: Group = { kind: 'group', join: 'and', items: [rule('record.arr', '>', 500000), rule('record.usage_rate', '>', 80)] };
    expect(toExpression(g)).toBe('record.arr > 500000 && record.usage_rate > 80');
    expect(parseCondition('record.arr > 500000 && record.usage_rate > 80')).toEqual(g);
  });

  it('brackets nested groups and reads them back', () => {
    const g: Group = {
      kind: 'group',
      join: 'or',
      items: [rule('record.tier', '==', 'S'), { kind: 'group', join: 'and', items: [rule('record.arr', '>=', 100000), rule('record.arr_growth', '>=', 0)] }],
    };
    const text = toExpression(g);
    expect(text).toBe("record.tier == 'S' || (record.arr >= 100000 && record.arr_growth >= 0)");
    expect(parseCondition(text)).toEqual(g);
  });

  it('reads methods, lists, negative numbers, booleans and quotes', () => {
    expect(parseCondition("record.company_name.contains('机械')")).toEqual({ kind: 'group', join: 'and', items: [rule('record.company_name', 'contains', '机械')] });
    expect(parseCondition(`record.region in ['east', "south"] && vars.delta > -5 && record.vip == true`)?.items).toEqual([
      rule('record.region', 'in', ['east', 'south']),
      rule('vars.delta', '>', -5),
      rule('record.vip', '==', true),
    ]);
    expect(toExpression({ kind: 'group', join: 'and', items: [rule('record.name', '==', "O'Brien \\ co")] })).toBe("record.name == 'O\\'Brien \\\\ co'");
    expect(parseCondition("record.name == 'O\\'Brien \\\\ co'")?.items[0]).toEqual(rule('record.name', '==', "O'Brien \\ co"));
  });

  it('gives the empty group for true, and undefined for text outside the builder', () => {
    expect(parseCondition('true')).toEqual({ kind: 'group', join: 'and', items: [] });
    expect(toExpression({ kind: 'group', join: 'and', items: [] })).toBe('true');
    for (const raw of ['record.total / 1000.0 > 3', "record.is_partner ? 1 : 0", 'size(record.lines) > 2', 'record.a >', '(record.a > 1', 'record.a > 1 record.b', '', '!record.a']) {
      expect(parseCondition(raw), raw).toBeUndefined();
    }
  });

  const field = fc.constantFrom('record.arr', 'record.usage_rate', 'record.region', 'vars.tier', 'record.company_name', 'event.dropPct');
  const scalar: fc.Arbitrary<Scalar> = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.integer({ min: -1e9, max: 1e9 }),
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).filter((d) => !Object.is(d, -0)),
    fc.boolean(),
    fc.constant(null),
  );
  const ruleArb: fc.Arbitrary<Rule> = fc.oneof(
    fc.record({ kind: fc.constant('rule' as const), field, op: fc.constantFrom('==', '!=', '>', '>=', '<', '<=') as fc.Arbitrary<Rule['op']>, value: scalar }),
    fc.record({ kind: fc.constant('rule' as const), field, op: fc.constantFrom('contains', 'startsWith', 'endsWith') as fc.Arbitrary<Rule['op']>, value: fc.string({ maxLength: 8 }) }),
    fc.record({ kind: fc.constant('rule' as const), field, op: fc.constant('in' as const), value: fc.array(scalar, { maxLength: 4 }) }),
  );
  const { cond } = fc.letrec<{ cond: Condition; group: Group }>((tie) => ({
    cond: fc.oneof({ depthSize: 'small' }, ruleArb, tie('group')),
    group: fc.record({ kind: fc.constant('group' as const), join: fc.constantFrom('and' as const, 'or' as const), items: fc.array(tie('cond'), { maxLength: 4 }) }),
  }));

  it('round-trips any builder model: parse(write(m)) = normalize(m)', () => {
    fc.assert(
      fc.property(cond, (c) => {
        expect(parseCondition(toExpression(c))).toEqual(normalize(c));
      }),
      { numRuns: 400 },
    );
  });

  it('writes text that is stable after one pass', () => {
    fc.assert(
      fc.property(cond, (c) => {
        const once = toExpression(c);
        expect(toExpression(parseCondition(once)!)).toBe(once);
      }),
      { numRuns: 200 },
    );
  });
});

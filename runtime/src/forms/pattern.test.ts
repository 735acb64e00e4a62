import { describe, expect, it } from 'vitest';
import { topologicalOrder } from './dependencies';
import { checkPattern } from './pattern';

describe('checkPattern (designer-written regular expressions)', () => {
  it.each([
    '^1[3-9]\\d{9}$',
    '^(\\+86|0086)?1\\d{10}$',
    '^[0-9A-HJ-NPQRTUWXY]{18}$',
    '^[A-Z]{2}-\\d+$',
    '^\\p{Script=Han}+$',
    '^(?:ab)+$',
    '^[a-z]+@[a-z]+$',
    '^(?<area>\\d{3})-\\d{8}$',
  ])('accepts %s', (p) => {
    expect(checkPattern(p)).toEqual({ ok: true });
  });

  it.each([
    ['^(a+)+$', 'nested_quantifier'],
    ['^(a*)*$', 'nested_quantifier'],
    ['^(a|aa)+$', 'nested_quantifier'],
    ['^([\\w-]+\\.)+[a-z]{2,}$', 'nested_quantifier'],
    ['(x{1,3}){2,5}', 'nested_quantifier'],
    ['^((ab)*c)+$', 'nested_quantifier'],
    ['^(a)\\1$', 'backreference'],
    ['^(?<x>a)\\k<x>$', 'backreference'],
    ['^\\S+@\\S+\\.\\S+$', 'too_many_quantifiers'],
    ['[', 'invalid'],
    ['(', 'invalid'],
    ['a{2,1}', 'invalid'],
  ])('refuses %s (%s)', (p, reason) => {
    expect(checkPattern(p)).toMatchObject({ ok: false, reason });
  });

  it('what it accepts runs fast on hostile input', () => {
    const hostile = `${'a'.repeat(5000)}!`;
    for (const p of ['^[a-z]+@[a-z]+$', '^a+a+$', '^(?:ab)+$']) {
      expect(checkPattern(p).ok).toBe(true);
      const t0 = performance.now();
      new RegExp(p, 'u').test(hostile);
      expect(performance.now() - t0).toBeLessThan(2000);
    }
  });
});

describe('topologicalOrder', () => {
  it('orders dependencies first and keeps the given order otherwise', () => {
    expect(topologicalOrder(['total', 'a', 'sub', 'b'], new Map([['total', ['sub']], ['sub', ['a', 'b']]]))).toEqual({ ok: true, order: ['a', 'b', 'sub', 'total'] });
  });
  it('names a cycle', () => {
    expect(topologicalOrder(['a', 'b', 'c'], new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]]))).toEqual({ ok: false, cycle: ['a', 'b', 'c', 'a'] });
    expect(topologicalOrder(['a'], new Map([['a', ['a']]]))).toEqual({ ok: false, cycle: ['a', 'a'] });
  });
  it('ignores unknown dependencies', () => {
    expect(topologicalOrder(['a'], new Map([['a', ['zzz']]]))).toEqual({ ok: true, order: ['a'] });
  });
});

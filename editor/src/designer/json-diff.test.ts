import { describe, expect, it } from 'vitest';
import { jsonDiff } from './json-diff';

const f = (key: string, en = key) => ({ key, type: 'text', label: { en } });

describe('jsonDiff', () => {
  it('is empty for equal documents', () => {
    expect(jsonDiff({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([]);
  });

  it('names added, removed and changed properties by pointer', () => {
    expect(jsonDiff({ a: 1, b: 2, 'x/y': 1 }, { a: 3, c: 4, 'x/y': 2 })).toEqual([
      { op: 'changed', pointer: '/a', before: 1, after: 3 },
      { op: 'removed', pointer: '/b', before: 2 },
      { op: 'changed', pointer: '/x~1y', before: 1, after: 2 },
      { op: 'added', pointer: '/c', after: 4 },
    ]);
  });

  it('matches fields by key, so a move is one entry and edits point at the field', () => {
    const diff = jsonDiff({ fields: [f('a'), f('b'), f('c')] }, { fields: [f('b'), f('a', 'A!'), f('d')] });
    expect(diff).toContainEqual({ op: 'removed', pointer: '/fields/c', before: f('c') });
    expect(diff).toContainEqual({ op: 'added', pointer: '/fields/d', after: f('d') });
    expect(diff).toContainEqual({ op: 'changed', pointer: '/fields/a/label/en', before: 'a', after: 'A!' });
    expect(diff.filter((d) => d.op === 'moved')).toHaveLength(2);
  });

  it('compares arrays without ids by position', () => {
    expect(jsonDiff({ l: [1, 2] }, { l: [1, 3, 4] })).toEqual([
      { op: 'changed', pointer: '/l/1', before: 2, after: 3 },
      { op: 'added', pointer: '/l/2', after: 4 },
    ]);
  });
});

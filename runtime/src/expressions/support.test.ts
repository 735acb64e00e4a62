import { describe, expect, it } from 'vitest';
import { isoDate, parseIsoMillis } from './dates';
import { LruCache } from './lru';
import { editDistance, suggest } from './suggest';

describe('parseIsoMillis', () => {
  it.each([
    ['2026-11-26', Date.UTC(2026, 10, 26)],
    ['2024-02-29', Date.UTC(2024, 1, 29)],
    ['2026-11-26T08:00:00Z', Date.UTC(2026, 10, 26, 8)],
    ['2026-11-26T16:00:00+08:00', Date.UTC(2026, 10, 26, 8)],
    ['2026-11-26T16:00+08:00', Date.UTC(2026, 10, 26, 8)],
    ['2026-11-26T08:00:00.123456Z', Date.UTC(2026, 10, 26, 8, 0, 0, 123)],
    ['2026-11-26T03:00:00-05:00', Date.UTC(2026, 10, 26, 8)],
  ])('%s', (text, ms) => {
    expect(parseIsoMillis(text)).toBe(ms);
  });

  it.each(['2026-02-29', '2026-11-31', '2026-00-10', '2026-11-26T24:00:00Z', '2026-11-26T08:00:00', '26.11.2026', 'tomorrow', '', '2026-11-26T08:00:00+25:00', `2026-11-26${' '.repeat(50)}`])('refuses %j', (text) => {
    expect(parseIsoMillis(text)).toBeUndefined();
  });

  it('formats dates in UTC', () => {
    expect(isoDate(Date.UTC(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });
});

describe('suggest', () => {
  it('finds a close name, case-insensitively', () => {
    expect(suggest('usage_rat', ['arr', 'usage_rate'])).toBe('usage_rate');
    expect(suggest('Total', ['total', 'subtotal'])).toBe('total');
  });
  it('gives nothing when no name is close', () => {
    expect(suggest('zzz', ['arr', 'usage_rate'])).toBeUndefined();
  });
  it('computes edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });
});

describe('LruCache', () => {
  it('drops the least recently used entry', () => {
    const c = new LruCache<string, number>(2);
    c.set('a', 1);
    c.set('b', 2);
    expect(c.get('a')).toBe(1);
    c.set('c', 3);
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBe(1);
    expect(c.size).toBe(2);
  });
});

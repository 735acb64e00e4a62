import { describe, expect, it } from 'vitest';
import { bucketOf, chooseVersion, fnv1a, pickByPercent } from './hash';

describe('fnv1a', () => {
  it('matches the published FNV-1a 32-bit test vectors', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });
});

describe('bucketOf', () => {
  it('is stable and in [0, 100)', () => {
    for (let i = 0; i < 1000; i++) {
      const b = bucketOf([`rec-${i}`, 'split', 'salt']);
      expect(b).toBeGreaterThanOrEqual(0);
      expect(b).toBeLessThan(100);
      expect(bucketOf([`rec-${i}`, 'split', 'salt'])).toBe(b);
    }
  });
  it('spreads sequential record ids evenly over ten deciles', () => {
    const deciles = new Array<number>(10).fill(0);
    const n = 20_000;
    for (let i = 0; i < n; i++) deciles[Math.floor(bucketOf([`rec-${i}`, 'ab', '']) / 10)]! += 1;
    for (const count of deciles) expect(Math.abs(count - n / 10)).toBeLessThan(n / 10 * 0.08);
  });
  it('changes with the salt', () => {
    const moved = Array.from({ length: 200 }, (_, i) => bucketOf([`r${i}`, 'n', 'a']) !== bucketOf([`r${i}`, 'n', 'b'])).filter(Boolean);
    expect(moved.length).toBeGreaterThan(190);
  });
});

describe('pickByPercent', () => {
  const arms = [{ percent: 10 }, { percent: 30 }, { percent: 60 }];
  it('takes percentages cumulatively', () => {
    expect(pickByPercent(arms, 0)).toBe(0);
    expect(pickByPercent(arms, 9.99)).toBe(0);
    expect(pickByPercent(arms, 10)).toBe(1);
    expect(pickByPercent(arms, 39.99)).toBe(1);
    expect(pickByPercent(arms, 40)).toBe(2);
    expect(pickByPercent(arms, 99.99)).toBe(2);
  });
  it('puts a bucket beyond a short total into the last arm', () => {
    expect(pickByPercent([{ percent: 20 }, { percent: 30 }], 80)).toBe(1);
  });
  it('never picks a 0 % arm', () => {
    for (let b = 0; b < 100; b += 0.5) expect(pickByPercent([{ percent: 0 }, { percent: 100 }], b)).toBe(1);
  });
});

describe('chooseVersion', () => {
  const rollout = [
    { version: 3, percent: 80, control: true },
    { version: 4, percent: 20 },
  ];
  it('gives a record the same version every time', () => {
    for (let i = 0; i < 200; i++) expect(chooseVersion(rollout, `rec-${i}`, 'q4')).toBe(chooseVersion(rollout, `rec-${i}`, 'q4'));
  });
  it('splits records in the rollout proportions', () => {
    const n = 10_000;
    let v4 = 0;
    for (let i = 0; i < n; i++) if (chooseVersion(rollout, `cust-${i}`, 'q4') === 4) v4++;
    expect(v4 / n).toBeGreaterThan(0.18);
    expect(v4 / n).toBeLessThan(0.22);
  });
  it('moves only records into the new version when its share grows', () => {
    const grown = [{ version: 3, percent: 50, control: true }, { version: 4, percent: 50 }];
    const shrunkToNew = Array.from({ length: 2000 }, (_, i) => `c${i}`).filter((id) => chooseVersion(rollout, id, 's') === 4 && chooseVersion(grown, id, 's') === 3);
    expect(shrunkToNew).toEqual([]);
  });
  it('is independent of a split node in the same record (different hash input)', () => {
    const same = Array.from({ length: 1000 }, (_, i) => `r${i}`).filter((id) => (chooseVersion(rollout, id) === 4) === bucketOf([id, 'split', '']) >= 80).length;
    expect(same).toBeLessThan(900);
  });
  it('works with a single version and with string versions', () => {
    expect(chooseVersion([{ version: 7, percent: 100 }], 'x')).toBe(7);
    expect(chooseVersion([{ version: 'a', percent: 50 }, { version: 'b', percent: 50 }], 'x')).toMatch(/^[ab]$/);
  });
  it('refuses an empty rollout (a host bug)', () => {
    expect(() => chooseVersion([], 'x')).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { hoursToMs, parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['PT8M', 8 * 60_000],
    ['PT1H', 3_600_000],
    ['PT4H', 4 * 3_600_000],
    ['P1D', 86_400_000],
    ['P1DT12H', 36 * 3_600_000],
    ['PT1H30M15S', 5_415_000],
    ['PT0.5S', 500],
    ['P2W', 14 * 86_400_000],
    ['PT0S', 0],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'P', 'PT', 'P1M', 'P1Y', '1H', 'PT1H2D', 'P1DT', 'pt1h', 'PT-1H', 'P1.5D'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('hoursToMs', () => {
  it('turns hours into milliseconds, fractions included', () => {
    expect(hoursToMs(24)).toBe(86_400_000);
    expect(hoursToMs(0.25)).toBe(900_000);
    expect(hoursToMs(0)).toBe(0);
  });
  it.each([-1, Number.NaN, Infinity, '4', null, undefined])('refuses %j', (v) => {
    expect(hoursToMs(v)).toBeUndefined();
  });
});

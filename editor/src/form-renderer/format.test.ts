import { describe, expect, it } from 'vitest';
import { formatValue, fromLocalInput, parseNumber, toLocalInput } from './format';

describe('renderer formatting', () => {
  it('formats numbers by format and decimals', () => {
    expect(formatValue(1234.5, 'en', { decimals: 2 })).toBe('1,234.50');
    expect(formatValue(12.5, 'en', { format: 'percent', decimals: 1 })).toBe('12.5 %');
    expect(formatValue(10, 'en', { format: 'currency', currency: 'USD', decimals: 0 })).toBe('$10');
    expect(formatValue(undefined, 'en')).toBe('—');
    expect(formatValue(true, 'en')).toBe('✓');
  });
  it('parses number input text', () => {
    expect(parseNumber('')).toBeUndefined();
    expect(parseNumber('3.5')).toBe(3.5);
    expect(parseNumber('abc')).toBeUndefined();
  });
  it('round-trips datetime-local values', () => {
    const iso = fromLocalInput('2026-11-26T08:30')!;
    expect(toLocalInput(iso)).toBe('2026-11-26T08:30');
    expect(fromLocalInput('')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { ERRORS, ERROR_CODES } from './catalogue';
import { AppError } from './app-error';

describe('error catalogue', () => {
  it('every code is unique, snake_case, and has an HTTP error status and both messages', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    for (const code of ERROR_CODES) {
      const spec = ERRORS[code];
      expect(code, code).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(Number.isInteger(spec.status) && spec.status >= 400 && spec.status <= 599, code).toBe(true);
      expect(spec.en.length, code).toBeGreaterThan(5);
      expect(spec.zh.length, code).toBeGreaterThan(2);
    }
  });
  it('no two codes share the same English message', () => {
    const messages = ERROR_CODES.map((c) => ERRORS[c].en);
    expect(new Set(messages).size).toBe(messages.length);
  });
  it('an AppError takes its status from the catalogue', () => {
    const e = new AppError('record_not_found');
    expect(e.status).toBe(404);
    expect(e.code).toBe('record_not_found');
    expect(new AppError('locked_element', { problems: [] }).status).toBe(422);
  });
});

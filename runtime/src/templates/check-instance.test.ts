import { describe, expect, it } from 'vitest';
import { checkInstance } from './check-instance';
import { formTemplate, overlayFor, wechat } from './testing/fixtures';

describe('checkInstance', () => {
  it('accepts a branch that only extends', () => {
    const t = formTemplate();
    const check = checkInstance(t, overlayFor(t, [{ type: 'field.add', field: wechat }]));
    expect(check).toMatchObject({ ok: true, overlayProblems: [], definitionProblems: [] });
  });
  it('reports overlay and definition problems apart', () => {
    const t = formTemplate();
    const check = checkInstance(t, overlayFor(t, [
      { type: 'field.remove', key: 'nope' },
      { type: 'field.remove', key: 'code' },
      { type: 'field.add', field: { key: 'bad', type: 'computed', label: { en: 'Bad' }, expression: 'missing_field + 1', resultType: 'number' } },
    ]));
    expect(check.ok).toBe(false);
    expect(check.overlayProblems.map((p) => [p.pointer, p.code])).toEqual([['/changes/0/key', 'field_not_found'], ['/changes/1', 'locked_field_removed']]);
    expect(check.definitionProblems.some((p) => p.pointer.startsWith('/fields/') && p.pointer.endsWith('/expression'))).toBe(true);
  });
});

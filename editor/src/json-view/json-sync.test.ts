import { describe, expect, it } from 'vitest';
import type { FormDefinition } from '@branchline/schemas';
import { decideJsonEdit, toJsonText } from './json-sync';

const form: FormDefinition = { schemaVersion: 1, kind: 'form', key: 'f', title: { en: 'F' }, fields: [{ key: 'a', type: 'text', label: { en: 'A' } }] };

describe('JSON view sync decisions', () => {
  it('applies a valid edit', () => {
    const edited = { ...form, fields: [...form.fields, { key: 'b', type: 'number', label: { en: 'B' } }] };
    const d = decideJsonEdit(toJsonText(edited), 'form', form);
    expect(d).toEqual({ action: 'apply', definition: edited });
  });

  it('ignores a reformatting that means the same definition', () => {
    expect(decideJsonEdit(JSON.stringify(form), 'form', form)).toEqual({ action: 'unchanged' });
  });

  it('refuses text that does not parse', () => {
    const d = decideJsonEdit(toJsonText(form).replace('"key": "f"', '"key": "f",,'), 'form', form);
    expect(d.action).toBe('invalid-json');
  });

  it('refuses JSON of the wrong shape, with pointers', () => {
    const d = decideJsonEdit(JSON.stringify({ ...form, fields: [{ key: 'Bad Key', type: 'text', label: { en: 'x' } }] }), 'form', form);
    expect(d.action).toBe('invalid-shape');
    if (d.action === 'invalid-shape') expect(d.problems.map((p) => p.pointer)).toContain('/fields/0/key');
  });
});

import { describe, expect, it } from 'vitest';
import { compileForm } from '@branchline/runtime';
import { validateShape, type FormDefinition } from '@branchline/schemas';
import { createRuntimeHandler } from './runtime-protocol';

const form: FormDefinition = {
  schemaVersion: 1,
  kind: 'form',
  key: 'q',
  title: { en: 'Q' },
  fields: [
    { key: 'qty', type: 'number', label: { en: 'Qty' } },
    { key: 'twice', type: 'computed', label: { en: 'Twice' }, expression: 'qty * 2.0', resultType: 'number' },
  ],
};

describe('form runtime worker handler', () => {
  it('compiles a definition once and evaluates values against it', () => {
    let compiles = 0;
    const handle = createRuntimeHandler({ compileForm: (d) => (compiles++, compileForm(d)), validateShape });
    const a = handle({ seq: 1, type: 'evaluate', defId: 1, definition: form, values: { qty: 2 }, reportMissing: false, now: 0 });
    const b = handle({ seq: 2, type: 'evaluate', defId: 1, values: { qty: 5 }, reportMissing: false, now: 0 });
    expect(a).toMatchObject({ seq: 1, type: 'evaluate', preview: { values: { twice: 4 } } });
    expect(b).toMatchObject({ seq: 2, type: 'evaluate', preview: { values: { twice: 10 } } });
    expect(compiles).toBe(1);
  });

  it('answers with an error for a definition it was never sent', () => {
    const handle = createRuntimeHandler({ compileForm, validateShape });
    expect(handle({ seq: 3, type: 'evaluate', defId: 9, values: {}, reportMissing: false, now: 0 })).toMatchObject({ seq: 3, type: 'error' });
  });

  it('checks shapes', () => {
    const handle = createRuntimeHandler({ compileForm, validateShape });
    expect(handle({ seq: 4, type: 'shape', kind: 'form', definition: form })).toEqual({ seq: 4, type: 'shape', problems: [] });
    const bad = handle({ seq: 5, type: 'shape', kind: 'form', definition: { ...form, fields: [] } });
    expect(bad.type === 'shape' && bad.problems.length).toBeGreaterThan(0);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateShape, type FormDefinition, type Template, type WorkflowDefinition } from '@branchline/schemas';
import { editForm, editWorkflow, formEdit, workflowEdit } from './testing/edits';
import { deriveOverlay } from './derive-overlay';
import { clone } from './json';
import { normalizeDefinition, resolveTemplate } from './resolve';
import { formTemplate, workflowTemplate } from './testing/fixtures';

function roundTrip(template: Template, edited: FormDefinition | WorkflowDefinition): void {
  const overlay = deriveOverlay(template, edited);
  expect(validateShape('overlay', overlay)).toEqual([]);
  const { definition, problems } = resolveTemplate(template, overlay);
  expect(problems).toEqual([]);
  expect(normalizeDefinition(definition)).toEqual(normalizeDefinition(edited));
}

describe('deriveOverlay', () => {
  it('derives nothing from an unchanged definition', () => {
    expect(deriveOverlay(formTemplate(), clone(formTemplate().definition)).changes).toEqual([]);
    expect(deriveOverlay(workflowTemplate(), clone(workflowTemplate().definition)).changes).toEqual([]);
  });

  it('expresses appended options as option.add, order changes as moves, and the rest as wholesale updates', () => {
    const t = formTemplate();
    const edited = clone(t.definition) as FormDefinition;
    const source = edited.fields.find((f) => f.key === 'source')!;
    if (source.type === 'select') source.options.push({ value: 'fair', label: { en: 'Fair' } });
    edited.fields.reverse();
    (edited.fields.find((f) => f.key === 'name') as { validation?: unknown }).validation = { minLength: 3 };
    const changes = deriveOverlay(t, edited).changes;
    expect(changes).toContainEqual({ type: 'option.add', field: 'source', option: { value: 'fair', label: { en: 'Fair' } } });
    expect(changes).toContainEqual({ type: 'field.update', key: 'name', set: { validation: { minLength: 3 } } });
    expect(changes.filter((c) => c.type === 'field.move')).toHaveLength(edited.fields.length - 1);
  });

  it('property: resolve(t, deriveOverlay(t, d)) gives d back for random form edits', () => {
    fc.assert(
      fc.property(fc.array(formEdit, { maxLength: 25 }), (edits) => {
        const t = formTemplate();
        const edited = clone(t.definition) as FormDefinition;
        for (const e of edits) editForm(edited, e);
        roundTrip(t, edited);
      }),
      { numRuns: 300 },
    );
  });

  it('property: resolve(t, deriveOverlay(t, d)) gives d back for random workflow edits', () => {
    fc.assert(
      fc.property(fc.array(workflowEdit, { maxLength: 25 }), (edits) => {
        const t = workflowTemplate();
        const edited = clone(t.definition) as WorkflowDefinition;
        for (const e of edits) editWorkflow(edited, e);
        roundTrip(t, edited);
      }),
      { numRuns: 300 },
    );
  });
});

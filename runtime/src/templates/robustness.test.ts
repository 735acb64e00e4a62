import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FormDefinition, Overlay, Template, WorkflowDefinition } from '@branchline/schemas';
import { checkLocks } from './check-locks';
import { deriveOverlay } from './derive-overlay';
import { clone } from './json';
import { resolveTemplate } from './resolve';
import { planUpgrade } from './upgrade';
import { editForm, editWorkflow, formEdit, workflowEdit } from './testing/edits';
import { formTemplate, workflowTemplate } from './testing/fixtures';

/** Overwrite one property somewhere in a change with arbitrary JSON (or drop it). */
const mutation = fc.record({
  at: fc.nat(),
  key: fc.constantFrom('type', 'key', 'id', 'field', 'node', 'edge', 'set', 'unset', 'after', 'option', 'column', 'section', 'rule', '__proto__', 'constructor'),
  value: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined), fc.constantFrom('field.add', 'node.update', 'nope', null, 42, [], {})),
});

function mutate(overlay: Overlay, ms: { at: number; key: string; value: unknown }[]): Overlay {
  const out = clone(overlay) as unknown as { changes: Record<string, unknown>[] };
  for (const m of ms) {
    if (out.changes.length === 0) out.changes.push({});
    const change = out.changes[m.at % out.changes.length]!;
    if (m.value === undefined) delete change[m.key];
    else Object.defineProperty(change, m.key, { value: m.value, enumerable: true, writable: true, configurable: true });
  }
  return out as unknown as Overlay;
}

function neverThrows(template: Template, overlay: Overlay): void {
  const next = { ...clone(template), version: template.version + 1 };
  expect(() => {
    const { definition } = resolveTemplate(template, overlay);
    checkLocks(template, overlay);
    deriveOverlay(template, definition);
    planUpgrade(template, next, overlay);
  }).not.toThrow();
}

describe('user-written overlays never make the engine throw', () => {
  it('on forms', () => {
    fc.assert(
      fc.property(fc.array(formEdit, { maxLength: 10 }), fc.array(mutation, { maxLength: 4 }), (edits, ms) => {
        const t = formTemplate();
        const edited = clone(t.definition) as FormDefinition;
        for (const e of edits) editForm(edited, e);
        neverThrows(t, mutate(deriveOverlay(t, edited), ms));
      }),
      { numRuns: 100 },
    );
  });
  it('on workflows', () => {
    fc.assert(
      fc.property(fc.array(workflowEdit, { maxLength: 10 }), fc.array(mutation, { maxLength: 4 }), (edits, ms) => {
        const t = workflowTemplate();
        const edited = clone(t.definition) as WorkflowDefinition;
        for (const e of edits) editWorkflow(edited, e);
        neverThrows(t, mutate(deriveOverlay(t, edited), ms));
      }),
      { numRuns: 100 },
    );
  });
  it('on overlays that are not even overlays', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (changes) => {
        const t = formTemplate();
        neverThrows(t, { schemaVersion: 1, kind: 'overlay', template: { key: t.key, version: 1 }, changes: (Array.isArray(changes) ? changes : [changes]) as never });
      }),
      { numRuns: 100 },
    );
  });
});

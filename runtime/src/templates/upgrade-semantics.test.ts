import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FormDefinition, FormField, OverlayChange, Template, WorkflowDefinition } from '@branchline/schemas';
import { validateDefinition } from '../validate';
import { checkLocks } from './check-locks';
import { deriveOverlay } from './derive-overlay';
import { clone } from './json';
import { normalizeDefinition, resolveTemplate } from './resolve';
import { forceUpgrade, planUpgrade } from './upgrade';
import { editForm, formEdit } from './testing/edits';
import { formTemplate, overlayFor, wechat, workflowTemplate } from './testing/fixtures';

/** Both kinds' collections, for edits in tests that know which kind they hold. */
type Editable = Omit<FormDefinition, 'kind'> & Omit<WorkflowDefinition, 'kind'>;
function nextVersion(t: Template, edit: (def: Editable, t: Template) => void): Template {
  const v2 = clone(t);
  v2.version = t.version + 1;
  edit(v2.definition as unknown as Editable, v2);
  return v2;
}
const errors = (def: unknown) => validateDefinition(def).filter((p) => p.severity !== 'warning');
const conflictsOf = (plan: { conflicts: { pointer: string; code: string; params?: Record<string, unknown> }[] }) =>
  plan.conflicts.map((c) => [c.pointer, c.code, c.params?.key ?? c.params?.id, c.params?.cause]);
const fields = (def: unknown) => (def as FormDefinition).fields.map((f) => f.key);

/** Every plan, clean or not, gives a definition that validates and an overlay HQ's locks accept. */
function expectSound(v2: Template, plan: ReturnType<typeof planUpgrade>) {
  expect(errors(plan.definition)).toEqual([]);
  expect(checkLocks(v2, plan.overlay)).toEqual([]);
  expect(normalizeDefinition(resolveTemplate(v2, plan.overlay).definition)).toEqual(normalizeDefinition(plan.definition));
}

describe('planUpgrade: the merged definition must validate', () => {
  it('a branch rule that uses a field HQ removed: the rule is set aside, pointed at its change', () => {
    const v1 = formTemplate();
    const rule = { id: 'notes_given', assert: "notes != ''", message: { en: 'Say something', 'zh-CN': '请填写备注' } };
    const overlay = overlayFor(v1, [{ type: 'field.add', field: wechat }, { type: 'rule.add', rule }]);
    const v2 = nextVersion(v1, (def) => {
      def.fields = def.fields.filter((f) => f.key !== 'notes');
    });
    const plan = planUpgrade(v1, v2, overlay);
    expect(plan.status).toBe('conflicts');
    expect(conflictsOf(plan)).toEqual([['/changes/1', 'breaks_after_upgrade', 'notes_given', 'unknown_field']]);
    const c = plan.conflicts[0]!;
    expect(c.params).toMatchObject({ element: 'rule', definitionPointer: expect.stringMatching(/^\/rules\/\d+\/assert$/), setAside: [0] });
    expect(c.message.en).toContain('rule "notes_given"');
    expect(c.message.en).toContain('Unknown field "notes"');
    expect(c.message['zh-CN']).toContain('规则"notes_given"');
    expect(plan.setAside).toEqual([{ type: 'rule.add', rule }]);
    expect(fields(plan.definition)).toContain('wechat');
    expect((plan.definition as FormDefinition).rules?.some((r) => r.id === 'notes_given')).toBe(false);
    expectSound(v2, plan);
  });

  it('a branch computed field on a field HQ retyped', () => {
    const v1 = formTemplate();
    const doubled: FormField = { key: 'notes_twice', type: 'computed', label: { en: 'Twice' }, expression: 'notes + notes', resultType: 'text' };
    const overlay = overlayFor(v1, [{ type: 'field.add', field: doubled }]);
    const v2 = nextVersion(v1, (def) => {
      const i = def.fields.findIndex((f) => f.key === 'notes');
      def.fields[i] = { key: 'notes', type: 'checkbox', label: { en: 'Noted' } };
    });
    const plan = planUpgrade(v1, v2, overlay);
    expect(conflictsOf(plan).map((c) => c.slice(0, 3))).toEqual([['/changes/0', 'breaks_after_upgrade', 'notes_twice']]);
    expect(plan.setAside).toEqual([{ type: 'field.add', field: doubled }]);
    expect(fields(plan.definition)).not.toContain('notes_twice');
    expectSound(v2, plan);
  });

  it("the branch's visibility rule on an HQ field it may change, broken by HQ's retype: HQ's field comes back, the rule is set aside", () => {
    const v1 = formTemplate();
    const overlay = overlayFor(v1, [{ type: 'field.update', key: 'notes', set: { visibleWhen: "region == 'east'" } }]);
    const v2 = nextVersion(v1, (def) => {
      const region = def.fields.find((f) => f.key === 'region')!;
      Object.assign(region, { type: 'number', options: undefined });
      delete (region as { options?: unknown }).options;
    });
    const plan = planUpgrade(v1, v2, overlay);
    expect(conflictsOf(plan).map((c) => c.slice(0, 3))).toEqual([['/changes/0', 'breaks_after_upgrade', 'notes']]);
    expect(plan.setAside).toEqual([{ type: 'field.update', key: 'notes', set: { visibleWhen: "region == 'east'" } }]);
    expect((plan.definition as FormDefinition).fields.find((f) => f.key === 'notes')?.visibleWhen).toBeUndefined();
    expectSound(v2, plan);
  });

  it('an HQ rule that uses a field the branch removed: the field comes back, the removal is set aside', () => {
    const v1 = formTemplate();
    const overlay = overlayFor(v1, [{ type: 'field.remove', key: 'notes' }]);
    const v2 = nextVersion(v1, (def) => {
      def.rules!.push({ id: 'notes_short', assert: 'size(notes) < 500', message: { en: 'Too long' } });
    });
    const plan = planUpgrade(v1, v2, overlay);
    expect(conflictsOf(plan)).toEqual([['/changes/0', 'breaks_after_upgrade', 'notes', 'unknown_field']]);
    expect(plan.conflicts[0]!.params?.where).toEqual({ element: 'rule', id: 'notes_short' });
    expect(plan.conflicts[0]!.message.en).toContain('rule "notes_short"');
    expect(plan.setAside).toEqual([{ type: 'field.remove', key: 'notes' }]);
    expect(fields(plan.definition)).toContain('notes');
    expectSound(v2, plan);
  });

  it('a chain of branch parts: a computed field on a branch field whose key HQ took with another type', () => {
    const v1 = formTemplate();
    const upper: FormField = { key: 'wechat_upper', type: 'computed', label: { en: 'Loud' }, expression: "wechat + '!'", resultType: 'text' };
    const overlay = overlayFor(v1, [{ type: 'field.add', field: wechat }, { type: 'field.add', field: upper }]);
    const v2 = nextVersion(v1, (def) => def.fields.push({ key: 'wechat', type: 'number', label: { en: 'WeChat followers' } }));
    const plan = planUpgrade(v1, v2, overlay);
    expect(conflictsOf(plan).map((c) => c.slice(0, 3))).toEqual([
      ['/changes/0', 'key_taken_by_hq', 'wechat'],
      ['/changes/1', 'breaks_after_upgrade', 'wechat_upper'],
    ]);
    expectSound(v2, plan);
  });

  it('a branch condition on a run variable HQ retyped: the branch steps and their connections are set aside', () => {
    const v1 = nextVersion(workflowTemplate(), (def) => {
      def.variables = [{ key: 'score', type: 'number', default: 0 }];
    });
    v1.version = 1;
    const check: OverlayChange[] = [
      { type: 'node.add', node: { id: 'check', kind: 'condition', expression: 'vars.score > 10' } },
      { type: 'edge.update', id: 'e_called', set: { to: 'check' } },
      { type: 'edge.add', edge: { id: 'c_true', from: 'check', to: 'done', port: 'true' } },
      { type: 'edge.add', edge: { id: 'c_false', from: 'check', to: 'done', port: 'false' } },
    ];
    const overlay = overlayFor(v1, check);
    expect(checkLocks(v1, overlay)).toEqual([]);
    expect(errors(resolveTemplate(v1, overlay).definition)).toEqual([]);
    const v2 = nextVersion(v1, (def) => {
      def.variables = [{ key: 'score', type: 'text', default: 'low' }];
    });
    const plan = planUpgrade(v1, v2, overlay);
    expect(conflictsOf(plan)).toEqual([['/changes/0', 'breaks_after_upgrade', 'check', plan.conflicts[0]!.params?.cause]]);
    expect(plan.conflicts[0]!.params?.definitionPointer).toMatch(/^\/nodes\/\d+\/expression$/);
    expect(plan.setAside).toEqual(expect.arrayContaining([check[0], check[2], check[3], { type: 'edge.update', id: 'e_called', set: { to: 'check' } }]));
    const def = plan.definition as WorkflowDefinition;
    expect(def.nodes.some((n) => n.id === 'check')).toBe(false);
    expect(def.edges.find((e) => e.id === 'e_called')?.to).toBe('done');
    expectSound(v2, plan);
    // Forcing gives the same valid definition, with the branch steps kept aside.
    const forced = forceUpgrade(v1, v2, overlay);
    expect(errors(forced.definition)).toEqual([]);
    expect(forced.setAside).toEqual(plan.setAside);
  });

  it('is not fooled by what the branch had unfinished before: those problems are not conflicts', () => {
    const v1 = formTemplate();
    const half = { id: 'half', assert: 'notes_x != ', message: { en: 'Half written' } };
    const v2 = nextVersion(v1, (def) => def.sections!.push({ id: 'extra', title: { en: 'Extra' } }));
    const plan = planUpgrade(v1, v2, overlayFor(v1, [{ type: 'rule.add', rule: half }]));
    expect(plan.status).toBe('clean');
  });

  it('property: whenever the branch and HQ each had a valid definition, the plan is valid', () => {
    const reference = fc.tuple(fc.constant('refRule' as const), fc.nat(50), fc.nat(1000));
    const branchEdit = fc.oneof(formEdit, reference, reference);
    fc.assert(
      fc.property(fc.array(branchEdit, { maxLength: 10 }), fc.array(formEdit, { maxLength: 10 }), (mine, hq) => {
        const v1 = formTemplate();
        const edited = clone(v1.definition) as FormDefinition;
        for (const e of mine) {
          if (e[0] === 'refRule') {
            const f = edited.fields[e[1] % edited.fields.length]!;
            if (f.type !== 'table' && !edited.rules!.some((r) => r.id === `ref${e[2]}`)) edited.rules!.push({ id: `ref${e[2]}`, assert: `${f.key} == ${f.key}`, message: { en: 'ref' } });
          } else editForm(edited, e);
        }
        const overlay = deriveOverlay(v1, edited);
        const v2 = nextVersion(v1, (def) => hq.forEach((e) => editForm(def as unknown as FormDefinition, e)));
        fc.pre(checkLocks(v1, overlay).length === 0 && errors(edited).length === 0 && errors(v2.definition).length === 0);
        const plan = planUpgrade(v1, v2, overlay);
        expectSound(v2, plan);
      }),
      { numRuns: 150 },
    );
  });
});

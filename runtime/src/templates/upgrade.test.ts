import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FormDefinition, FormField, OverlayChange, Template, WorkflowDefinition } from '@branchline/schemas';
import { checkLocks } from './check-locks';
import { deriveOverlay } from './derive-overlay';
import { clone } from './json';
import { normalizeDefinition, resolveTemplate } from './resolve';
import { forceUpgrade, planUpgrade } from './upgrade';
import { editForm, formEdit } from './testing/edits';
import { formTemplate, overlayFor, POLICY, wechat, workflowTemplate } from './testing/fixtures';

/** HQ's next version of `t`, edited by `edit` (the definition is a form or a workflow as the test knows). */
function nextVersion(t: Template, edit: (def: Editable, t: Template) => void): Template {
  const v2 = clone(t);
  v2.version = t.version + 1;
  edit(v2.definition as unknown as Editable, v2);
  return v2;
}
/** Both kinds' collections, for edits in tests that know which kind they hold. */
type Editable = Omit<FormDefinition, 'kind'> & Omit<WorkflowDefinition, 'kind'>;
type Limited = { validation?: Record<string, unknown> };
const field = (def: { fields: FormField[] }, key: string) => def.fields.find((f) => f.key === key)! as FormField & Limited;
const column = (def: { fields: FormField[] }, key: string) => {
  const lines = field(def, 'lines');
  if (lines.type !== 'table') throw new Error('table expected');
  return lines.columns.find((c) => c.key === key)! as Limited;
};
const conflictsOf = (plan: { conflicts: { pointer: string; code: string; params?: Record<string, unknown> }[] }) =>
  plan.conflicts.map((c) => [c.pointer, c.code, c.params?.key ?? c.params?.id, c.params?.at]);

describe('planUpgrade: clean', () => {
  it('keeps every local change and takes every HQ change when they do not collide', () => {
    const v1 = formTemplate();
    const overlay = overlayFor(v1, [
      { type: 'field.add', field: wechat, after: 'name' },
      { type: 'option.add', field: 'source', option: { value: 'fair', label: { 'zh-CN': '展会', en: 'Fair' } } },
      { type: 'field.update', key: 'arr', set: { validation: { min: 0, max: 1e9 }, label: { 'zh-CN': '年收入', en: 'Annual revenue' } } },
      { type: 'field.move', key: 'notes', after: null },
    ]);
    const v2 = nextVersion(v1, (def) => {
      def.fields.splice(2, 0, { key: 'industry', type: 'text', label: { 'zh-CN': '行业', en: 'Industry' } });
      field(def, 'arr').label = { 'zh-CN': '年度经常性收入', en: 'ARR' };
      def.sections!.push({ id: 'extra', title: { en: 'Extra' } });
    });
    const plan = planUpgrade(v1, v2, overlay);
    expect(plan.conflicts).toEqual([]);
    expect(plan.status).toBe('clean');
    expect(plan.setAside).toEqual([]);
    expect(plan.overlay.template).toEqual({ key: 'client', version: 2 });
    const def = plan.definition as FormDefinition;
    expect(def.fields.map((f) => f.key)).toEqual(['notes', 'name', 'wechat', 'code', 'industry', 'region', 'source', 'arr', 'consent', 'tier', 'lines']);
    expect(field(def, 'arr').label).toEqual({ 'zh-CN': '年度经常性收入', en: 'Annual revenue' });
    expect(field(def, 'arr').type === 'currency' && field(def, 'arr').validation).toEqual({ min: 0, max: 1e9 });
    expect(def.sections!.map((s) => s.id)).toEqual(['compliance', 'local', 'extra']);
    expect(checkLocks(v2, plan.overlay)).toEqual([]);
    expect(normalizeDefinition(resolveTemplate(v2, plan.overlay).definition)).toEqual(normalizeDefinition(plan.definition));
  });

  it('keeps the stricter value when both HQ and the branch tightened a rule', () => {
    const v1 = formTemplate();
    const lines = clone(field(v1.definition as FormDefinition, 'lines'));
    if (lines.type !== 'table') throw new Error();
    (lines.columns[1] as Limited).validation = { min: 0, max: 20 };
    const v2 = nextVersion(v1, (def) => {
      column(def, 'discount').validation = { min: 0, max: 25 };
    });
    const plan = planUpgrade(v1, v2, overlayFor(v1, [{ type: 'field.update', key: 'lines', set: { columns: lines.columns } }]));
    expect(plan.status).toBe('clean');
    expect(column(plan.definition as FormDefinition, 'discount').validation).toEqual({ min: 0, max: 20 });
  });

  it('is clean and changes nothing when HQ publishes the same definition again', () => {
    fc.assert(
      fc.property(fc.array(formEdit, { maxLength: 15 }), (edits) => {
        const v1 = formTemplate();
        const edited = clone(v1.definition) as FormDefinition;
        for (const e of edits) editForm(edited, e);
        const overlay = deriveOverlay(v1, edited);
        const plan = planUpgrade(v1, nextVersion(v1, () => undefined), overlay);
        const refused = checkLocks(v1, overlay).length > 0;
        if (!refused) {
          expect(plan.conflicts).toEqual([]);
          expect(normalizeDefinition(plan.definition)).toEqual(normalizeDefinition(edited));
        }
        expect(checkLocks(nextVersion(v1, () => undefined), plan.overlay)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('takes all of HQ\'s changes for a branch that changed nothing', () => {
    fc.assert(
      fc.property(fc.array(formEdit, { maxLength: 15 }), (edits) => {
        const v1 = formTemplate();
        const v2 = nextVersion(v1, (def) => edits.forEach((e) => editForm(def as unknown as FormDefinition, e)));
        const plan = planUpgrade(v1, v2, overlayFor(v1, []));
        expect(plan.status).toBe('clean');
        expect(normalizeDefinition(plan.definition)).toEqual(normalizeDefinition(v2.definition));
      }),
      { numRuns: 150 },
    );
  });
});

describe('planUpgrade: conflicts, with pointers into the branch overlay', () => {
  it('a branch field whose key HQ now uses: HQ\'s field stands, the branch\'s is set aside', () => {
    const v1 = formTemplate();
    const v2 = nextVersion(v1, (def) => def.fields.push({ key: 'wechat', type: 'phone', label: { 'zh-CN': '微信', en: 'WeChat' } }));
    const plan = planUpgrade(v1, v2, overlayFor(v1, [{ type: 'field.update', key: 'notes', set: { help: { en: 'x' } } }, { type: 'field.add', field: wechat }]));
    expect(plan.status).toBe('conflicts');
    expect(conflictsOf(plan)).toEqual([['/changes/1', 'key_taken_by_hq', 'wechat', undefined]]);
    expect(field(plan.definition as FormDefinition, 'wechat').type).toBe('phone');
    expect(field(plan.definition as FormDefinition, 'notes').help).toEqual({ en: 'x' });
    expect(plan.setAside).toEqual([{ type: 'field.add', field: wechat }]);
    expect(plan.conflicts[0]!.params?.setAside).toEqual([0]);
    expect(plan.conflicts[0]!.message.en).toContain('field "wechat"');
    expect(plan.conflicts[0]!.message['zh-CN']).toContain('字段"wechat"');
  });

  it('a rule the branch tightened that HQ has since loosened: HQ\'s value applies, the branch\'s is set aside', () => {
    const v1 = formTemplate();
    const lines = clone(field(v1.definition as FormDefinition, 'lines'));
    if (lines.type !== 'table') throw new Error();
    (lines.columns[1] as Limited).validation = { min: 0, max: 20 };
    const v2 = nextVersion(v1, (def) => {
      column(def, 'discount').validation = { min: 0, max: 40 };
    });
    const overlay = overlayFor(v1, [{ type: 'field.update', key: 'lines', set: { columns: lines.columns } }]);
    const plan = planUpgrade(v1, v2, overlay);
    expect(conflictsOf(plan)).toEqual([['/changes/0', 'tightened_rule_changed_by_hq', 'lines', 'columns.discount.validation.max']]);
    expect(plan.conflicts[0]!.params).toMatchObject({ base: 30, ours: 20, theirs: 40 });
    expect(column(plan.definition as FormDefinition, 'discount').validation).toEqual({ min: 0, max: 40 });
    // the set-aside tightening is still a legal change on the new version: re-applying it works
    const again = { ...plan.overlay, changes: [...plan.overlay.changes, ...plan.setAside] };
    expect(checkLocks(v2, again)).toEqual([]);
    expect(column(resolveTemplate(v2, again).definition as FormDefinition, 'discount').validation).toEqual({ min: 0, max: 20 });
  });

  it('a rule the branch tightened that HQ has since changed (pattern)', () => {
    const v1 = formTemplate();
    const v2 = nextVersion(v1, (def) => {
      field(def, 'name').validation = { minLength: 2, maxLength: 100, pattern: '^[A-Z].*$' };
    });
    const plan = planUpgrade(v1, v2, overlayFor(v1, [{ type: 'field.update', key: 'name', set: { validation: { minLength: 2, maxLength: 100, pattern: '^\\S.*$' } } }]));
    expect(conflictsOf(plan)).toEqual([['/changes/0', 'tightened_rule_changed_by_hq', 'name', 'validation.pattern']]);
  });

  it('a change on an element HQ removed', () => {
    const v1 = formTemplate();
    const v2 = nextVersion(v1, (def) => {
      def.fields = def.fields.filter((f) => f.key !== 'notes');
    });
    const plan = planUpgrade(v1, v2, overlayFor(v1, [{ type: 'field.add', field: wechat }, { type: 'field.update', key: 'notes', set: { required: true } }]));
    expect(conflictsOf(plan)).toEqual([['/changes/1', 'element_removed_by_hq', 'notes', undefined]]);
    expect(plan.setAside).toEqual([{ type: 'field.update', key: 'notes', set: { required: true } }]);
    expect((plan.definition as FormDefinition).fields.some((f) => f.key === 'notes')).toBe(false);
    expect((plan.definition as FormDefinition).fields.some((f) => f.key === 'wechat')).toBe(true);
  });

  it('an element the branch removed that HQ changed comes back', () => {
    const v1 = formTemplate();
    const v2 = nextVersion(v1, (def) => {
      field(def, 'notes').help = { en: 'Anything else' };
    });
    const plan = planUpgrade(v1, v2, overlayFor(v1, [{ type: 'field.remove', key: 'notes' }]));
    expect(conflictsOf(plan)).toEqual([['/changes/0', 'removed_element_changed_by_hq', 'notes', undefined]]);
    expect(plan.setAside).toEqual([{ type: 'field.remove', key: 'notes' }]);
    expect(field(plan.definition as FormDefinition, 'notes').help).toEqual({ en: 'Anything else' });
  });

  it('both changed the same text: HQ\'s applies, per locale', () => {
    const v1 = formTemplate();
    const v2 = nextVersion(v1, (def) => {
      field(def, 'notes').label = { 'zh-CN': '附注', en: 'Remarks' };
    });
    const plan = planUpgrade(v1, v2, overlayFor(v1, [{ type: 'field.update', key: 'notes', set: { label: { 'zh-CN': '备注', en: 'Comments' } } }]));
    expect(conflictsOf(plan)).toEqual([['/changes/0', 'changed_by_both', 'notes', 'label.en']]);
    expect(field(plan.definition as FormDefinition, 'notes').label).toEqual({ 'zh-CN': '附注', en: 'Remarks' });
    expect(plan.setAside).toEqual([{ type: 'field.update', key: 'notes', set: { label: { 'zh-CN': '附注', en: 'Comments' } } }]);
  });

  it('a change HQ\'s new version locks', () => {
    const v1 = formTemplate();
    const v2 = nextVersion(v1, (_def, t) => t.locks.push({ element: 'field', key: 'notes', policy: POLICY }));
    const plan = planUpgrade(v1, v2, overlayFor(v1, [{ type: 'field.add', field: wechat }, { type: 'field.remove', key: 'notes' }]));
    expect(conflictsOf(plan)).toEqual([['/changes/1', 'newly_locked', 'notes', undefined]]);
    expect(plan.conflicts[0]!.params?.cause).toBe('locked_field_removed');
    expect(plan.conflicts[0]!.message.en).toContain(POLICY.en);
    expect((plan.definition as FormDefinition).fields.map((f) => f.key)).toContain('notes');
    expect(plan.setAside).toEqual([{ type: 'field.remove', key: 'notes' }]);
  });

  it('a change that no longer applied is set aside, not dropped', () => {
    const v1 = formTemplate();
    const broken: OverlayChange = { type: 'field.update', key: 'gone', set: { required: true } };
    const plan = planUpgrade(v1, nextVersion(v1, () => undefined), overlayFor(v1, [broken]));
    expect(conflictsOf(plan)).toEqual([['/changes/0', 'change_not_applicable', 'gone', undefined]]);
    expect(plan.setAside).toEqual([broken]);
  });
});

describe('planUpgrade: workflows', () => {
  const survey: OverlayChange[] = [
    { type: 'node.add', node: { id: 'survey', kind: 'notify', channel: 'email', to: { strategy: 'owner' }, message: { en: 'How did it go?' } } },
    { type: 'edge.update', id: 'e_called', set: { to: 'survey' } },
    { type: 'edge.add', edge: { id: 'x', from: 'survey', to: 'done' } },
  ];

  it('keeps branch steps on an extension point HQ kept', () => {
    const v1 = workflowTemplate();
    const v2 = nextVersion(v1, (def) => {
      const n = def.nodes.find((x) => x.id === 'escalate');
      if (n?.kind === 'notify') n.message = { 'zh-CN': '跟进已逾期，请处理', en: 'Follow-up overdue: act now' };
    });
    const plan = planUpgrade(v1, v2, overlayFor(v1, survey));
    expect(plan.status).toBe('clean');
    const def = plan.definition as WorkflowDefinition;
    expect(def.edges.find((e) => e.id === 'e_called')?.to).toBe('survey');
    expect(def.nodes.find((n) => n.id === 'escalate')).toMatchObject({ message: { en: 'Follow-up overdue: act now' } });
  });

  it('sets aside steps attached where HQ removed the extension point', () => {
    const v1 = workflowTemplate();
    const v2 = nextVersion(v1, (_def, t) => {
      t.extensions = { points: [] };
    });
    const plan = planUpgrade(v1, v2, overlayFor(v1, survey));
    expect(conflictsOf(plan)).toEqual([['/changes/1', 'extension_point_removed', 'call', 'done']]);
    expect(plan.conflicts[0]!.params?.extensionPoint).toBe('after_call');
    const def = plan.definition as WorkflowDefinition;
    expect(def.edges.find((e) => e.id === 'e_called')?.to).toBe('done');
    expect(def.nodes.some((n) => n.id === 'survey')).toBe(false);
    expect(plan.setAside).toEqual(expect.arrayContaining([{ type: 'edge.update', id: 'e_called', set: { to: 'survey' } }, survey[0], survey[2]]));
    expect(checkLocks(v2, plan.overlay)).toEqual([]);
  });
});

describe('forceUpgrade', () => {
  it('moves the instance and keeps the conflicting parts aside', () => {
    const v1 = formTemplate();
    const v2 = nextVersion(v1, (def) => {
      def.fields.push({ key: 'wechat', type: 'phone', label: { en: 'WeChat' } });
      def.fields = def.fields.filter((f) => f.key !== 'notes');
    });
    const overlay = overlayFor(v1, [
      { type: 'field.add', field: wechat },
      { type: 'field.update', key: 'notes', set: { required: true } },
      { type: 'field.update', key: 'code', set: { label: { 'zh-CN': '统一社会信用代码', en: 'USCC' } } },
    ]);
    const forced = forceUpgrade(v1, v2, overlay);
    expect(forced.template.version).toBe(2);
    expect(forced.overlay.template.version).toBe(2);
    expect(forced.conflicts.map((c) => c.code).sort()).toEqual(['element_removed_by_hq', 'key_taken_by_hq']);
    expect(forced.setAside).toEqual(expect.arrayContaining([{ type: 'field.add', field: wechat }, { type: 'field.update', key: 'notes', set: { required: true } }]));
    expect(field(forced.definition as FormDefinition, 'code').label.en).toBe('USCC');
    expect(checkLocks(v2, forced.overlay)).toEqual([]);
    expect(resolveTemplate(v2, forced.overlay).problems).toEqual([]);
  });
});

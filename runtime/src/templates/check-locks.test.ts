import { describe, expect, it } from 'vitest';
import type { FormDefinition, OverlayChange, Template } from '@branchline/schemas';
import { checkLocks } from './check-locks';
import { deriveOverlay } from './derive-overlay';
import { clone } from './json';
import { formTemplate, overlayFor, POLICY, wechat } from './testing/fixtures';

const check = (changes: OverlayChange[], template: Template = formTemplate()) => checkLocks(template, overlayFor(template, changes));
const summary = (changes: OverlayChange[], template?: Template) => check(changes, template).map((p) => [p.pointer, p.code, p.params?.key ?? p.params?.id, p.params?.column, p.params?.detail ?? p.params?.option]);
const update = (key: string, set: Record<string, unknown>, unset?: string[]): OverlayChange => ({ type: 'field.update', key, set, ...(unset ? { unset } : {}) });
const lines = () => (formTemplate().definition as FormDefinition).fields.find((f) => f.key === 'lines') as Extract<FormDefinition['fields'][number], { type: 'table' }>;

describe('checkLocks: locked fields refuse removing, renaming, retyping and loosening, naming the element', () => {
  it.each<[string, OverlayChange, (string | undefined)[]]>([
    ['removed', { type: 'field.remove', key: 'code' }, ['/changes/0', 'locked_field_removed', 'code', undefined, undefined]],
    ['renamed', update('code', { key: 'credit' }), ['/changes/0/set/key', 'locked_field_renamed', 'code', undefined, undefined]],
    ['retyped', update('arr', { type: 'number' }), ['/changes/0/set/type', 'locked_field_retyped', 'arr', undefined, undefined]],
    ['max length raised', update('name', { validation: { minLength: 2, maxLength: 200 } }), ['/changes/0/set/validation', 'locked_field_loosened', 'name', undefined, 'maxLength']],
    ['min length lowered', update('name', { validation: { minLength: 1, maxLength: 100 } }), ['/changes/0/set/validation', 'locked_field_loosened', 'name', undefined, 'minLength']],
    ['minimum lowered', update('arr', { validation: { min: -1 } }), ['/changes/0/set/validation', 'locked_field_loosened', 'arr', undefined, 'min']],
    ['validation removed', update('arr', {}, ['validation']), ['/changes/0/unset/0', 'locked_field_loosened', 'arr', undefined, 'min']],
    ['made optional', update('name', { required: false }), ['/changes/0/set/required', 'locked_field_loosened', 'name', undefined, 'required']],
    ['consent made optional', update('consent', {}, ['required']), ['/changes/0/unset/0', 'locked_field_loosened', 'consent', undefined, 'required']],
    ['pattern changed', update('code', { validation: { pattern: '^.*$' } }), ['/changes/0/set/validation', 'locked_pattern_changed', 'code', undefined, 'pattern']],
    ['computed expression changed', update('tier', { expression: "'S'" }), ['/changes/0/set/expression', 'locked_field_changed', 'tier', undefined, undefined]],
    ['computed result type changed', update('tier', { resultType: 'number' }), ['/changes/0/set/resultType', 'locked_field_retyped', 'tier', undefined, undefined]],
    ['hidden by a visibility rule', update('code', { visibleWhen: "region == 'east'" }), ['/changes/0/set/visibleWhen', 'locked_visibility_changed', 'code', undefined, undefined]],
    ['conditional-required rule added', update('arr', { requiredWhen: 'true' }), ['/changes/0/set/requiredWhen', 'locked_visibility_changed', 'arr', undefined, undefined]],
    ['currency changed', update('arr', { currency: 'USD' }), ['/changes/0/set/currency', 'locked_field_changed', 'arr', undefined, undefined]],
    ['consent policy version changed', update('consent', { policyVersion: '2020-01' }), ['/changes/0/set/policyVersion', 'locked_field_changed', 'consent', undefined, undefined]],
    ['consent statement reworded', update('consent', { statement: { 'zh-CN': '我同意', en: 'I agree' } }), ['/changes/0/set/statement', 'locked_field_changed', 'consent', undefined, undefined]],
    ['option removed', update('region', { options: [{ value: 'east', label: { 'zh-CN': '华东', en: 'East' } }] }), ['/changes/0/set/options', 'locked_option_removed', 'region', undefined, 'south']],
    ['option added where HQ does not allow it', { type: 'option.add', field: 'region', option: { value: 'west', label: { en: 'West' } } }, ['/changes/0/option', 'extension_not_allowed', 'region', undefined, 'west']],
  ])('%s', (_name, change, expected) => {
    const problems = check([change]);
    expect(problems.map((p) => [p.pointer, p.code, p.params?.key, p.params?.column, p.params?.detail ?? p.params?.option])).toEqual([expected]);
    const p = problems[0]!;
    expect(p.params).toMatchObject({ element: 'field', key: expected[2], policy: POLICY });
    expect(p.message.en).toContain(`Field "${expected[2]}"`);
    expect(p.message.en).toContain('locked by HQ');
    expect(p.message.en).toContain(POLICY.en);
    expect(p.message['zh-CN']).toContain(`字段"${expected[2]}"`);
    expect(p.message['zh-CN']).toContain('总部锁定');
    expect(p.message['zh-CN']).toContain(POLICY['zh-CN']);
  });

  it('refuses renaming an option of a locked select (its value), naming the option; relabelling it is a translation', () => {
    const region = (formTemplate().definition as FormDefinition).fields.find((f) => f.key === 'region') as Extract<FormDefinition['fields'][number], { type: 'select' }>;
    const renamed = region.options.map((o) => (o.value === 'south' ? { ...o, value: 'southern' } : o));
    const problems = check([update('region', { options: renamed })]);
    expect(problems.map((p) => [p.pointer, p.code, p.params?.option])).toEqual([
      ['/changes/0/set/options', 'locked_option_removed', 'south'],
      ['/changes/0/set/options', 'extension_not_allowed', 'southern'],
    ]);
    expect(problems[0]!.message.en).toContain('option "south" cannot be removed or changed');
    expect(problems[0]!.message.en).toContain(POLICY.en);
    const relabelled = region.options.map((o) => (o.value === 'south' ? { ...o, label: { 'zh-CN': '华南地区', en: 'Southern China' } } : o));
    expect(check([update('region', { options: relabelled })])).toEqual([]);
  });

  it('locks the columns of a locked table the same way', () => {
    const [qty, discount, unit] = lines().columns;
    const withColumns = (columns: unknown[]) => update('lines', { columns });
    expect(summary([withColumns([qty, unit])])).toEqual([['/changes/0/set/columns', 'locked_field_removed', 'lines', 'discount', undefined]]);
    expect(summary([withColumns([{ ...qty, validation: { min: 1 } }, discount, unit])])).toEqual([['/changes/0/set/columns/0', 'locked_field_loosened', 'lines', 'qty', 'integer']]);
    expect(summary([withColumns([qty, { ...discount, validation: { min: 0, max: 31 } }, unit])])).toEqual([['/changes/0/set/columns/1', 'locked_field_loosened', 'lines', 'discount', 'max']]);
    expect(summary([withColumns([qty, { ...discount, type: 'number' }, unit])])).toEqual([['/changes/0/set/columns/1', 'locked_field_retyped', 'lines', 'discount', 'type']]);
    const p = check([withColumns([qty, unit])])[0]!;
    expect(p.message.en).toContain('Column "discount" (Discount) of table "lines"');
  });

  it('refuses removing or changing a locked section and rule, but lets a branch translate them', () => {
    expect(summary([{ type: 'section.remove', id: 'compliance' }])).toEqual([['/changes/0', 'locked_section_removed', 'compliance', undefined, undefined]]);
    expect(summary([{ type: 'section.update', id: 'compliance', set: { collapsed: true } }])).toEqual([['/changes/0/set/collapsed', 'locked_section_changed', 'compliance', undefined, undefined]]);
    expect(summary([{ type: 'rule.remove', id: 'arr_positive' }])).toEqual([['/changes/0', 'locked_rule_removed', 'arr_positive', undefined, undefined]]);
    expect(summary([{ type: 'rule.update', id: 'arr_positive', set: { assert: 'true' } }])).toEqual([['/changes/0/set/assert', 'locked_rule_changed', 'arr_positive', undefined, undefined]]);
    expect(summary([{ type: 'rule.update', id: 'arr_positive', set: { message: { 'zh-CN': '年收入不能为负', en: 'whatever' } } }])).toEqual([['/changes/0/set/message', 'locked_rule_changed', 'arr_positive', undefined, undefined]]);
    expect(check([{ type: 'section.update', id: 'compliance', set: { title: { 'zh-CN': '合规信息', en: 'Compliance data', ja: 'コンプライアンス' } } }])).toEqual([]);
    expect(check([{ type: 'rule.update', id: 'arr_positive', set: { message: { 'zh-CN': '年收入不能为负', en: 'ARR cannot be negative', ja: '負の値は不可' } } }])).toEqual([]);
  });

  it('refuses renaming a locked section or rule', () => {
    expect(summary([{ type: 'section.update', id: 'compliance', set: { id: 'kyc' } }])).toEqual([['/changes/0/set/id', 'locked_section_changed', 'compliance', undefined, undefined]]);
    expect(summary([{ type: 'rule.update', id: 'arr_positive', set: { id: 'arr_ok' } }])).toEqual([['/changes/0/set/id', 'locked_rule_changed', 'arr_positive', undefined, undefined]]);
    expect(summary([{ type: 'rule.update', id: 'arr_positive', set: { field: 'name' } }])).toEqual([['/changes/0/set/field', 'locked_rule_changed', 'arr_positive', undefined, undefined]]);
  });

  it('refuses changing the definition key', () => {
    expect(summary([{ type: 'definition.update', set: { key: 'my-client' } }])).toEqual([['/changes/0/set/key', 'definition_key_changed', undefined, undefined, undefined]]);
  });
});

describe('checkLocks: tightening and extending are accepted', () => {
  it.each<[string, OverlayChange[]]>([
    ['length range narrowed', [update('name', { validation: { minLength: 5, maxLength: 50 } })]],
    ['range narrowed and a maximum added', [update('arr', { validation: { min: 10, max: 1e9 } })]],
    ['optional field made required', [update('source', { required: true })]],
    ['pattern added where HQ had none', [update('name', { validation: { minLength: 2, maxLength: 100, pattern: '^\\S.*$' } })]],
    ['labels translated and help added', [update('code', { label: { 'zh-CN': '统一社会信用代码', en: 'USCC' }, help: { en: '18 characters' } })]],
    ['consent statement in one more language', [update('consent', { statement: { 'zh-CN': '我同意隐私政策', en: 'I agree to the privacy policy', id: 'Saya setuju' } })]],
    ['field moved to another section and place', [update('code', { section: 'local' }), { type: 'field.move', key: 'code', after: null }]],
    ['local field added', [{ type: 'field.add', field: wechat, after: 'name' }]],
    ['local section and rule added', [{ type: 'section.add', section: { id: 'wx', title: { en: 'WeChat' } } }, { type: 'rule.add', rule: { id: 'wx_rule', assert: 'true', message: { en: 'x' } } }]],
    ['option added where HQ allows it', [{ type: 'option.add', field: 'source', option: { value: 'fair', label: { en: 'Fair' } } }]],
    ['option added to a table column HQ opened', [{ type: 'option.add', field: 'lines', column: 'unit', option: { value: 'box', label: { en: 'Box' } } }]],
    ['locked section reordered', [{ type: 'section.move', id: 'compliance', after: 'local' }]],
    ['unlocked field and rule removed', [{ type: 'field.remove', key: 'notes' }, { type: 'rule.remove', id: 'local_rule' }]],
    ['locked table: column tightened, column added', [update('lines', { columns: [{ ...lines().columns[0], validation: { min: 2, integer: true } }, { ...lines().columns[1], validation: { min: 0, max: 20 } }, lines().columns[2], { key: 'memo', type: 'text', label: { en: 'Memo' } }] })]],
  ])('%s', (_name, changes) => {
    expect(check(changes)).toEqual([]);
  });

  it('reports a loosening once, where it happens, and accepts a later tightening back', () => {
    expect(summary([update('arr', { validation: { min: -5 } }), update('arr', { label: { en: 'Annual revenue' } }), update('arr', { validation: { min: 0 } })])).toEqual([
      ['/changes/0/set/validation', 'locked_field_loosened', 'arr', undefined, 'min'],
    ]);
  });
});

describe('checkLocks: extension settings', () => {
  const closed = (ext: Template['extensions']) => ({ ...formTemplate(), extensions: ext });
  it('refuses new fields, sections and columns when HQ closed them', () => {
    const t = closed({ fields: false, sections: false, translations: false });
    expect(summary([{ type: 'field.add', field: wechat }], t)).toEqual([['/changes/0', 'extension_not_allowed', 'wechat', undefined, undefined]]);
    expect(summary([{ type: 'section.add', section: { id: 'wx', title: { en: 'WeChat' } } }], t)).toEqual([['/changes/0', 'extension_not_allowed', 'wx', undefined, undefined]]);
    expect(summary([update('lines', { columns: [...lines().columns, { key: 'memo', type: 'text', label: { en: 'Memo' } }] })], t)).toEqual([['/changes/0/set/columns/3', 'extension_not_allowed', 'lines', 'memo', undefined]]);
    expect(summary([{ type: 'option.add', field: 'source', option: { value: 'fair', label: { en: 'Fair' } } }], closed({}))).toEqual([['/changes/0/option', 'extension_not_allowed', 'source', undefined, 'fair']]);
  });
  it('refuses changed texts of locked elements when HQ closed translations', () => {
    const t = closed({ translations: false });
    expect(summary([update('code', { label: { en: 'USCC' } })], t)).toEqual([['/changes/0/set/label', 'translation_not_allowed', 'code', undefined, undefined]]);
    expect(check([update('notes', { label: { en: 'Remarks' } })], t)).toEqual([]);
  });
});

describe('checkLocks on an overlay derived from the designer\'s whole definition', () => {
  it('refuses the same edits, named, whatever tool made them', () => {
    const t = formTemplate();
    const edited = clone(t.definition) as FormDefinition;
    edited.fields = edited.fields.filter((f) => f.key !== 'consent');
    const code = edited.fields.find((f) => f.key === 'code')!;
    code.required = false;
    edited.fields.push(wechat);
    const problems = checkLocks(t, deriveOverlay(t, edited));
    expect(problems.map((p) => [p.code, p.params?.key])).toEqual([
      ['locked_field_removed', 'consent'],
      ['locked_field_loosened', 'code'],
    ]);
  });
});

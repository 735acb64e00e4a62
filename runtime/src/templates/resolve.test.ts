import { describe, expect, it } from 'vitest';
import { validateShape } from '@branchline/schemas';
import { normalizeDefinition, resolveTemplate } from './resolve';
import { formTemplate, overlayFor, wechat, workflowTemplate } from './testing/fixtures';

describe('resolveTemplate', () => {
  it('given an overlay that adds, updates, moves and removes, when resolved, then the definition has every change in order', () => {
    const t = formTemplate();
    const { definition, problems } = resolveTemplate(t, overlayFor(t, [
      { type: 'field.add', field: wechat, after: 'name' },
      { type: 'field.update', key: 'notes', set: { label: { 'zh-CN': '说明', en: 'Remarks' } }, unset: [] },
      { type: 'field.move', key: 'notes', after: null },
      { type: 'option.add', field: 'source', option: { value: 'fair', label: { 'zh-CN': '展会', en: 'Trade fair' } } },
      { type: 'option.add', field: 'lines', column: 'unit', option: { value: 'box', label: { 'zh-CN': '箱', en: 'Box' } } },
      { type: 'section.add', section: { id: 'wx', title: { 'zh-CN': '微信', en: 'WeChat' } }, after: null },
      { type: 'section.move', id: 'local', after: null },
      { type: 'rule.remove', id: 'local_rule' },
    ]));
    expect(problems).toEqual([]);
    if (definition.kind !== 'form') throw new Error('form expected');
    expect(definition.fields.map((f) => f.key)).toEqual(['notes', 'name', 'wechat', 'code', 'region', 'source', 'arr', 'consent', 'tier', 'lines']);
    expect(definition.fields[0]!.label.en).toBe('Remarks');
    expect(definition.sections!.map((s) => s.id)).toEqual(['local', 'wx', 'compliance']);
    expect(definition.rules!.map((r) => r.id)).toEqual(['arr_positive']);
    const source = definition.fields.find((f) => f.key === 'source');
    expect(source?.type === 'select' && source.options.map((o) => o.value)).toEqual(['web', 'fair']);
    expect(validateShape('form', definition)).toEqual([]);
  });

  it('does not change the template it resolves', () => {
    const t = formTemplate();
    const before = JSON.stringify(t);
    resolveTemplate(t, overlayFor(t, [{ type: 'field.remove', key: 'notes' }, { type: 'field.update', key: 'name', set: { required: false } }]));
    expect(JSON.stringify(t)).toBe(before);
  });

  it.each([
    [{ type: 'field.update', key: 'nope', set: { required: true } }, '/changes/0/key', 'field_not_found'],
    [{ type: 'field.remove', key: 'nope' }, '/changes/0/key', 'field_not_found'],
    [{ type: 'field.add', field: { ...wechat, key: 'name' } }, '/changes/0/field/key', 'duplicate_key'],
    [{ type: 'field.add', field: wechat, after: 'nope' }, '/changes/0/after', 'anchor_not_found'],
    [{ type: 'field.move', key: 'notes', after: 'notes' }, '/changes/0/after', 'bad_anchor'],
    [{ type: 'field.update', key: 'notes', set: { key: 'name' } }, '/changes/0/set/key', 'duplicate_key'],
    [{ type: 'option.add', field: 'name', option: { value: 'x', label: { en: 'X' } } }, '/changes/0/field', 'not_a_select'],
    [{ type: 'option.add', field: 'region', option: { value: 'east', label: { en: 'East' } } }, '/changes/0/option/value', 'option_exists'],
    [{ type: 'option.add', field: 'lines', column: 'nope', option: { value: 'x', label: { en: 'X' } } }, '/changes/0/column', 'column_not_found'],
    [{ type: 'section.remove', id: 'nope' }, '/changes/0/id', 'section_not_found'],
    [{ type: 'rule.update', id: 'nope', set: {} }, '/changes/0/id', 'rule_not_found'],
    [{ type: 'node.add', node: { id: 'n', kind: 'end' } }, '/changes/0/type', 'change_not_applicable'],
    [{ type: 'definition.update', set: { fields: [] } }, '/changes/0/set/fields', 'use_specific_change'],
    [{ type: 'field.update', key: 'notes', set: { constructor: 1 } }, '/changes/0/set/constructor', 'forbidden_property'],
  ] as const)('refuses %j as a problem at %s, never an exception', (change, at, code) => {
    const t = formTemplate();
    const { definition, problems } = resolveTemplate(t, overlayFor(t, [change as never]));
    expect(problems).toEqual([expect.objectContaining({ pointer: at, code })]);
    expect(problems[0]!.message.en.length).toBeGreaterThan(10);
    expect(problems[0]!.message['zh-CN'].length).toBeGreaterThan(3);
    expect(normalizeDefinition(definition)).toEqual(normalizeDefinition(t.definition));
  });

  it('applies the changes after one that fails', () => {
    const t = formTemplate();
    const { definition, problems } = resolveTemplate(t, overlayFor(t, [{ type: 'field.remove', key: 'nope' }, { type: 'field.remove', key: 'notes' }]));
    expect(problems.map((p) => p.pointer)).toEqual(['/changes/0/key']);
    expect(definition.kind === 'form' && definition.fields.some((f) => f.key === 'notes')).toBe(false);
  });

  it('reports an overlay made for another template or version', () => {
    const t = formTemplate();
    expect(resolveTemplate(t, { ...overlayFor(t, []), template: { key: 'other', version: 1 } }).problems[0]?.code).toBe('overlay_template_mismatch');
    expect(resolveTemplate(t, { ...overlayFor(t, []), template: { key: 'client', version: 2 } }).problems[0]?.code).toBe('overlay_version_mismatch');
  });

  it('applies workflow changes: steps, connections, trigger and layout', () => {
    const t = workflowTemplate(false);
    const { definition, problems } = resolveTemplate(t, overlayFor(t, [
      { type: 'node.add', node: { id: 'survey', kind: 'notify', channel: 'email', to: { strategy: 'owner' }, message: { en: 'Survey' } } },
      { type: 'edge.update', id: 'e_called', set: { to: 'survey' } },
      { type: 'edge.add', edge: { id: 'e_survey', from: 'survey', to: 'done' } },
      { type: 'trigger.update', set: { when: "record.region == 'east'" } },
      { type: 'ui.set', ui: { nodes: { survey: { x: 1, y: 2 } } } },
      { type: 'node.remove', id: 'nope' },
    ]));
    expect(problems.map((p) => [p.pointer, p.code])).toEqual([['/changes/5/id', 'node_not_found']]);
    if (definition.kind !== 'workflow') throw new Error('workflow expected');
    expect(definition.edges.find((e) => e.id === 'e_called')?.to).toBe('survey');
    expect(definition.trigger.when).toBe("record.region == 'east'");
    expect(definition.ui).toEqual({ nodes: { survey: { x: 1, y: 2 } } });
    expect(validateShape('workflow', definition)).toEqual([]);
  });

  it('keeps a "__proto__" key in data an own property', () => {
    const t = formTemplate();
    const change = JSON.parse('{"type":"field.update","key":"notes","set":{"__proto__":{"polluted":true}}}');
    const { problems } = resolveTemplate(t, overlayFor(t, [change]));
    expect(problems[0]?.code).toBe('forbidden_property');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import type { OverlayChange, Template } from '@branchline/schemas';
import { checkLocks } from './check-locks';
import { checkDisable, isMandatory, appliesToForm, mandatoryWorkflowsFor } from './mandatory';
import { MANDATORY_POLICY } from './lock-context';
import { formTemplate, overlayFor, POLICY, workflowTemplate } from './testing/fixtures';

const check = (changes: OverlayChange[], template: Template = workflowTemplate()) => checkLocks(template, overlayFor(template, changes));
const summary = (changes: OverlayChange[], template?: Template) => check(changes, template).map((p) => [p.pointer, p.code, p.params?.element, p.params?.id]);
const survey: OverlayChange = { type: 'node.add', node: { id: 'survey', kind: 'notify', channel: 'email', to: { strategy: 'owner' }, message: { en: 'How did it go?' } } };

describe('checkLocks: a mandatory workflow', () => {
  it('is mandatory and applies to its trigger form', () => {
    const t = workflowTemplate();
    expect(isMandatory(t)).toBe(true);
    expect(appliesToForm(t)).toBe('client');
    expect(mandatoryWorkflowsFor('client', [t, workflowTemplate(false), formTemplate()]).map((x) => x.mandatory)).toEqual([true]);
    expect(isMandatory(workflowTemplate(false))).toBe(false);
    expect(isMandatory({ ...formTemplate(), mandatory: true })).toBe(false);
  });

  it('cannot be disabled; an opt-in workflow can', () => {
    const [p] = checkDisable(workflowTemplate());
    expect(p).toMatchObject({ code: 'mandatory_workflow', params: { template: 'follow-up', policy: MANDATORY_POLICY } });
    expect(p!.message.en).toContain('cannot be disabled');
    expect(p!.message['zh-CN']).toContain('不能停用');
    expect(checkDisable(workflowTemplate(false))).toEqual([]);
  });

  it.each<[string, OverlayChange[], unknown[][]]>([
    ['step removed', [{ type: 'node.remove', id: 'escalate' }], [['/changes/0', 'locked_node_removed', 'node', 'escalate']]],
    ['step renamed', [{ type: 'node.update', id: 'escalate', set: { id: 'tell_admin' } }], [['/changes/0/set/id', 'locked_node_changed', 'node', 'escalate']]],
    ['step retyped', [{ type: 'node.update', id: 'escalate', set: { kind: 'end' }, unset: ['channel', 'to', 'message'] }], [['/changes/0/set/kind', 'locked_node_changed', 'node', 'escalate']]],
    ['step loosened (deadline removed)', [{ type: 'node.update', id: 'call', set: {}, unset: ['sla'] }], [['/changes/0/unset/0', 'locked_node_changed', 'node', 'call']]],
    ['connection renamed', [{ type: 'edge.update', id: 'e_overdue', set: { id: 'e_late' } }], [['/changes/0/set/id', 'locked_edge_changed', 'edge', 'e_overdue']]],
    ['deadline changed', [{ type: 'node.update', id: 'call', set: { sla: { within: 'PT8H' } } }], [['/changes/0/set/sla', 'locked_node_changed', 'node', 'call']]],
    ['instructions reworded', [{ type: 'node.update', id: 'call', set: { instructions: { 'zh-CN': '随便', en: 'Whenever' } } }], [['/changes/0/set/instructions', 'locked_node_changed', 'node', 'call']]],
    ['connection removed', [{ type: 'edge.remove', id: 'e_overdue' }], [['/changes/0', 'locked_edge_removed', 'edge', 'e_overdue']]],
    ['connection rewired', [{ type: 'edge.update', id: 'e_big', set: { to: 'done' } }], [['/changes/0/set/to', 'locked_edge_rewired', 'edge', 'e_big']]],
    ['trigger narrowed (disabled for some records)', [{ type: 'trigger.update', set: { when: 'false' } }], [['/changes/0/set/when', 'locked_trigger_changed', 'trigger', undefined]]],
    ['trigger moved to another form', [{ type: 'trigger.update', set: { form: 'other' } }], [['/changes/0/set/form', 'locked_trigger_changed', 'trigger', undefined]]],
    ['start moved', [{ type: 'definition.update', set: { start: 'done' } }], [['/changes/0/set/start', 'locked_start_changed', 'definition', undefined]]],
    ['exit added where HQ declared no extension point', [survey, { type: 'edge.add', edge: { id: 'x', from: 'escalate', to: 'survey', port: 'other' } }], [['/changes/1', 'extension_not_allowed', 'node', 'escalate']]],
    ['branch step at the extension point ends the run', [survey, { type: 'node.add', node: { id: 'stop', kind: 'end' } }, { type: 'edge.update', id: 'e_called', set: { to: 'survey' } }, { type: 'edge.add', edge: { id: 'x', from: 'survey', to: 'stop' } }], [['/changes/1', 'extension_must_rejoin', 'node', 'stop']]],
    ['branch step at the extension point jumps to another HQ step', [survey, { type: 'edge.update', id: 'e_called', set: { to: 'survey' } }, { type: 'edge.add', edge: { id: 'x', from: 'survey', to: 'escalate' } }], [['/changes/2', 'extension_must_rejoin', 'edge', 'x']]],
    ['branch step at the extension point never leads back', [survey, { type: 'edge.update', id: 'e_called', set: { to: 'survey' } }], [['/changes/1', 'extension_must_rejoin', 'edge', 'e_called']]],
    ['extension point sent straight to another HQ step', [{ type: 'edge.update', id: 'e_called', set: { to: 'escalate' } }], [['/changes/0', 'locked_edge_rewired', 'edge', 'e_called']]],
    ['extension point connection removed', [{ type: 'edge.remove', id: 'e_called' }], [['/changes/0', 'locked_edge_removed', 'edge', 'e_called']]],
  ])('refuses: %s', (_name, changes, expected) => {
    const problems = check(changes);
    expect(problems.map((p) => [p.pointer, p.code, p.params?.element, p.params?.id])).toEqual(expected);
    for (const p of problems) {
      expect(p.message.en).toContain('HQ');
      expect(p.message['zh-CN']).toContain('总部');
      expect(p.params?.policy).toEqual(MANDATORY_POLICY);
    }
  });

  it.each<[string, OverlayChange[]]>([
    ['steps inserted at the extension point that lead back', [survey, { type: 'edge.update', id: 'e_called', set: { to: 'survey' } }, { type: 'edge.add', edge: { id: 'x', from: 'survey', to: 'done' } }]],
    ['extension point edge replaced by a new one', [survey, { type: 'edge.remove', id: 'e_called' }, { type: 'edge.add', edge: { id: 'y', from: 'call', port: 'done', to: 'survey' } }, { type: 'edge.add', edge: { id: 'x', from: 'survey', to: 'done' } }]],
    ['a branch condition with both paths leading back', [
      { type: 'node.add', node: { id: 'vip', kind: 'condition', expression: 'record.arr > 1000000' } },
      survey,
      { type: 'edge.update', id: 'e_called', set: { to: 'vip' } },
      { type: 'edge.add', edge: { id: 'v1', from: 'vip', to: 'survey', port: 'true' } },
      { type: 'edge.add', edge: { id: 'v2', from: 'vip', to: 'done', port: 'false' } },
      { type: 'edge.add', edge: { id: 'v3', from: 'survey', to: 'done' } },
    ]],
    ['titles translated, instructions in one more language, layout moved', [
      { type: 'node.update', id: 'call', set: { title: { 'zh-CN': '电话', en: 'Phone' }, name: { 'zh-CN': '电话客户', en: 'Phone the client' }, instructions: { 'zh-CN': '一小时内致电', en: 'Call within one hour', id: 'Telepon dalam satu jam' } } },
      { type: 'ui.set', ui: { nodes: { call: { x: 5, y: 5 } } } },
      { type: 'definition.update', set: { title: { 'zh-CN': '华南跟进', en: 'South follow-up' } } },
    ]],
  ])('accepts: %s', (_name, changes) => {
    expect(check(changes)).toEqual([]);
  });
});

describe('checkLocks: an opt-in workflow', () => {
  it('without locks, lets a branch change anything', () => {
    const t = workflowTemplate(false);
    expect(check([{ type: 'node.remove', id: 'escalate' }, { type: 'edge.remove', id: 'e_overdue' }, { type: 'edge.remove', id: 'e_escalated' }, { type: 'trigger.update', set: { when: 'true' } }], t)).toEqual([]);
  });
  it('with explicit locks, holds exactly those, quoting their policy', () => {
    const t: Template = { ...workflowTemplate(false), locks: [{ element: 'node', id: 'call', policy: POLICY }, { element: 'trigger', policy: POLICY }] };
    expect(check([{ type: 'node.remove', id: 'escalate' }], t)).toEqual([]);
    const problems = check([{ type: 'node.update', id: 'call', set: { assignee: { strategy: 'role', role: 'intern' } } }, { type: 'trigger.update', unset: ['form'], set: {} }], t);
    expect(problems.map((p) => [p.pointer, p.code])).toEqual([['/changes/0/set/assignee', 'locked_node_changed'], ['/changes/1/unset/0', 'locked_trigger_changed']]);
    expect(problems[0]!.params?.policy).toEqual(POLICY);
    expect(summary([survey, { type: 'edge.add', edge: { id: 'x', from: 'call', to: 'survey', port: 'overdue' } }], t)).toEqual([['/changes/1', 'extension_not_allowed', 'node', 'call']]);
  });
});

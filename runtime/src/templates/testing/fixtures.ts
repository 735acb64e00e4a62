/**
 * Small templates for the unit tests of template inheritance: a form with every
 * kind of locked element and a mandatory workflow with an extension point. (The
 * built-in templates live in templates/, which the runtime may not import.)
 */
import type { FormField, Overlay, OverlayChange, Template } from '@branchline/schemas';

const t = (zh: string, en: string) => ({ 'zh-CN': zh, en });
export const POLICY = t('合规要求：统一口径', 'Compliance: one definition for every branch');

export function formTemplate(): Template {
  return {
    schemaVersion: 1,
    kind: 'template',
    key: 'client',
    version: 1,
    title: t('客户', 'Client'),
    definition: {
      schemaVersion: 1,
      kind: 'form',
      key: 'client',
      title: t('客户', 'Client'),
      sections: [
        { id: 'compliance', title: t('合规', 'Compliance') },
        { id: 'local', title: t('本地', 'Local') },
      ],
      fields: [
        { key: 'name', type: 'text', label: t('名称', 'Name'), required: true, section: 'compliance', validation: { minLength: 2, maxLength: 100 } },
        { key: 'code', type: 'text', label: t('信用代码', 'Credit code'), required: true, validation: { pattern: '^[0-9A-Z]{18}$' } },
        { key: 'region', type: 'select', label: t('区域', 'Region'), required: true, options: [{ value: 'east', label: t('华东', 'East') }, { value: 'south', label: t('华南', 'South') }] },
        { key: 'source', type: 'select', label: t('来源', 'Source'), options: [{ value: 'web', label: t('官网', 'Website') }] },
        { key: 'arr', type: 'currency', label: t('年收入', 'ARR'), currency: 'CNY', validation: { min: 0 } },
        { key: 'consent', type: 'consent', label: t('同意', 'Consent'), required: true, statement: t('我同意隐私政策', 'I agree to the privacy policy'), policyVersion: '2026-01' },
        { key: 'tier', type: 'computed', label: t('等级', 'Tier'), expression: "arr > 500000 ? 'S' : 'B'", resultType: 'text' },
        {
          key: 'lines', type: 'table', label: t('明细', 'Lines'),
          columns: [
            { key: 'qty', type: 'number', label: t('数量', 'Quantity'), required: true, validation: { min: 1, integer: true } },
            { key: 'discount', type: 'percent', label: t('折扣', 'Discount'), validation: { min: 0, max: 30 } },
            { key: 'unit', type: 'select', label: t('单位', 'Unit'), options: [{ value: 'pc', label: t('个', 'Piece') }] },
          ],
        },
        { key: 'notes', type: 'textarea', label: t('备注', 'Notes') },
      ],
      rules: [
        { id: 'arr_positive', assert: 'arr >= 0', message: t('年收入不能为负', 'ARR cannot be negative'), field: 'arr' },
        { id: 'local_rule', assert: 'true', message: t('本地', 'Local') },
      ],
    },
    locks: [
      { element: 'field', key: 'name', policy: POLICY },
      { element: 'field', key: 'code', policy: POLICY },
      { element: 'field', key: 'region', policy: POLICY },
      { element: 'field', key: 'source', policy: POLICY },
      { element: 'field', key: 'arr', policy: POLICY },
      { element: 'field', key: 'consent', policy: POLICY },
      { element: 'field', key: 'tier', policy: POLICY },
      { element: 'field', key: 'lines', policy: POLICY },
      { element: 'section', id: 'compliance', policy: POLICY },
      { element: 'rule', id: 'arr_positive', policy: POLICY },
    ],
    extensions: { options: ['source', 'unit'] },
  };
}

export function workflowTemplate(mandatory = true): Template {
  return {
    schemaVersion: 1,
    kind: 'template',
    key: 'follow-up',
    version: 1,
    title: t('跟进', 'Follow-up'),
    mandatory,
    definition: {
      schemaVersion: 1,
      kind: 'workflow',
      key: 'follow-up',
      title: t('跟进', 'Follow-up'),
      trigger: { type: 'record.created', form: 'client' },
      start: 'big',
      nodes: [
        { id: 'big', kind: 'condition', title: t('大客户？', 'Big client?'), expression: 'record.arr > 500000' },
        { id: 'call', kind: 'task', title: t('致电', 'Call'), name: t('致电客户', 'Call the client'), instructions: t('一小时内致电', 'Call within one hour'), assignee: { strategy: 'owner' }, sla: { within: 'PT1H' } },
        { id: 'escalate', kind: 'notify', channel: 'inbox', to: { strategy: 'role', role: 'branch_admin' }, message: t('跟进逾期', 'Follow-up overdue') },
        { id: 'done', kind: 'end', outcome: 'done' },
      ],
      edges: [
        { id: 'e_big', from: 'big', to: 'call', port: 'true' },
        { id: 'e_small', from: 'big', to: 'done', port: 'false' },
        { id: 'e_called', from: 'call', to: 'done', port: 'done' },
        { id: 'e_overdue', from: 'call', to: 'escalate', port: 'overdue' },
        { id: 'e_escalated', from: 'escalate', to: 'done' },
      ],
      ui: { nodes: { big: { x: 0, y: 0 }, call: { x: 0, y: 100 } } },
    },
    locks: [],
    extensions: { points: [{ id: 'after_call', node: 'call', port: 'done', label: t('致电之后', 'After the call') }] },
  };
}

export function overlayFor(template: Template, changes: OverlayChange[]): Overlay {
  return { schemaVersion: 1, kind: 'overlay', template: { key: template.key, version: template.version }, changes };
}

export const wechat: FormField = { key: 'wechat', type: 'text', label: t('微信号', 'WeChat ID') };

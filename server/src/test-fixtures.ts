/**
 * Small templates for server tests that need one of a known shape (the built-in
 * templates are used where a test is about them). Plain data, valid by the schemas.
 */
import type { Template } from '@branchline/schemas';

const t = (en: string, zh: string) => ({ 'zh-CN': zh, en });
const policy = t('Required by HQ compliance.', '总部合规要求。');

export function visitTemplate(version = 1, extra: Partial<Template> = {}): Template {
  return {
    schemaVersion: 1,
    kind: 'template',
    key: 'visit-report',
    version,
    title: t('Visit report', '拜访记录'),
    definition: {
      schemaVersion: 1,
      kind: 'form',
      key: 'visit-report',
      title: t('Visit report', '拜访记录'),
      fields: [
        { key: 'company', type: 'text', label: t('Company', '公司'), required: true },
        { key: 'region', type: 'select', label: t('Region', '区域'), required: true, options: [{ value: 'east', label: t('East', '华东') }, { value: 'south', label: t('South', '华南') }] },
        { key: 'amount', type: 'currency', label: t('Amount', '金额'), validation: { min: 0 } },
        { key: 'visits', type: 'number', label: t('Visits', '拜访次数'), validation: { min: 0, integer: true } },
        { key: 'big', type: 'computed', label: t('Big deal', '大单'), expression: 'amount > 100000', resultType: 'boolean' },
        { key: 'notes', type: 'textarea', label: t('Notes', '备注') },
      ],
    },
    locks: [
      { element: 'field', key: 'company', policy },
      { element: 'field', key: 'region', policy },
      { element: 'field', key: 'amount', policy },
      { element: 'field', key: 'big', policy },
    ],
    ...extra,
  } as Template;
}

/** A branch's own small form. */
export const ownForm = {
  schemaVersion: 1,
  kind: 'form',
  key: 'expense-claim',
  title: t('Expense claim', '报销单'),
  fields: [
    { key: 'purpose', type: 'text', label: t('Purpose', '事由'), required: true },
    { key: 'amount', type: 'number', label: t('Amount', '金额'), validation: { min: 0 } },
  ],
} as const;

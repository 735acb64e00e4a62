/**
 * The starting point of a new form or workflow: the smallest definition the schema
 * accepts (a form needs one field, a workflow one node), titled by the user.
 */
import type { FormDefinition, LocalizedText, WorkflowDefinition } from '@branchline/schemas';
import { enMessages, zhCNMessages } from '../i18n';

/** `Visit report` → `visit-report`; non-latin titles fall back to `prefix-<suffix>`. */
export function keyFromTitle(title: string, prefix: string, suffix: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/^[^a-z]+/, '')
    .slice(0, 50)
    .replace(/-+$/, '');
  return slug.length >= 2 ? slug : `${prefix}-${suffix}`;
}

export function newForm(key: string, title: LocalizedText): FormDefinition {
  return {
    schemaVersion: 1,
    kind: 'form',
    key,
    title,
    fields: [{ key: 'name', type: 'text', label: { 'zh-CN': zhCNMessages.newDefinition.firstField, en: enMessages.newDefinition.firstField }, required: true }],
  };
}

export function newWorkflow(key: string, title: LocalizedText): WorkflowDefinition {
  return {
    schemaVersion: 1,
    kind: 'workflow',
    key,
    title,
    trigger: { type: 'manual' },
    start: 'end',
    nodes: [{ id: 'end', kind: 'end' }],
    edges: [],
  };
}

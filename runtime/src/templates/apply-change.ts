/**
 * One overlay change applied to a draft definition: dispatch by change type, and
 * refuse changes that do not fit the definition's kind (a field change on a
 * workflow) or that would rewrite what has its own change type.
 */
import { problem, type OverlayChange, type Problem } from '@branchline/schemas';
import { applyFormChange, type FormChange } from './apply-form-change';
import { applyWorkflowChange, type WorkflowChange } from './apply-workflow-change';
import type { Definition } from './elements';
import { setOwn, type JsonRecord } from './json';
import { patched } from './patch';

/** Top-level properties that `definition.update` may not touch: each has its own change types, or may never change. */
export const RESERVED_DEFINITION_PROPERTIES = {
  form: ['kind', 'schemaVersion', 'fields', 'sections', 'rules'],
  workflow: ['kind', 'schemaVersion', 'trigger', 'nodes', 'edges', 'ui'],
} as const;

const FORM_CHANGES = /^(field|option|section|rule)\./;

/**
 * Apply `change` to `draft` in place; returns the problem instead when it cannot
 * apply (then `draft` is unchanged). `at` is the change's pointer, e.g. `/changes/3`.
 * @example applyChange(draft, { type: 'field.remove', key: 'wechat_id' }, '/changes/0') // → undefined
 */
export function applyChange(draft: Definition, change: OverlayChange, at: string): Problem | undefined {
  if (change.type === 'definition.update') {
    const next = patched(draft as unknown as JsonRecord, change, at, RESERVED_DEFINITION_PROPERTIES[draft.kind]);
    if ('problem' in next) return next.problem;
    const target = draft as unknown as JsonRecord;
    for (const key of Object.keys(target)) if (!Object.prototype.hasOwnProperty.call(next.value, key)) delete target[key];
    for (const key of Object.keys(next.value)) setOwn(target, key, next.value[key]);
    return undefined;
  }
  const isForm = FORM_CHANGES.test(change.type);
  if (isForm !== (draft.kind === 'form')) {
    return problem(
      `${at}/type`,
      'change_not_applicable',
      `A "${change.type}" change does not apply to a ${draft.kind}.`,
      `"${change.type}"类变更不适用于${draft.kind === 'form' ? '表单' : '流程'}。`,
      { type: change.type, kind: draft.kind },
    );
  }
  return draft.kind === 'form' ? applyFormChange(draft, change as FormChange, at) : applyWorkflowChange(draft, change as WorkflowChange, at);
}

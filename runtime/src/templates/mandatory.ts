/**
 * HQ-mandated workflows: a workflow template marked `mandatory` runs for every
 * branch on the records of every instance of its form template, and no branch can
 * disable it. Its steps, connections and trigger are implicitly locked (see
 * {@link lockContext}); branches may add steps only at its extension points.
 */
import { problem, type Problem, type Template } from '@branchline/schemas';
import { textIn } from './elements';
import { isMandatory, MANDATORY_POLICY } from './lock-context';

export { isMandatory };

/**
 * The key of the form template a workflow template's trigger listens to, if any.
 * For a mandatory workflow this is the form whose every instance it runs on.
 * @example appliesToForm(customerGrading) // → 'customer-registration'
 */
export function appliesToForm(template: Template): string | undefined {
  const def = template.definition;
  if (def.kind !== 'workflow') return undefined;
  const trigger = def.trigger as { form?: unknown };
  return typeof trigger.form === 'string' ? trigger.form : undefined;
}

/**
 * The mandatory workflow templates that run on records of form template `formKey`.
 * @example mandatoryWorkflowsFor('quote', BUILT_IN_TEMPLATES).map((t) => t.key) // → ['quote-discount-approval']
 */
export function mandatoryWorkflowsFor(formKey: string, templates: readonly Template[]): Template[] {
  return templates.filter((t) => isMandatory(t) && appliesToForm(t) === formKey);
}

/**
 * Whether a branch may disable (unpublish, pause, delete) its instance of `template`:
 * [] when it may, otherwise the refusal, quoting HQ's policy.
 * @example checkDisable(customerGrading)[0]?.code // → 'mandatory_workflow'
 */
export function checkDisable(template: Template): Problem[] {
  if (!isMandatory(template)) return [];
  const title = { en: textIn(template.title, 'en'), zh: textIn(template.title, 'zh-CN') };
  return [
    problem(
      '',
      'mandatory_workflow',
      `"${title.en}" is mandatory: HQ runs it in every branch, so it cannot be disabled or removed. HQ policy: "${MANDATORY_POLICY.en}"`,
      `"${title.zh}"是强制流程：总部要求它在每个分支运行，因此不能停用或删除。总部规定：“${MANDATORY_POLICY['zh-CN']}”`,
      { template: template.key, policy: MANDATORY_POLICY },
    ),
  ];
}

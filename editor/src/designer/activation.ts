/**
 * Who may switch a published workflow off and on, start a manual one by hand, and why
 * an instance of HQ's mandatory workflow cannot be switched off — the same rules the
 * server applies (the policy table in @branchline/schemas: POST …/deactivate, …/runs), read
 * ahead so the UI can show them before anyone clicks.
 */
import { checkDisable } from '@branchline/runtime';
import { allows, type LocalizedText, type Problem, type Trigger } from '@branchline/schemas';
import { templateOf, type DefinitionDetail, type RecordItem, type Role } from '../api/types';

/** POST /definitions/:id/deactivate and /activate. */
export const canSwitchActive = (role: Role): boolean => allows('definitions.activate', role);

/** POST /definitions/:id/runs. */
export const canStartRuns = (role: Role): boolean => allows('runs.start', role);

/**
 * The refusal the server would give to switching `detail` off, when it is an instance of
 * a mandatory HQ workflow template: the runtime's own `checkDisable`, with HQ's policy in
 * both languages. Null when it may be switched off.
 *
 * @example mandatoryLock(customerGradingInstance)?.params?.policy // → { en: 'HQ made this workflow mandatory…', 'zh-CN': … }
 */
export function mandatoryLock(detail: Pick<DefinitionDetail, 'kind' | 'mandatory' | 'template'>): (Problem & { policy: LocalizedText | null }) | null {
  if (detail.kind !== 'workflow' || !detail.mandatory) return null;
  const template = templateOf(detail.template);
  if (!template) return null;
  const problem = checkDisable({ ...template, mandatory: true })[0];
  if (!problem) return null;
  const policy = (problem.params as { policy?: LocalizedText } | undefined)?.policy ?? null;
  return { ...problem, policy };
}

/** A manual trigger and the form it names, if any (null for every other trigger). */
export function manualTrigger(trigger: Trigger | null | undefined): { form: string | null } | null {
  if (!trigger || trigger.type !== 'manual') return null;
  return { form: trigger.form ?? null };
}

/** A published workflow, with the trigger of its newest published version. */
export interface PublishedWorkflow {
  readonly id: string;
  readonly title: LocalizedText;
  readonly key: string;
  readonly active: boolean;
  readonly trigger: Trigger | null;
}

/**
 * The workflows a record's page offers to start: published, switched on, manual, and
 * naming the record's form (its own key or the template it is an instance of).
 *
 * @example startableOn(quoteRecord, workflows).map((w) => w.key) // → ['quote-review']
 */
export function startableOn(record: Pick<RecordItem, 'definitionKey' | 'templateKey'>, workflows: readonly PublishedWorkflow[]): PublishedWorkflow[] {
  return workflows.filter((w) => {
    const manual = manualTrigger(w.trigger);
    if (!w.active || !manual || !manual.form) return false;
    return manual.form === record.definitionKey || (record.templateKey !== null && manual.form === record.templateKey);
  });
}

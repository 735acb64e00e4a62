/**
 * Validation off the main thread: compiling the JSON Schema validators and every
 * expression of a large workflow takes seconds the first time, which must not hold
 * up the canvas or typing. The page posts the definition; this answers with problems.
 */
import type { FormDefinition, Problem, WorkflowDefinition } from '@branchline/schemas';
import { workflowProblems } from './problems-of';

export interface ValidateRequest {
  readonly id: number;
  readonly definition: WorkflowDefinition;
  readonly form: FormDefinition | undefined;
}
export interface ValidateResponse {
  readonly id: number;
  readonly problems: Problem[];
}

self.onmessage = (e: MessageEvent<ValidateRequest>) => {
  const { id, definition, form } = e.data;
  let problems: Problem[];
  try {
    problems = workflowProblems(definition, form);
  } catch (error) {
    problems = [{ pointer: '', code: 'internal_check_failed', message: { en: `The workflow could not be checked: ${String(error)}`, 'zh-CN': `无法检查该流程：${String(error)}` } }];
  }
  (self as unknown as Worker).postMessage({ id, problems } satisfies ValidateResponse);
};

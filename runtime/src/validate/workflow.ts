/**
 * Layer two of workflow validation (issue 2, item 4): the semantic checks that a
 * JSON Schema cannot express. Run after the shape check; never throws.
 *
 * - unique step, edge and variable ids; `start` exists; edges join existing steps
 * - each edge leaves by a port its step has (the message lists the valid ones),
 *   one edge per port, and required ports are connected (a condition's `true`, an
 *   approval's `approved`, every split arm); any other open port ends the run there
 * - every step reachable from `start`; no loop without a wait, waiting task or approval
 * - split arms add up to 100 % with at most one control arm; switch case ids unique
 * - a wait step has what its mode needs (and nothing it ignores); durations are timeable
 * - every expression compiles against the scope it runs in and returns the needed type,
 *   best-match scores against `rep` and `record`; set/score targets and task facts
 *   name fields of the form
 */
import { problem, type FormDefinition, type Problem, type WorkflowDefinition } from '@branchline/schemas';
import type { WorkflowScopeOptions } from '../workflow/scope';
import { expressionProblems } from './workflow-expressions';
import { busyLoopProblems, unreachableProblems } from './workflow-graph';
import { edgeProblems, idProblems, nodeProblems } from './workflow-structure';

export interface WorkflowValidationOptions extends WorkflowScopeOptions {
  /** The form the trigger names; without it `record.*` is not type-checked. */
  readonly form?: FormDefinition | undefined;
}

/**
 * Semantic problems of a shape-valid workflow definition, each with a JSON pointer
 * and a message in zh-CN and en.
 * @example
 * validateWorkflowSemantics(def, { form: customerForm })
 * // → [{ pointer: '/edges/5/to', code: 'dangling_edge', message: { 'zh-CN': …, en: … } }]
 */
export function validateWorkflowSemantics(def: WorkflowDefinition, options: WorkflowValidationOptions = {}): Problem[] {
  try {
    return [...idProblems(def), ...edgeProblems(def), ...nodeProblems(def), ...unreachableProblems(def), ...busyLoopProblems(def), ...expressionProblems(def, options)];
  } catch (error) {
    // A bug in a check must not turn a user's definition into a crash.
    return [problem('', 'internal_check_failed', `The workflow could not be checked: ${String(error)}`, `无法检查该流程：${String(error)}`)];
  }
}

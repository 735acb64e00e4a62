/**
 * The problems of a workflow as the server sees them: the JSON Schema shape first,
 * then — for a well-shaped definition — the runtime's semantic checks against the
 * trigger's form. The same two layers `validateDefinition` runs on save and publish.
 *
 * @example
 * workflowProblems(def, customerForm); // [{ pointer: '/nodes/2/expression', code: 'expression_unknown_field', … }]
 */
import { validateShape, type FormDefinition, type Problem, type WorkflowDefinition } from '@branchline/schemas';
import { validateWorkflowSemantics } from '@branchline/runtime';

export function workflowProblems(def: WorkflowDefinition, form: FormDefinition | undefined): Problem[] {
  const shape = validateShape('workflow', def);
  return shape.length > 0 ? shape : validateWorkflowSemantics(def, form ? { form } : {});
}

/** Whether two versions differ in anything the checks read (positions in `ui` are not). */
export function sameLogic(a: WorkflowDefinition, b: WorkflowDefinition): boolean {
  return (
    a.nodes === b.nodes &&
    a.edges === b.edges &&
    a.trigger === b.trigger &&
    a.start === b.start &&
    a.variables === b.variables &&
    a.title === b.title &&
    a.description === b.description &&
    a.key === b.key
  );
}

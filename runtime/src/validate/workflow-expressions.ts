/**
 * Expression checks of a workflow: every expression compiles in the scope it runs
 * in (`record` typed from the trigger's form when given, `rep` in best-match
 * scores) and returns what its slot needs; set and score targets and task facts
 * name fields the form has.
 */
import { pointer, problem, type FormField, type Problem, type WorkflowDefinition, type WorkflowNode } from '@branchline/schemas';
import { compileExpression } from '../expressions';
import type { Scope, ValueType } from '../expressions/types';
import { fieldValueType } from '../forms/scope';
import { bestMatchScope, workflowScope, type WorkflowScopeOptions } from '../workflow/scope';
import { expressionSlots, triggerSlots, type ExpressionSlot } from '../workflow/slots';

type TypeName = ValueType['type'];
/** Result types accepted by slots that take more than one type. */
const ACCEPTS: Record<string, readonly TypeName[]> = {
  until: ['date', 'datetime', 'text', 'number', 'any'],
  correlation: ['text', 'number', 'any'],
  recordId: ['text', 'number', 'any'],
  factor: ['number', 'boolean', 'any'],
};

export function expressionProblems(def: WorkflowDefinition, options: WorkflowScopeOptions): Problem[] {
  const scope = workflowScope(def, options);
  const repScope = bestMatchScope(def, options);
  const fields = options.form ? new Map(options.form.fields.map((f) => [f.key, f])) : undefined;
  const out: Problem[] = [];
  def.nodes.forEach((node, i) => {
    for (const slot of expressionSlots(node)) {
      const expect = slot.expect ?? setTargetType(def, node, slot, fields);
      out.push(...check(pointer('nodes', i) + '/' + slot.path, slot, slot.rep ? repScope : scope, expect, acceptsOf(slot)));
    }
    out.push(...targetProblems(node, i, fields));
  });
  for (const slot of triggerSlots(def)) out.push(...check(`/trigger/${slot.path}`, slot, scope, slot.expect, ACCEPTS[slot.path]));
  return out;
}

function acceptsOf(slot: ExpressionSlot): readonly TypeName[] | undefined {
  if (slot.path.startsWith('factors/')) return ACCEPTS.factor;
  return slot.expect ? undefined : ACCEPTS[slot.path];
}

/** The type an assignment must produce: the target field's or declared variable's type. */
function setTargetType(def: WorkflowDefinition, node: WorkflowNode, slot: ExpressionSlot, fields: Map<string, FormField> | undefined): TypeName | undefined {
  if (node.kind !== 'set') return undefined;
  const a = node.assignments[Number(slot.path.split('/')[1])];
  if (!a) return undefined;
  if (a.target === 'vars') return def.variables?.find((v) => v.key === a.key)?.type;
  const field = fields?.get(a.key);
  return field && field.type !== 'computed' ? fieldValueType(field).type : undefined;
}

function check(at: string, slot: ExpressionSlot, scope: Scope, expect: TypeName | undefined, accepts: readonly TypeName[] | undefined): Problem[] {
  const result = compileExpression(slot.source, scope, expect ? { expect } : {});
  if (!result.ok) return result.problems.map((p) => ({ ...p, pointer: at }));
  const got = result.expression.resultType.type;
  if (accepts && !accepts.includes(got)) {
    return [problem(at, 'expression_type', `This expression returns ${got}, but here it must return one of ${accepts.filter((t) => t !== 'any').join(', ')}.`, `该表达式返回 ${got}，此处需要返回 ${accepts.filter((t) => t !== 'any').join('、')} 之一。`, { got, accepts })];
  }
  return [];
}

const NUMERIC = new Set(['number', 'currency', 'percent']);

function targetProblems(node: WorkflowNode, i: number, fields: Map<string, FormField> | undefined): Problem[] {
  if (!fields) return [];
  const out: Problem[] = [];
  const unknown = (at: string, key: string) =>
    problem(at, 'unknown_field', `The form has no field "${key}"; pick one of its fields.`, `表单中没有字段"${key}"；请选择表单中已有的字段。`, { key });
  if (node.kind === 'set') {
    node.assignments.forEach((a, j) => {
      if (a.target !== 'record') return;
      const at = pointer('nodes', i, 'assignments', j, 'key');
      const field = fields.get(a.key);
      if (!field) out.push(unknown(at, a.key));
      else if (field.type === 'computed') out.push(problem(at, 'computed_not_settable', `"${a.key}" is computed by the form from other fields; set those fields instead.`, `"${a.key}"是由表单根据其他字段计算的；请改为设置那些字段。`, { key: a.key }));
    });
  }
  if (node.kind === 'score' && node.target.target === 'record') {
    const field = fields.get(node.target.key);
    const at = pointer('nodes', i, 'target', 'key');
    if (!field) out.push(unknown(at, node.target.key));
    else if (!NUMERIC.has(field.type)) out.push(problem(at, 'score_target_not_number', `A score is a number, but "${node.target.key}" is a ${field.type} field; write it to a number field.`, `评分是数字，但"${node.target.key}"是${field.type}字段；请写入数字字段。`, { key: node.target.key, type: field.type }));
  }
  if (node.kind === 'task') {
    (node.facts ?? []).forEach((key, j) => {
      if (!fields.has(key)) out.push(unknown(pointer('nodes', i, 'facts', j), key));
    });
  }
  return out;
}


/**
 * Where expressions sit in a workflow definition and what each must return: one
 * list that both the compiler (runtime) and the semantic validator walk, so the
 * two can never disagree about which strings are expressions.
 */
import type { Assignee, WorkflowDefinition, WorkflowNode } from '@branchline/schemas';
import type { ValueType } from '../expressions/types';

export interface ExpressionSlot {
  /** Path below the node (or the trigger), e.g. `cases/2/when`; the JSON pointer is `/nodes/<i>/<path>`. */
  readonly path: string;
  readonly source: string;
  /** The type the expression must return, when fixed by the slot alone. */
  readonly expect?: ValueType['type'];
  /** A best-match score: sees `rep` as well. */
  readonly rep?: boolean;
}

const scoreSlot = (assignee: Assignee, at: string): ExpressionSlot[] =>
  assignee.strategy === 'best_match' ? [{ path: `${at}/score`, source: assignee.score, expect: 'number', rep: true }] : [];

/**
 * The expressions of one node, in the order the interpreter evaluates them.
 * @example expressionSlots(switchNode) // → [{ path: 'cases/0/when', source: "record.tier == 'S'", expect: 'boolean' }, …]
 */
export function expressionSlots(node: WorkflowNode): ExpressionSlot[] {
  switch (node.kind) {
    case 'condition':
      return [{ path: 'expression', source: node.expression, expect: 'boolean' }];
    case 'switch':
      return node.cases.map((c, i) => ({ path: `cases/${i}/when`, source: c.when, expect: 'boolean' as const }));
    case 'set':
      return node.assignments.map((a, i) => ({ path: `assignments/${i}/expression`, source: a.expression }));
    case 'task':
      return [
        ...scoreSlot(node.assignee, 'assignee'),
        ...(node.sla?.withinHours ? [{ path: 'sla/withinHours', source: node.sla.withinHours, expect: 'number' as const }] : []),
      ];
    case 'approval':
      return scoreSlot(node.approver, 'approver');
    case 'notify':
      return scoreSlot(node.to, 'to');
    case 'wait':
      return [
        ...(node.until !== undefined ? [{ path: 'until', source: node.until }] : []),
        ...(node.correlation !== undefined ? [{ path: 'correlation', source: node.correlation }] : []),
      ];
    case 'http':
      return [
        ...(node.body !== undefined ? [{ path: 'body', source: node.body }] : []),
        ...(node.idempotencyKey !== undefined ? [{ path: 'idempotencyKey', source: node.idempotencyKey, expect: 'text' as const }] : []),
      ];
    case 'score':
      return node.factors.map((f, i) => ({ path: `factors/${i}/expression`, source: f.expression }));
    case 'split':
    case 'end':
      return [];
  }
}

/**
 * The expressions of the trigger: its `when` guard and an event trigger's `recordId`.
 * @example triggerSlots(def) // → [{ path: 'when', source: 'record.arr > 0', expect: 'boolean' }]
 */
export function triggerSlots(def: WorkflowDefinition): ExpressionSlot[] {
  const t = def.trigger;
  return [
    ...(t.when !== undefined ? [{ path: 'when', source: t.when, expect: 'boolean' as const }] : []),
    ...(t.type === 'event' && t.recordId !== undefined ? [{ path: 'recordId', source: t.recordId }] : []),
  ];
}

/**
 * The assignees of a node (task, approval, notify), with their path below the node.
 * @example assigneesOf(approvalNode) // → [{ path: 'approver', assignee: { strategy: 'role', role: 'branch_admin' } }]
 */
export function assigneesOf(node: WorkflowNode): { readonly path: string; readonly assignee: Assignee }[] {
  if (node.kind === 'task') return [{ path: 'assignee', assignee: node.assignee }];
  if (node.kind === 'approval') return [{ path: 'approver', assignee: node.approver }];
  if (node.kind === 'notify') return [{ path: 'to', assignee: node.to }];
  return [];
}

/**
 * The roles a definition assigns work to, so a host with an async database can load
 * those candidates into an in-memory {@link Directory} before calling `step`.
 * @example rolesUsed(def) // → ['sales_rep', 'branch_admin']
 */
export function rolesUsed(def: WorkflowDefinition): string[] {
  const roles = new Set<string>();
  for (const node of def.nodes) for (const { assignee } of assigneesOf(node)) if ('role' in assignee) roles.add(assignee.role);
  return [...roles].sort();
}

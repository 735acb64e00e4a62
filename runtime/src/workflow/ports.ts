/**
 * The ports each node kind leaves by — one list for the interpreter's docs, the
 * validator and the editor (which draws one handle per port).
 *
 * | kind      | ports                                                           |
 * |-----------|-----------------------------------------------------------------|
 * | condition | true, false                                                     |
 * | switch    | each case id, default                                           |
 * | task      | done; overdue with an SLA when the run waits (wait ≠ false)     |
 * | approval  | approved, rejected; timeout with a `timeout`                    |
 * | wait      | next; timeout for an event wait with a `timeout`                |
 * | split     | each arm id                                                     |
 * | set, notify, http, score | next                                             |
 * | end       | none                                                            |
 */
import type { WorkflowNode } from '@branchline/schemas';

/**
 * The ports a node may leave by, in display order.
 * @example portsOf({ id: 'c', kind: 'condition', expression: 'record.vip' }) // → ['true', 'false']
 */
export function portsOf(node: WorkflowNode): string[] {
  switch (node.kind) {
    case 'condition':
      return ['true', 'false'];
    case 'switch':
      return [...node.cases.map((c) => c.id), 'default'];
    case 'task':
      return node.sla && node.wait !== false ? ['done', 'overdue'] : ['done'];
    case 'approval':
      return node.timeout ? ['approved', 'rejected', 'timeout'] : ['approved', 'rejected'];
    case 'wait':
      return node.mode === 'event' && node.timeout ? ['next', 'timeout'] : ['next'];
    case 'split':
      return node.arms.map((a) => a.id);
    case 'end':
      return [];
    default:
      return ['next'];
  }
}

/**
 * Ports that must have an edge. Any other port without one ends the run there
 * (completed, no outcome): a condition's `false`, a switch's `default`, a task's
 * `done`, an approval's `rejected` … may be left open on purpose.
 * @example requiredPortsOf(conditionNode) // → ['true']
 */
export function requiredPortsOf(node: WorkflowNode): string[] {
  switch (node.kind) {
    case 'condition':
      return ['true'];
    case 'approval':
      return ['approved'];
    case 'split':
      return node.arms.map((a) => a.id);
    default:
      return [];
  }
}

/**
 * Node kinds that make a run wait, so a loop through one is not a busy loop.
 * @example isWaitingNode({ id: 't', kind: 'task', name, assignee, wait: false }) // → false
 */
export function isWaitingNode(node: WorkflowNode): boolean {
  return node.kind === 'wait' || node.kind === 'approval' || (node.kind === 'task' && node.wait !== false);
}

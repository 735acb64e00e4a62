/**
 * The named exits of each workflow node, as the schema documents them
 * (schemas/src/workflow.ts): an edge leaves a node by one port, `next` when the
 * edge names none.
 *
 * @example
 * portsOf({ id: 'c', kind: 'condition', expression: 'record.arr > 0' }).map((p) => p.id); // ['true', 'false']
 */
import type { WorkflowDefinition, WorkflowEdge, WorkflowNode } from '@branchline/schemas';

/** One exit of a node. `label` is either an i18n key (`kind: 'key'`) or text of the definition. */
export interface Port {
  readonly id: string;
  readonly label: { readonly kind: 'key'; readonly key: string } | { readonly kind: 'text'; readonly text: Readonly<Record<string, string>> | undefined };
  /** Tints the handle: good / bad / late paths read at a glance. */
  readonly tone: 'neutral' | 'good' | 'bad' | 'late';
}

export const DEFAULT_PORT = 'next';

const key = (id: string, tone: Port['tone'] = 'neutral'): Port => ({ id, label: { kind: 'key', key: `workflow.port.${id}` }, tone });

/** The ports a node leaves by, in the order they are drawn (left to right). */
export function portsOf(node: WorkflowNode): Port[] {
  switch (node.kind) {
    case 'condition':
      return [key('true', 'good'), key('false', 'bad')];
    case 'switch':
      return [...node.cases.map((c): Port => ({ id: c.id, label: { kind: 'text', text: c.label ?? { en: c.id } }, tone: 'neutral' })), key('default')];
    case 'task':
      return node.sla ? [key('done', 'good'), key('overdue', 'late')] : [key('done', 'good')];
    case 'approval':
      return node.timeout ? [key('approved', 'good'), key('rejected', 'bad'), key('timeout', 'late')] : [key('approved', 'good'), key('rejected', 'bad')];
    case 'wait':
      return node.mode === 'event' && node.timeout ? [key('next'), key('timeout', 'late')] : [key('next')];
    case 'split':
      return node.arms.map((a): Port => ({ id: a.id, label: { kind: 'text', text: a.label ?? { en: a.id } }, tone: a.control ? 'late' : 'neutral' }));
    case 'end':
      return [];
    default:
      return [key('next')];
  }
}

/** The port an edge leaves by. */
export function portOfEdge(edge: WorkflowEdge): string {
  return edge.port ?? DEFAULT_PORT;
}

/** Whether `port` is one of `node`'s exits. */
export function hasPort(node: WorkflowNode, port: string): boolean {
  return portsOf(node).some((p) => p.id === port);
}

/**
 * Edges whose port no longer exists on their source node (a switch case was
 * removed, an SLA cleared …). The designer shows them dashed so nothing is lost silently.
 */
export function danglingEdges(def: Pick<WorkflowDefinition, 'nodes' | 'edges'>): Set<string> {
  const byId = new Map(def.nodes.map((n) => [n.id, n]));
  const out = new Set<string>();
  for (const e of def.edges) {
    const from = byId.get(e.from);
    if (!from || !byId.has(e.to) || !hasPort(from, portOfEdge(e))) out.add(e.id);
  }
  return out;
}

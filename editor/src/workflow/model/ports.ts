/**
 * The named exits of each workflow node (see the runtime's `portsOf`): an edge
 * leaves a node by one port, `next` when the edge names none.
 *
 * @example
 * portsOf({ id: 'c', kind: 'condition', expression: 'record.arr > 0' }).map((p) => p.id); // ['true', 'false']
 */
import type { WorkflowDefinition, WorkflowEdge, WorkflowNode } from '@branchline/schemas';
import { portsOf as runtimePortsOf } from '@branchline/runtime';

/** One exit of a node. `label` is either an i18n key (`kind: 'key'`) or text of the definition. */
export interface Port {
  readonly id: string;
  readonly label: { readonly kind: 'key'; readonly key: string } | { readonly kind: 'text'; readonly text: Readonly<Record<string, string>> | undefined };
  /** Tints the handle: good / bad / late paths read at a glance. */
  readonly tone: 'neutral' | 'good' | 'bad' | 'late';
}

export const DEFAULT_PORT = 'next';

const TONES: Readonly<Record<string, Port['tone']>> = { true: 'good', done: 'good', approved: 'good', false: 'bad', rejected: 'bad', overdue: 'late', timeout: 'late' };
const cache = new WeakMap<WorkflowNode, readonly Port[]>();

function describe(node: WorkflowNode, id: string): Port {
  if (node.kind === 'switch' && id !== 'default') {
    const c = node.cases.find((x) => x.id === id);
    return { id, label: { kind: 'text', text: c?.label ?? { en: id } }, tone: 'neutral' };
  }
  if (node.kind === 'split') {
    const arm = node.arms.find((a) => a.id === id);
    return { id, label: { kind: 'text', text: arm?.label ?? { en: id } }, tone: arm?.control ? 'late' : 'neutral' };
  }
  return { id, label: { kind: 'key', key: `workflow.port.${id}` }, tone: TONES[id] ?? 'neutral' };
}

/**
 * The ports a node leaves by, in the order they are drawn (left to right): the
 * runtime's own list (`portsOf`, shared with the interpreter and the validator),
 * with labels and tones. Cached per node object, so a canvas re-render is cheap.
 */
export function portsOf(node: WorkflowNode): readonly Port[] {
  let ports = cache.get(node);
  if (!ports) cache.set(node, (ports = runtimePortsOf(node).map((id) => describe(node, id))));
  return ports;
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

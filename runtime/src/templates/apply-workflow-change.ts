/**
 * Applying one workflow change of an overlay (trigger, nodes, edges, layout) to a
 * draft definition that the caller owns. A change that names a missing element,
 * or would duplicate an id, is returned as a problem and changes nothing.
 */
import { problem, type OverlayChange, type Problem, type Trigger, type WorkflowDefinition, type WorkflowEdge, type WorkflowNode } from '@branchline/schemas';
import { clone, type JsonRecord } from './json';
import { patched } from './patch';

export type WorkflowChange = Extract<OverlayChange, { type: `trigger.${string}` | `node.${string}` | `edge.${string}` | 'ui.set' }>;

type What = 'node' | 'edge';
const ZH: Record<What, string> = { node: '步骤', edge: '连线' };

const notFound = (at: string, what: What, id: string): Problem =>
  problem(at, `${what}_not_found`, `There is no ${what === 'node' ? 'step' : 'connection'} "${id}" to change; it may have been removed or renamed.`, `没有可修改的${ZH[what]}"${id}"，它可能已被删除或改名。`, { id });
const duplicate = (at: string, what: What, id: string): Problem =>
  problem(at, 'duplicate_id', `There is already a ${what === 'node' ? 'step' : 'connection'} "${id}"; choose another id.`, `已存在${ZH[what]}"${id}"，请换一个标识。`, { id });

/** Apply a trigger, node, edge or layout change to `draft` (mutated). */
export function applyWorkflowChange(draft: WorkflowDefinition, change: WorkflowChange, at: string): Problem | undefined {
  switch (change.type) {
    case 'trigger.update': {
      const next = patched(draft.trigger as JsonRecord, change, at);
      if ('problem' in next) return next.problem;
      draft.trigger = next.value as Trigger;
      return undefined;
    }
    case 'node.add':
      return add(draft.nodes, change.node, `${at}/node/id`, 'node');
    case 'node.update':
      return update(draft.nodes, change.id, change, at, 'node');
    case 'node.remove':
      return remove(draft.nodes, change.id, at, 'node');
    case 'edge.add':
      return add(draft.edges, change.edge, `${at}/edge/id`, 'edge');
    case 'edge.update':
      return update(draft.edges, change.id, change, at, 'edge');
    case 'edge.remove':
      return remove(draft.edges, change.id, at, 'edge');
    case 'ui.set':
      draft.ui = clone(change.ui);
      return undefined;
  }
}

function add<T extends WorkflowNode | WorkflowEdge>(list: T[], item: T, at: string, what: What): Problem | undefined {
  if (list.some((x) => x.id === item.id)) return duplicate(at, what, item.id);
  list.push(clone(item));
  return undefined;
}

function update<T extends WorkflowNode | WorkflowEdge>(list: T[], id: string, patch: { set: Record<string, unknown>; unset?: string[] }, at: string, what: What): Problem | undefined {
  const i = list.findIndex((x) => x.id === id);
  if (i < 0) return notFound(`${at}/id`, what, id);
  const next = patched(list[i] as unknown as JsonRecord, patch, at);
  if ('problem' in next) return next.problem;
  const newId = next.value.id;
  if (typeof newId !== 'string') return problem(`${at}/unset`, 'id_required', 'An element must keep its id.', '元素必须保留标识。');
  if (newId !== id && list.some((x) => x.id === newId)) return duplicate(`${at}/set/id`, what, newId);
  list[i] = next.value as unknown as T;
  return undefined;
}

function remove<T extends { id: string }>(list: T[], id: string, at: string, what: What): Problem | undefined {
  const i = list.findIndex((x) => x.id === id);
  if (i < 0) return notFound(`${at}/id`, what, id);
  list.splice(i, 1);
  return undefined;
}

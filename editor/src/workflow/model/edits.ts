/**
 * Every change the workflow designer makes, as data (a union keyed by `type`, in the
 * spirit of React Flow's `NodeChange`), applied by one pure function that returns a
 * new definition and never mutates its input. Undo/redo, the JSON view and tests
 * all see the same edits.
 *
 * Locks are honoured here: an edit that would remove or change a locked node or
 * edge, the locked trigger or start, leaves those parts as they are — except that
 * a locked edge on an extension point may be rewired or cut, to insert a step.
 *
 * @example
 * const next = applyWorkflowEdit(def, { type: 'edge.connect', from: 'check', port: 'true', to: 'task_1' });
 */
import type { Trigger, WorkflowDefinition, WorkflowEdge, WorkflowNode } from '@branchline/schemas';
import { isFixedEdge, NO_LOCKS, type WorkflowLocks } from './locks';
import { DEFAULT_PORT, hasPort, portOfEdge } from './ports';
import { uniqueId } from './node-factory';

export interface XY {
  readonly x: number;
  readonly y: number;
}

export type WorkflowEdit =
  | { readonly type: 'node.add'; readonly node: WorkflowNode; readonly position: XY }
  | { readonly type: 'node.update'; readonly node: WorkflowNode }
  | { readonly type: 'nodes.move'; readonly positions: Readonly<Record<string, XY>> }
  | { readonly type: 'elements.remove'; readonly nodeIds: readonly string[]; readonly edgeIds: readonly string[] }
  | { readonly type: 'edge.connect'; readonly from: string; readonly port: string; readonly to: string }
  | { readonly type: 'start.set'; readonly nodeId: string }
  | { readonly type: 'trigger.set'; readonly trigger: Trigger }
  | { readonly type: 'meta.set'; readonly title?: WorkflowDefinition['title']; readonly description?: WorkflowDefinition['description'] };

type Def = WorkflowDefinition;

/** Apply one edit; returns `def` itself when the edit changes nothing. */
export function applyWorkflowEdit(def: Def, edit: WorkflowEdit, locks: WorkflowLocks = NO_LOCKS): Def {
  switch (edit.type) {
    case 'node.add':
      return addNode(def, edit.node, edit.position);
    case 'node.update':
      return updateNode(def, edit.node, locks);
    case 'nodes.move':
      return moveNodes(def, edit.positions);
    case 'elements.remove':
      return removeElements(def, edit.nodeIds, edit.edgeIds, locks);
    case 'edge.connect':
      return connect(def, edit.from, edit.port, edit.to, locks);
    case 'start.set':
      return locks.start || def.start === edit.nodeId || !def.nodes.some((n) => n.id === edit.nodeId) ? def : { ...def, start: edit.nodeId };
    case 'trigger.set':
      return locks.trigger ? def : { ...def, trigger: edit.trigger };
    case 'meta.set': {
      const next = { ...def };
      if (edit.title) next.title = edit.title;
      if ('description' in edit) {
        if (edit.description) next.description = edit.description;
        else delete next.description;
      }
      return next;
    }
  }
}

function withPositions(def: Def, positions: Readonly<Record<string, XY>>): Def {
  const nodes = { ...(def.ui?.nodes ?? {}) };
  for (const [id, p] of Object.entries(positions)) nodes[id] = { x: Math.round(p.x), y: Math.round(p.y) };
  return { ...def, ui: { ...(def.ui ?? {}), nodes } };
}

function addNode(def: Def, node: WorkflowNode, position: XY): Def {
  if (def.nodes.some((n) => n.id === node.id)) return def;
  return withPositions({ ...def, nodes: [...def.nodes, node] }, { [node.id]: position });
}

function updateNode(def: Def, node: WorkflowNode, locks: WorkflowLocks): Def {
  if (locks.nodes.has(node.id)) return def;
  const index = def.nodes.findIndex((n) => n.id === node.id);
  if (index < 0 || def.nodes[index] === node) return def;
  const nodes = def.nodes.slice();
  nodes[index] = node;
  // An edge whose port the node no longer has (a removed switch case or split arm,
  // a cleared SLA) goes with it in the same edit, so one undo brings both back.
  const edges = def.edges.filter((e) => e.from !== node.id || isFixedEdge(locks, e) || hasPort(node, portOfEdge(e)));
  return { ...def, nodes, edges: edges.length === def.edges.length ? def.edges : edges };
}

function moveNodes(def: Def, positions: Readonly<Record<string, XY>>): Def {
  const known = new Set(def.nodes.map((n) => n.id));
  const current = def.ui?.nodes ?? {};
  const changed: Record<string, XY> = {};
  for (const [id, p] of Object.entries(positions)) {
    const was = current[id];
    if (known.has(id) && (!was || was.x !== Math.round(p.x) || was.y !== Math.round(p.y))) changed[id] = p;
  }
  return Object.keys(changed).length === 0 ? def : withPositions(def, changed);
}

function removeElements(def: Def, nodeIds: readonly string[], edgeIds: readonly string[], locks: WorkflowLocks): Def {
  const goingNodes = new Set(nodeIds.filter((id) => !locks.nodes.has(id)));
  // A node keeps any fixed edge attached to it, so such a node stays too.
  for (const e of def.edges) {
    if (isFixedEdge(locks, e) && (goingNodes.has(e.from) || goingNodes.has(e.to))) {
      goingNodes.delete(e.from);
      goingNodes.delete(e.to);
    }
  }
  const fixed = new Set(def.edges.filter((e) => isFixedEdge(locks, e)).map((e) => e.id));
  const goingEdges = new Set(edgeIds.filter((id) => !fixed.has(id)));
  const nodes = def.nodes.filter((n) => !goingNodes.has(n.id));
  const edges = def.edges.filter((e) => !goingEdges.has(e.id) && !goingNodes.has(e.from) && !goingNodes.has(e.to));
  if (nodes.length === def.nodes.length && edges.length === def.edges.length) return def;
  let next: Def = { ...def, nodes, edges };
  if (def.ui?.nodes && goingNodes.size > 0) {
    const positions = { ...def.ui.nodes };
    for (const id of goingNodes) delete positions[id];
    next = { ...next, ui: { ...def.ui, nodes: positions } };
  }
  return next;
}

function connect(def: Def, from: string, port: string, to: string, locks: WorkflowLocks): Def {
  const source = def.nodes.find((n) => n.id === from);
  if (!source || !def.nodes.some((n) => n.id === to) || !hasPort(source, port)) return def;
  // One edge per port: connecting a port again moves its edge.
  const existing = def.edges.find((e) => e.from === from && portOfEdge(e) === port);
  if (existing && (existing.to === to || isFixedEdge(locks, existing))) return def;
  const edge: WorkflowEdge =
    port === DEFAULT_PORT ? { id: '', from, to } : { id: '', from, to, port };
  if (existing) {
    return { ...def, edges: def.edges.map((e) => (e === existing ? { ...edge, id: existing.id } : e)) };
  }
  const id = uniqueId(`e_${from}_${port}`.slice(0, 56), new Set(def.edges.map((e) => e.id)));
  return { ...def, edges: [...def.edges, { ...edge, id }] };
}

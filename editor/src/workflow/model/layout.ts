/**
 * Auto-layout with dagre: ranks top to bottom from `start`, ports of one node laid
 * out left to right in the order the node draws them. Returns top-left positions
 * (React Flow's convention) for every node; the caller writes them to `ui.nodes`
 * through one `nodes.move` edit so a layout is one undo step.
 *
 * @example
 * applyWorkflowEdit(def, { type: 'nodes.move', positions: autoLayout(def) });
 */
import dagre from '@dagrejs/dagre';
import type { WorkflowDefinition } from '@branchline/schemas';
import { applyWorkflowEdit, type XY } from './edits';
import { portOfEdge, portsOf } from './ports';
import { NODE_HEIGHT, NODE_WIDTH } from './geometry';

export { NODE_HEIGHT, NODE_WIDTH };

export interface LayoutOptions {
  /** Measured sizes by node id; the defaults above otherwise. */
  readonly sizes?: ReadonlyMap<string, { readonly width: number; readonly height: number }>;
  readonly rankSep?: number;
  readonly nodeSep?: number;
}

export function autoLayout(def: Pick<WorkflowDefinition, 'nodes' | 'edges' | 'start'>, options: LayoutOptions = {}): Record<string, XY> {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'TB', ranksep: options.rankSep ?? 64, nodesep: options.nodeSep ?? 36, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  const size = (id: string) => options.sizes?.get(id) ?? { width: NODE_WIDTH, height: NODE_HEIGHT };
  // The start node first, so dagre's initial order puts it leftmost of its rank.
  const ordered = [...def.nodes].sort((a, b) => Number(b.id === def.start) - Number(a.id === def.start));
  for (const n of ordered) g.setNode(n.id, { ...size(n.id) });
  const portIndex = new Map<string, Map<string, number>>();
  for (const n of def.nodes) portIndex.set(n.id, new Map(portsOf(n).map((p, i) => [p.id, i])));
  const edges = def.edges
    .filter((e) => g.hasNode(e.from) && g.hasNode(e.to))
    .map((e) => ({ e, rank: portIndex.get(e.from)?.get(portOfEdge(e)) ?? 99 }))
    .sort((a, b) => (a.e.from === b.e.from ? a.rank - b.rank : 0));
  for (const { e } of edges) g.setEdge(e.from, e.to, {}, e.id);
  dagre.layout(g);
  const out: Record<string, XY> = {};
  for (const n of def.nodes) {
    const laid = g.node(n.id);
    const { width, height } = size(n.id);
    out[n.id] = { x: Math.round(laid.x - width / 2), y: Math.round(laid.y - height / 2) };
  }
  return out;
}

/** Positions for the nodes `ui.nodes` does not place, from a layout of the whole graph. */
export function missingPositions(def: WorkflowDefinition): Map<string, XY> | undefined {
  const placed = def.ui?.nodes ?? {};
  if (def.nodes.every((n) => placed[n.id])) return undefined;
  const laid = autoLayout(def);
  return new Map(def.nodes.filter((n) => !placed[n.id]).map((n) => [n.id, laid[n.id]!]));
}

/**
 * `def` with `positions` written into `ui.nodes` (nodes already placed keep their place).
 * @example placeAt(def, missingPositions(def)!) // every node placed
 */
export function placeAt(def: WorkflowDefinition, positions: ReadonlyMap<string, XY>): WorkflowDefinition {
  const placed = def.ui?.nodes ?? {};
  const missing = Object.fromEntries([...positions].filter(([id]) => !placed[id]));
  return applyWorkflowEdit(def, { type: 'nodes.move', positions: missing });
}

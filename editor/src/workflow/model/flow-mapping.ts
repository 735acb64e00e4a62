/**
 * Workflow definition → React Flow nodes and edges, and back for the canvas's own
 * changes. Pure and O(nodes + edges): the canvas of a 300-node workflow maps in
 * well under a millisecond per node, and unchanged nodes keep their object identity
 * so React Flow and the memoized node components skip them.
 *
 * The trigger is drawn as a node of its own (`TRIGGER_ID`) above the start node,
 * with an edge to `start`; positions come from `ui.nodes` only.
 */
import type { Edge, Node } from '@xyflow/react';
import type { LocalizedText, Problem, Trigger, WorkflowDefinition, WorkflowNode } from '@branchline/schemas';
import { isFixedEdge, pointKey, type WorkflowLocks } from './locks';
import { portOfEdge, portsOf, danglingEdges, type Port } from './ports';
import type { ProblemIndex } from './problems';
import type { XY } from './edits';
import { nodeGeometry, triggerGeometry } from './geometry';
import { NODE_VALUE_ROWS, shownValues } from './run-values';

export const TRIGGER_ID = '__trigger';
export const TRIGGER_EDGE_ID = '__trigger_start';
export const TARGET_HANDLE = 'in';
export const TRIGGER_HANDLE = 'start';

/** What a run did at one node, for the lit path. */
export interface NodeVisit {
  /** 1-based order of the first entry. */
  readonly order: number;
  readonly count: number;
  /** The port the node was left by, last time. */
  readonly port?: string;
  /** Values the trace recorded there (inputs, values set, the branch taken …). */
  readonly values?: Readonly<Record<string, unknown>>;
}

/** A run drawn over the canvas: nodes entered, edges taken, where it stands. */
export interface RunOverlay {
  readonly visits: ReadonlyMap<string, NodeVisit>;
  readonly edges: ReadonlySet<string>;
  readonly current?: string;
  readonly failed?: string;
}

export interface StepData extends Record<string, unknown> {
  readonly node: WorkflowNode;
  readonly ports: readonly Port[];
  readonly isStart: boolean;
  readonly lock: LocalizedText | undefined;
  readonly problems: readonly Problem[] | undefined;
  readonly visit: NodeVisit | undefined;
  readonly runState: 'current' | 'failed' | 'visited' | 'skipped' | undefined;
}
export interface TriggerData extends Record<string, unknown> {
  readonly trigger: Trigger;
  readonly lock: LocalizedText | undefined;
  readonly problems: readonly Problem[] | undefined;
  readonly visited: boolean;
}
export type StepFlowNode = Node<StepData, 'step'>;
export type TriggerFlowNode = Node<TriggerData, 'trigger'>;
export type FlowNode = StepFlowNode | TriggerFlowNode;

export interface CanvasDecorations {
  readonly locks: WorkflowLocks;
  readonly problems: ProblemIndex;
  readonly run?: RunOverlay | undefined;
  readonly readOnly?: boolean;
  /** The UI language, for the labels of extension points. */
  readonly lang?: string;
}

/** An extension point's label in `lang` (the other built-in language, then its id, as fallbacks). */
function pointLabel(p: { id: string; label?: LocalizedText }, lang: string | undefined): string {
  const l = p.label;
  const text = l ? (l[lang ?? 'en'] ?? l[lang === 'en' ? 'zh-CN' : 'en'] ?? Object.values(l)[0]) : undefined;
  return text || p.id;
}

/** Where the trigger sits: a row above the start node. */
export function triggerPosition(start: XY | undefined): XY {
  return start ? { x: start.x, y: start.y - 120 } : { x: 0, y: -120 };
}

/**
 * The canvas nodes of `def`. `fallback` supplies positions for nodes that
 * `ui.nodes` does not place (a definition written by hand, a new import).
 */
export function toFlowNodes(def: WorkflowDefinition, deco: CanvasDecorations, fallback?: ReadonlyMap<string, XY>): FlowNode[] {
  const placed = def.ui?.nodes ?? {};
  const run = deco.run;
  const out: FlowNode[] = [];
  let startPos: XY | undefined;
  for (const node of def.nodes) {
    const position = placed[node.id] ?? fallback?.get(node.id) ?? { x: 0, y: 0 };
    if (node.id === def.start) startPos = position;
    const lock = deco.locks.nodes.get(node.id);
    const visit = run?.visits.get(node.id);
    const runState = !run
      ? undefined
      : run.failed === node.id
        ? 'failed'
        : run.current === node.id
          ? 'current'
          : visit
            ? 'visited'
            : 'skipped';
    const fixed = !!lock || !!deco.readOnly;
    const ports = portsOf(node);
    out.push({
      id: node.id,
      type: 'step',
      position,
      ...nodeGeometry(
        ports.map((p) => p.id),
        Math.min(NODE_VALUE_ROWS, shownValues(visit?.values).length),
      ),
      deletable: !fixed,
      draggable: !deco.readOnly && !lock,
      data: { node, ports, isStart: node.id === def.start, lock, problems: deco.problems.byNode.get(node.id), visit, runState },
    });
  }
  out.push({
    id: TRIGGER_ID,
    type: 'trigger',
    position: triggerPosition(startPos),
    ...triggerGeometry(TRIGGER_HANDLE),
    deletable: false,
    draggable: false,
    data: { trigger: def.trigger, lock: deco.locks.trigger, problems: deco.problems.trigger.length ? deco.problems.trigger : undefined, visited: !!run },
  });
  return out;
}

/** The canvas edges of `def`, the trigger's edge to `start` first. */
export function toFlowEdges(def: WorkflowDefinition, deco: CanvasDecorations): Edge[] {
  const dangling = danglingEdges(def);
  const run = deco.run;
  const out: Edge[] = [];
  if (def.nodes.some((n) => n.id === def.start)) {
    out.push({
      id: TRIGGER_EDGE_ID,
      source: TRIGGER_ID,
      sourceHandle: TRIGGER_HANDLE,
      target: def.start,
      targetHandle: TARGET_HANDLE,
      deletable: false,
      className: edgeClass(false, run ? run.edges.has(TRIGGER_EDGE_ID) : undefined, false),
    });
  }
  for (const e of def.edges) {
    const locked = isFixedEdge(deco.locks, e);
    // The edge leaving an extension point's node by its port: where the branch may insert steps.
    const point = deco.locks.extensionPoints.get(pointKey(e.from, portOfEdge(e)));
    const cls = edgeClass(locked, run ? run.edges.has(e.id) : undefined, dangling.has(e.id));
    out.push({
      id: e.id,
      source: e.from,
      sourceHandle: portOfEdge(e),
      target: e.to,
      targetHandle: TARGET_HANDLE,
      deletable: !locked && !deco.readOnly,
      className: point ? `${cls} wf-edge--extension` : cls,
      data: point ? { port: portOfEdge(e), extensionPoint: point.id } : { port: portOfEdge(e) },
      ...(point ? { label: `⊕ ${pointLabel(point, deco.lang)}`, ariaLabel: pointLabel(point, deco.lang), labelBgPadding: [6, 3] as [number, number], labelBgBorderRadius: 4, labelShowBg: true } : {}),
    });
  }
  return out;
}

function edgeClass(locked: boolean, taken: boolean | undefined, dangling: boolean): string {
  let cls = 'wf-edge';
  if (locked) cls += ' wf-edge--locked';
  if (taken === true) cls += ' wf-edge--taken';
  if (taken === false) cls += ' wf-edge--dim';
  if (dangling) cls += ' wf-edge--dangling';
  return cls;
}

function sameData(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  for (const k in a) if (a[k] !== b[k]) return false;
  for (const k in b) if (!(k in a)) return false;
  return true;
}

/** Mark the element with `id` selected and every other one not, touching only those that change. */
export function withSelection<T extends { id: string; selected?: boolean }>(items: readonly T[], id: string | undefined): T[] {
  return items.map((n) => {
    const want = n.id === id;
    return !!n.selected === want ? n : { ...n, selected: want };
  });
}

/**
 * Carry what React Flow measured from the previous render into the freshly mapped
 * nodes, and keep the previous object where nothing differs — so React Flow's
 * equality check skips it and a 300-node canvas re-renders only what changed.
 */
export function reconcileNodes<N extends Node>(prev: readonly N[], next: readonly N[]): N[] {
  const before = new Map(prev.map((n) => [n.id, n]));
  return next.map((n) => {
    const old = before.get(n.id);
    if (!old) return n;
    if (
      old.type === n.type &&
      old.position.x === n.position.x &&
      old.position.y === n.position.y &&
      old.draggable === n.draggable &&
      old.initialHeight === n.initialHeight &&
      old.deletable === n.deletable &&
      !!old.selected === !!n.selected &&
      sameData(old.data, n.data)
    ) {
      return old;
    }
    if (!old.measured) return n;
    // Measured once: React Flow keeps the handles it found in the DOM, not our estimates.
    const { handles: _estimated, ...rest } = n;
    return { ...rest, measured: old.measured } as N;
  });
}

/** Same for edges: keep the old object when nothing the canvas draws has changed. */
export function reconcileEdges(prev: readonly Edge[], next: readonly Edge[]): Edge[] {
  const before = new Map(prev.map((e) => [e.id, e]));
  return next.map((e) => {
    const old = before.get(e.id);
    if (!old) return e;
    const same =
      old.source === e.source &&
      old.target === e.target &&
      old.sourceHandle === e.sourceHandle &&
      old.className === e.className &&
      old.label === e.label &&
      old.deletable === e.deletable &&
      !!old.selected === !!e.selected;
    return same ? old : e;
  });
}

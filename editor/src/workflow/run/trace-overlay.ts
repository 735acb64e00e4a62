/**
 * A run's trace → the path lit on the canvas: nodes entered (in order, with the
 * values seen there), edges taken, where the run stands. The same function draws a
 * dry run and a past run fetched from the server.
 *
 * @example
 * const overlay = overlayFromTrace(definition, run.trace, run);
 * overlay.edges.has('e1'); // the run left `check` by `true` along e1
 */
import type { WorkflowDefinition } from '@branchline/schemas';
import type { RunState, TraceEntry } from '@branchline/runtime';
import { portOfEdge } from '../model/ports';
import { TRIGGER_EDGE_ID, type NodeVisit, type RunOverlay } from '../model/flow-mapping';

export { shownValues } from '../model/run-values';

type RunStatusLike = Pick<RunState, 'status' | 'cursor'>;

export function overlayFromTrace(
  def: Pick<WorkflowDefinition, 'edges' | 'start'>,
  trace: readonly TraceEntry[],
  run?: RunStatusLike,
): RunOverlay {
  const edgeByPort = new Map<string, string>();
  for (const e of def.edges) {
    const k = `${e.from}\u0000${portOfEdge(e)}`;
    if (!edgeByPort.has(k)) edgeByPort.set(k, e.id);
  }
  const visits = new Map<string, NodeVisit>();
  const edges = new Set<string>();
  let order = 0;
  let failed: string | undefined;
  let previous: TraceEntry | undefined;
  for (const entry of trace) {
    const before = visits.get(entry.nodeId);
    // Entries that continue the visit just traced: a wait ending (`resumed`), and the
    // `end`/`error` a node adds after its own entry (a port with no edge, a failure).
    const continues = entry.event === 'resumed' || ((entry.event === 'end' || entry.event === 'error') && previous?.nodeId === entry.nodeId);
    previous = entry;
    const values = { ...(before?.values ?? {}), ...(entry.inputs ?? {}), ...(entry.values ?? {}) };
    const visit: NodeVisit = {
      order: before?.order ?? ++order,
      count: (before?.count ?? 0) + (before && continues ? 0 : 1),
      ...(entry.port !== undefined ? { port: entry.port } : before?.port !== undefined ? { port: before.port } : {}),
      ...(Object.keys(values).length ? { values } : {}),
    };
    visits.set(entry.nodeId, visit);
    if (entry.port !== undefined) {
      const id = edgeByPort.get(`${entry.nodeId}\u0000${entry.port}`);
      if (id) edges.add(id);
    }
    if (entry.event === 'error') failed = entry.nodeId;
  }
  if (trace.length > 0 || run) edges.add(TRIGGER_EDGE_ID);
  const current = run && (run.status === 'waiting' || run.status === 'running') ? run.cursor[0] : undefined;
  return { visits, edges, ...(current ? { current } : {}), ...(failed ? { failed } : {}) };
}

/** A value from a trace, short enough for a node badge: a user or role for an assignee, a time for `…At`. */
export function formatTraceValue(value: unknown, max = 48, key = ''): string {
  let text: string;
  const obj = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' && key.endsWith('At') && value > 1e11) text = new Date(value).toISOString().slice(0, 16).replace('T', ' ');
  else if (obj && typeof obj.userId === 'string') text = obj.userId;
  else if (obj && typeof obj.role === 'string') text = typeof obj.orgId === 'string' ? `${obj.role} @ ${obj.orgId}` : obj.role;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

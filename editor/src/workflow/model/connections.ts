/**
 * Connections as edits, shared by the canvas (a drag between handles) and the
 * keyboard path (the "Connections" section of a node's panel): both turn "this
 * port leads to that step" into the same `WorkflowEdit`, so the edge written, the
 * undo step and HQ's lock guard are the same whichever way a user connects.
 *
 * @example
 * connectEdit('check', 'true', 'task_1'); // { type: 'edge.connect', from: 'check', port: 'true', to: 'task_1' }
 * connectEdit(TRIGGER_ID, 'start', 'check'); // { type: 'start.set', nodeId: 'check' }
 */
import type { ExtensionPoint, LocalizedText, WorkflowDefinition, WorkflowEdge, WorkflowNode } from '@branchline/schemas';
import type { WorkflowEdit } from './edits';
import { isFixedEdge, pointKey, type WorkflowLocks } from './locks';
import { portOfEdge, portsOf, type Port } from './ports';
import { TRIGGER_ID } from './flow-mapping';

/** Whether anything may lead into `target`: every step may, the trigger may not (a node may loop back to itself). */
export function canConnectTo(target: string): boolean {
  return target !== TRIGGER_ID;
}

/** The edit that makes `port` of `source` lead to `target`, or null when no such connection can be drawn. */
export function connectEdit(source: string, port: string | null | undefined, target: string): WorkflowEdit | null {
  if (!canConnectTo(target)) return null;
  if (source === TRIGGER_ID) return { type: 'start.set', nodeId: target };
  return port ? { type: 'edge.connect', from: source, port, to: target } : null;
}

/** The edit that cuts what leaves `source` by `port`, or null when nothing does. */
export function disconnectEdit(def: Pick<WorkflowDefinition, 'edges'>, source: string, port: string): WorkflowEdit | null {
  const edge = def.edges.find((e) => e.from === source && portOfEdge(e) === port);
  return edge ? { type: 'elements.remove', nodeIds: [], edgeIds: [edge.id] } : null;
}

/** One exit of a node as the panel lists it. */
export interface PortConnection {
  readonly port: Port;
  /** The edge leaving by this port, if any. */
  readonly edge: WorkflowEdge | undefined;
  /** HQ's policy when the edge is locked and may not be rewired or cut. */
  readonly fixed: LocalizedText | undefined;
  /** The extension point on this port: HQ locked the edge but lets a branch lead it through its own steps. */
  readonly point: ExtensionPoint | undefined;
}

/** Every exit of `node`, in the order the canvas draws them, with where it leads and what HQ allows. */
export function connectionsOf(def: Pick<WorkflowDefinition, 'edges'>, node: WorkflowNode, locks: WorkflowLocks): PortConnection[] {
  return portsOf(node).map((port) => {
    const edge = def.edges.find((e) => e.from === node.id && portOfEdge(e) === port.id);
    return {
      port,
      edge,
      fixed: edge && isFixedEdge(locks, edge) ? locks.edges.get(edge.id) : undefined,
      point: locks.extensionPoints.get(pointKey(node.id, port.id)),
    };
  });
}

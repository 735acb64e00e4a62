/**
 * What HQ locked in a workflow template, indexed for the canvas: a locked node or
 * edge cannot be removed or changed, a locked trigger or start cannot be changed.
 * Each entry carries HQ's policy text so the designer can say why. A locked edge on
 * an extension point may still lead elsewhere (that is how a branch inserts a step).
 *
 * Built from the runtime's `lockContext`, so a mandatory workflow's implicit locks
 * (every step, connection and the trigger) count too. The server has the final say
 * (`checkLocks` on the derived overlay, which the editor store's guard also runs);
 * this index only keeps the designer from offering what would be refused.
 *
 * @example
 * workflowLocks(customerGrading).nodes.get('follow_s'); // { en: 'HQ made this workflow mandatory: …', … }
 */
import type { ExtensionPoint, LocalizedText, Lock, Template, WorkflowEdge } from '@branchline/schemas';
import { lockContext } from '@branchline/runtime';

export interface WorkflowLocks {
  readonly nodes: ReadonlyMap<string, LocalizedText>;
  readonly edges: ReadonlyMap<string, LocalizedText>;
  readonly trigger: LocalizedText | undefined;
  /** Set when the start node is locked: the run must keep starting there. */
  readonly start: LocalizedText | undefined;
  /** Extension points as `node\u0000port`: the edge leaving there may be rewired or cut. */
  readonly points: ReadonlySet<string>;
  /** The extension points themselves (id, label), by the same key: the canvas marks their edges. */
  readonly extensionPoints: ReadonlyMap<string, ExtensionPoint>;
}

export const NO_LOCKS: WorkflowLocks = { nodes: new Map(), edges: new Map(), trigger: undefined, start: undefined, points: new Set(), extensionPoints: new Map() };

export const pointKey = (node: string, port: string) => `${node}\u0000${port}`;

function isTemplate(source: Template | readonly Lock[]): source is Template {
  return !Array.isArray(source) && (source as Template).kind === 'template';
}

/**
 * Index a template's locks — or, for a bare lock list, just those locks. A template
 * of another kind (a form) locks nothing here.
 */
export function workflowLocks(source: Template | readonly Lock[] | null | undefined): WorkflowLocks {
  if (!source) return NO_LOCKS;
  const nodes = new Map<string, LocalizedText>();
  const edges = new Map<string, LocalizedText>();
  let trigger: LocalizedText | undefined;
  const points = new Set<string>();
  const extensionPoints = new Map<string, ExtensionPoint>();
  let start: string | undefined;
  if (isTemplate(source)) {
    if (source.definition.kind !== 'workflow') return NO_LOCKS;
    start = source.definition.start;
    const ctx = lockContext(source);
    for (const [ref, policy] of ctx.locks) {
      if (ref.startsWith('node:')) nodes.set(ref.slice(5), policy);
      else if (ref.startsWith('edge:')) edges.set(ref.slice(5), policy);
      else if (ref === 'trigger') trigger = policy;
    }
    for (const p of ctx.points) {
      points.add(pointKey(p.node, p.port));
      extensionPoints.set(pointKey(p.node, p.port), p);
    }
  } else {
    for (const lock of source) {
      if (lock.element === 'node') nodes.set(lock.id, lock.policy);
      else if (lock.element === 'edge') edges.set(lock.id, lock.policy);
      else if (lock.element === 'trigger') trigger = lock.policy;
    }
  }
  if (nodes.size === 0 && edges.size === 0 && !trigger && extensionPoints.size === 0) return NO_LOCKS;
  return { nodes, edges, trigger, start: start !== undefined ? nodes.get(start) : undefined, points, extensionPoints };
}

/** A locked edge that may not be cut or rewired: one not on an extension point. */
export function isFixedEdge(locks: WorkflowLocks, e: WorkflowEdge): boolean {
  return locks.edges.has(e.id) && !locks.points.has(pointKey(e.from, e.port ?? 'next'));
}

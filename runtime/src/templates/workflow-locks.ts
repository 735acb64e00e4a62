/**
 * Locks on the shape of a workflow graph: a branch adds steps only on the extension
 * points HQ declared (the edge leaving `node` by `port` may be redirected into
 * branch steps that lead back to HQ's next step); every other exit of a locked
 * step stays as HQ wired it.
 */
import type { LocalizedText, Problem, WorkflowDefinition, WorkflowEdge } from '@branchline/schemas';
import { refId, type ElementRef } from './elements';
import { extensionPointAt, policyOf, type LockContext } from './lock-context';
import { lockProblem, rejoinProblem } from './lock-messages';

/** The port an edge leaves by (`next` when unnamed). */
export const portOf = (e: WorkflowEdge): string => e.port ?? 'next';

/**
 * Refusals for edge `edge` (new, or moved to another exit) leaving a locked step, or
 * doubling a locked connection, where HQ declared no extension point. `origId` is the
 * id the edge had in HQ's version, when it is one of HQ's (possibly renamed).
 */
export function exitProblems(ctx: LockContext, at: string, edge: WorkflowEdge | undefined, origId = edge?.id): Problem[] {
  const orig = ctx.definition as WorkflowDefinition;
  if (!edge) return [];
  const before = orig.edges.find((e) => e.id === origId);
  if (before && before.from === edge.from && portOf(before) === portOf(edge)) return [];
  const port = portOf(edge);
  if (!orig.nodes.some((n) => n.id === edge.from) || extensionPointAt(ctx, edge.from, port)) return [];
  const nodeRef: ElementRef = { element: 'node', id: edge.from };
  const nodePolicy = policyOf(ctx, nodeRef);
  if (nodePolicy) return [lockProblem(orig, `${at}`, nodeRef, { code: 'extension_not_allowed', property: 'edges', detail: port }, nodePolicy)];
  for (const e of orig.edges) {
    const ref: ElementRef = { element: 'edge', id: e.id };
    const policy = policyOf(ctx, ref);
    if (policy && e.id !== edge.id && e.from === edge.from && portOf(e) === port) return [lockProblem(orig, at, ref, { code: 'locked_edge_rewired' }, policy)];
  }
  return [];
}

/**
 * Refusals found in the final graph at each locked extension point: its exit
 * removed, doubled or sent to another HQ step, or branch steps there that end the
 * run or do not lead back to HQ's next step. `touches` maps `node:x` / `edge:y`
 * to the index of the last change that touched it, for pointers.
 */
export function extensionPointProblems(ctx: LockContext, draft: WorkflowDefinition, touches: ReadonlyMap<string, number>): Problem[] {
  const orig = ctx.definition as WorkflowDefinition;
  const out: Problem[] = [];
  const at = (ref: ElementRef) => (touches.has(refId(ref)) ? `/changes/${touches.get(refId(ref))}` : '/changes');
  const origNodes = new Set(orig.nodes.map((n) => n.id));
  for (const point of ctx.points) {
    const origExits = orig.edges.filter((e) => e.from === point.node && portOf(e) === point.port);
    const policy = policyOf(ctx, { element: 'node', id: point.node }) ?? origExits.map((e) => policyOf(ctx, { element: 'edge', id: e.id })).find(Boolean);
    if (!policy) continue;
    const exits = draft.edges.filter((e) => e.from === point.node && portOf(e) === point.port);
    const target = origExits[0]?.to;
    if (exits.length === 0) {
      if (origExits[0]) out.push(lockProblem(orig, at({ element: 'edge', id: origExits[0].id }), { element: 'edge', id: origExits[0].id }, { code: 'locked_edge_removed' }, policy));
      continue;
    }
    if (exits.length > 1) {
      const extra = exits.find((e) => !origExits.some((o) => o.id === e.id)) ?? exits[1]!;
      out.push(lockProblem(orig, at({ element: 'edge', id: extra.id }), { element: 'edge', id: origExits[0]?.id ?? extra.id }, { code: 'locked_edge_rewired' }, policy));
      continue;
    }
    const exit = exits[0]!;
    if (exit.to === target) continue;
    const exitRef: ElementRef = { element: 'edge', id: exit.id };
    if (origNodes.has(exit.to)) {
      out.push(lockProblem(orig, at(exitRef), { element: 'edge', id: origExits[0]?.id ?? exit.id }, { code: 'locked_edge_rewired' }, policy));
      continue;
    }
    out.push(...chainProblems(draft, origNodes, exit, target, point, policy, at));
  }
  return out;
}

/** Walk the branch steps from an extension point's exit: they must all lead back to `target` (HQ's next step). */
function chainProblems(
  draft: WorkflowDefinition,
  origNodes: ReadonlySet<string>,
  exit: WorkflowEdge,
  target: string | undefined,
  point: { id: string; node: string; port: string },
  policy: LocalizedText,
  at: (ref: ElementRef) => string,
): Problem[] {
  const out: Problem[] = [];
  const seen = new Set<string>([exit.to]);
  const queue = [exit.to];
  let rejoined = false;
  while (queue.length > 0) {
    const id = queue.shift()!;
    const node = draft.nodes.find((n) => n.id === id);
    if (!node) continue;
    if (node.kind === 'end' && target !== undefined) out.push(rejoinProblem(at({ element: 'node', id }), point, target, { element: 'node', id }, policy));
    for (const e of draft.edges.filter((x) => x.from === id)) {
      if (origNodes.has(e.to)) {
        if (e.to === target) rejoined = true;
        else out.push(rejoinProblem(at({ element: 'edge', id: e.id }), point, target, { element: 'edge', id: e.id }, policy));
      } else if (!seen.has(e.to)) {
        seen.add(e.to);
        queue.push(e.to);
      }
    }
  }
  if (target !== undefined && !rejoined && out.length === 0) out.push(rejoinProblem(at({ element: 'edge', id: exit.id }), point, target, { element: 'edge', id: exit.id }, policy));
  return out;
}

/**
 * Where on the canvas a validator problem belongs: its JSON pointer names a node
 * (`/nodes/3/expression`), an edge (`/edges/2/to`), the trigger or the start.
 *
 * @example
 * problemTarget(def, '/nodes/1/cases/0/when'); // { kind: 'node', id: 'route' }
 */
import type { Problem, WorkflowDefinition } from '@branchline/schemas';

export type ProblemTarget =
  | { readonly kind: 'node'; readonly id: string }
  | { readonly kind: 'edge'; readonly id: string; readonly from: string }
  | { readonly kind: 'trigger' }
  | { readonly kind: 'workflow' };

function unescape(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The element a pointer into `def` lands on. Template pointers (`/definition/…`) are accepted too. */
export function problemTarget(def: Pick<WorkflowDefinition, 'nodes' | 'edges'>, pointer: string): ProblemTarget {
  const tokens = pointer.split('/').slice(1).map(unescape);
  if (tokens[0] === 'definition') tokens.shift();
  const [head, index] = tokens;
  if (head === 'nodes' && index !== undefined) {
    const node = def.nodes[Number(index)];
    if (node) return { kind: 'node', id: node.id };
  }
  if (head === 'edges' && index !== undefined) {
    const edge = def.edges[Number(index)];
    if (edge) return { kind: 'edge', id: edge.id, from: edge.from };
  }
  if (head === 'trigger' || head === 'start') return { kind: 'trigger' };
  return { kind: 'workflow' };
}

export interface ProblemIndex {
  /** Problems per node id; an edge's problems count on the node it leaves. */
  readonly byNode: ReadonlyMap<string, readonly Problem[]>;
  readonly trigger: readonly Problem[];
  readonly rest: readonly Problem[];
  /** Every problem with where it points, in the validator's order. */
  readonly all: readonly { readonly problem: Problem; readonly target: ProblemTarget }[];
}

export function indexProblems(def: Pick<WorkflowDefinition, 'nodes' | 'edges'>, problems: readonly Problem[]): ProblemIndex {
  const byNode = new Map<string, Problem[]>();
  const trigger: Problem[] = [];
  const rest: Problem[] = [];
  const all = problems.map((problem) => {
    const target = problemTarget(def, problem.pointer);
    const nodeId = target.kind === 'node' ? target.id : target.kind === 'edge' ? target.from : undefined;
    if (nodeId !== undefined) {
      const list = byNode.get(nodeId);
      if (list) list.push(problem);
      else byNode.set(nodeId, [problem]);
    } else if (target.kind === 'trigger') trigger.push(problem);
    else rest.push(problem);
    return { problem, target };
  });
  return { byNode, trigger, rest, all };
}

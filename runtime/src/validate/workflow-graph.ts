/**
 * Graph checks of a workflow: every node reachable from `start`, and no loop that
 * can spin without waiting. Pure functions over ids; edges with unknown ends are
 * skipped here (the structure check reports them).
 */
import { pointer, problem, type Problem, type WorkflowDefinition } from '@branchline/schemas';
import { isWaitingNode } from '../workflow/ports';

type Adjacency = Map<string, { to: string; edge: number }[]>;

function adjacency(def: WorkflowDefinition, keep: (id: string) => boolean): Adjacency {
  const adj: Adjacency = new Map();
  for (const n of def.nodes) if (keep(n.id)) adj.set(n.id, []);
  def.edges.forEach((e, edge) => {
    if (adj.has(e.from) && adj.has(e.to)) adj.get(e.from)!.push({ to: e.to, edge });
  });
  return adj;
}

/** Nodes no path from `start` reaches. */
export function unreachableProblems(def: WorkflowDefinition): Problem[] {
  const adj = adjacency(def, () => true);
  if (!adj.has(def.start)) return [];
  const seen = new Set([def.start]);
  const queue = [def.start];
  while (queue.length > 0) {
    for (const { to } of adj.get(queue.pop()!)!) if (!seen.has(to)) (seen.add(to), queue.push(to));
  }
  const out: Problem[] = [];
  const reported = new Set<string>();
  def.nodes.forEach((n, i) => {
    if (seen.has(n.id) || reported.has(n.id)) return;
    reported.add(n.id);
    out.push(problem(pointer('nodes', i), 'unreachable_node', `Step "${n.id}" can never run: no path leads to it from the start step "${def.start}". Connect it or delete it.`, `步骤"${n.id}"永远不会执行：从开始步骤"${def.start}"没有路径到达它。请连接它或删除它。`, { nodeId: n.id }));
  });
  return out;
}

/**
 * Loops that pass no wait, task (waiting) or approval step would spin forever in one
 * transition. Such a loop exists exactly when the graph without the waiting steps
 * has a cycle, found here as strongly connected components (Tarjan, iterative).
 */
export function busyLoopProblems(def: WorkflowDefinition): Problem[] {
  const waiting = new Set(def.nodes.filter(isWaitingNode).map((n) => n.id));
  const adj = adjacency(def, (id) => !waiting.has(id));
  const out: Problem[] = [];
  for (const component of stronglyConnected(adj)) {
    const members = new Set(component);
    const inside = component.flatMap((id) => adj.get(id)!.filter((e) => members.has(e.to)));
    if (inside.length === 0) continue; // a single node without a self-loop
    const first = Math.min(...inside.map((e) => e.edge));
    const names = component.map((id) => `"${id}"`).join(', ');
    out.push(problem(pointer('edges', first), 'cycle_without_wait', `The steps ${names} form a loop with no wait, task or approval step in it, so a run would loop forever. Add a wait step to the loop or break it.`, `步骤 ${names} 构成一个不含等待、任务或审批步骤的循环，流程会无限循环。请在循环中加入等待步骤或断开循环。`, { nodes: component }));
  }
  return out;
}

function stronglyConnected(adj: Adjacency): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[][] = [];
  let counter = 0;
  for (const root of adj.keys()) {
    if (index.has(root)) continue;
    const work: { id: string; next: number }[] = [{ id: root, next: 0 }];
    index.set(root, counter), low.set(root, counter++), stack.push(root), onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const edges = adj.get(frame.id)!;
      if (frame.next < edges.length) {
        const to = edges[frame.next++]!.to;
        if (!index.has(to)) {
          index.set(to, counter), low.set(to, counter++), stack.push(to), onStack.add(to);
          work.push({ id: to, next: 0 });
        } else if (onStack.has(to)) low.set(frame.id, Math.min(low.get(frame.id)!, index.get(to)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let id: string;
        do {
          id = stack.pop()!;
          onStack.delete(id);
          component.push(id);
        } while (id !== frame.id);
        result.push(component.reverse());
      }
    }
  }
  return result;
}

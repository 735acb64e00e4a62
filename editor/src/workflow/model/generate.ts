/**
 * A large, valid workflow for performance checks: repeated blocks of a condition
 * whose `true` branch creates a task with an SLA and whose `false` branch sets a
 * variable, both joining the next block; an end node closes it. Positions are laid
 * out as a designer would have saved them.
 *
 * @example
 * const def = generateWorkflow(300); // 300 nodes, 399 edges, every node placed
 */
import type { WorkflowDefinition, WorkflowEdge, WorkflowNode } from '@branchline/schemas';

export function generateWorkflow(nodeCount: number, key = `generated-${nodeCount}`): WorkflowDefinition {
  const nodes: WorkflowNode[] = [];
  const edges: WorkflowEdge[] = [];
  const positions: Record<string, { x: number; y: number }> = {};
  const blocks = Math.max(0, Math.floor((nodeCount - 1) / 3));
  let previous: { id: string; port?: string }[] = [];
  const join = (to: string) => {
    for (const p of previous) edges.push({ id: `e${edges.length + 1}`, from: p.id, to, ...(p.port ? { port: p.port } : {}) });
  };
  for (let b = 0; b < blocks; b++) {
    const c = `check_${b}`;
    const t = `task_${b}`;
    const s = `mark_${b}`;
    const y = b * 260;
    nodes.push({ id: c, kind: 'condition', expression: `record.arr > ${(b + 1) * 1000}` });
    nodes.push({ id: t, kind: 'task', name: { 'zh-CN': `跟进 ${b + 1}`, en: `Follow-up ${b + 1}` }, assignee: { strategy: 'owner' }, sla: { within: 'PT4H' } });
    nodes.push({ id: s, kind: 'set', assignments: [{ target: 'vars', key: 'step', expression: String(b) }] });
    positions[c] = { x: 250, y };
    positions[t] = { x: 0, y: y + 130 };
    positions[s] = { x: 500, y: y + 130 };
    join(c);
    edges.push({ id: `e${edges.length + 1}`, from: c, to: t, port: 'true' });
    edges.push({ id: `e${edges.length + 1}`, from: c, to: s, port: 'false' });
    previous = [{ id: t, port: 'done' }, { id: s }];
  }
  const extra = nodeCount - 1 - blocks * 3;
  for (let i = 0; i < extra; i++) {
    const id = `pad_${i}`;
    nodes.push({ id, kind: 'set', assignments: [{ target: 'vars', key: 'pad', expression: String(i) }] });
    positions[id] = { x: 250, y: blocks * 260 + i * 130 };
    join(id);
    previous = [{ id }];
  }
  nodes.push({ id: 'done', kind: 'end', outcome: 'done' });
  positions.done = { x: 250, y: blocks * 260 + extra * 130 };
  join('done');
  return {
    schemaVersion: 1,
    kind: 'workflow',
    key,
    title: { 'zh-CN': `大型流程（${nodeCount} 个节点）`, en: `Large workflow (${nodeCount} nodes)` },
    trigger: { type: 'manual' },
    start: nodes[0]!.id,
    nodes,
    edges,
    ui: { nodes: positions },
  };
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateShape, type WorkflowDefinition } from '@branchline/schemas';
import { applyWorkflowEdit } from './edits';
import { workflowLocks } from './locks';
import { newNode } from './node-factory';
import { NODE_KINDS } from '@branchline/schemas';

const fixture = (): WorkflowDefinition =>
  JSON.parse(readFileSync(join(__dirname, '../../../../tests/fixtures/definitions/valid/all-node-kinds.workflow.json'), 'utf8'));

describe('applyWorkflowEdit', () => {
  it('adds a node of every kind and the result still has a valid shape', () => {
    let def = fixture();
    for (const kind of NODE_KINDS) {
      const node = newNode(kind, new Set(def.nodes.map((n) => n.id)));
      def = applyWorkflowEdit(def, { type: 'node.add', node, position: { x: 10.4, y: 20.6 } });
      expect(def.ui?.nodes?.[node.id]).toEqual({ x: 10, y: 21 });
    }
    expect(def.nodes).toHaveLength(12 + NODE_KINDS.length);
    expect(validateShape('workflow', def)).toEqual([]);
  });

  it('never mutates its input and returns the same object when nothing changes', () => {
    const def = fixture();
    const frozen = JSON.stringify(def);
    const moved = applyWorkflowEdit(def, { type: 'nodes.move', positions: { big: { x: 5, y: 5 } } });
    expect(JSON.stringify(def)).toBe(frozen);
    expect(moved.ui?.nodes?.big).toEqual({ x: 5, y: 5 });
    expect(applyWorkflowEdit(moved, { type: 'nodes.move', positions: { big: { x: 5, y: 5 } } })).toBe(moved);
    expect(applyWorkflowEdit(def, { type: 'nodes.move', positions: { nope: { x: 1, y: 1 } } })).toBe(def);
  });

  it('connects one edge per port, moving an existing edge rather than adding a second', () => {
    const def = fixture();
    const moved = applyWorkflowEdit(def, { type: 'edge.connect', from: 'big', port: 'false', to: 'tell' });
    expect(moved.edges.filter((e) => e.from === 'big' && e.port === 'false')).toEqual([{ id: 'e2', from: 'big', to: 'tell', port: 'false' }]);
    expect(moved.edges).toHaveLength(def.edges.length);
    const added = applyWorkflowEdit(
      applyWorkflowEdit(def, { type: 'node.add', node: newNode('end', new Set(['done'])), position: { x: 0, y: 0 } }),
      { type: 'edge.connect', from: 'end_1', port: 'next', to: 'done' },
    );
    expect(added.edges).toHaveLength(def.edges.length); // end has no ports
    const fromSet = applyWorkflowEdit(def, { type: 'elements.remove', nodeIds: [], edgeIds: ['e6'] });
    const reconnected = applyWorkflowEdit(fromSet, { type: 'edge.connect', from: 'mark', port: 'next', to: 'follow' });
    expect(reconnected.edges.at(-1)).toEqual({ id: 'e_mark_next', from: 'mark', to: 'follow' });
  });

  it('refuses ports a node does not have', () => {
    const def = fixture();
    expect(applyWorkflowEdit(def, { type: 'edge.connect', from: 'big', port: 'maybe', to: 'done' })).toBe(def);
    expect(applyWorkflowEdit(def, { type: 'edge.connect', from: 'big', port: 'true', to: 'ghost' })).toBe(def);
  });

  it('removes a node with its edges and its position', () => {
    const def = fixture();
    const next = applyWorkflowEdit(def, { type: 'elements.remove', nodeIds: ['done'], edgeIds: [] });
    expect(next.nodes.some((n) => n.id === 'done')).toBe(false);
    expect(next.edges.some((e) => e.to === 'done' || e.from === 'done')).toBe(false);
    expect(next.ui?.nodes).toEqual({ big: { x: 0, y: 0 } });
  });

  it('keeps locked nodes and edges, and a node a locked edge is attached to', () => {
    const def = fixture();
    const policy = { 'zh-CN': '总部锁定', en: 'HQ locked' };
    const locks = workflowLocks([
      { element: 'node', id: 'approve', policy },
      { element: 'edge', id: 'e17', policy },
      { element: 'trigger', policy },
    ]);
    const next = applyWorkflowEdit(def, { type: 'elements.remove', nodeIds: ['approve', 'follow', 'pause'], edgeIds: ['e17', 'e1'] }, locks);
    expect(next.nodes.map((n) => n.id)).toContain('approve');
    expect(next.nodes.map((n) => n.id)).toContain('follow');
    expect(next.nodes.map((n) => n.id)).not.toContain('pause');
    expect(next.edges.map((e) => e.id)).toContain('e17');
    expect(next.edges.map((e) => e.id)).not.toContain('e1');
    const approve = def.nodes.find((n) => n.id === 'approve');
    if (approve?.kind !== 'approval') throw new Error('fixture changed');
    expect(applyWorkflowEdit(def, { type: 'node.update', node: { ...approve, timeout: 'PT1H' } }, locks)).toBe(def);
    expect(applyWorkflowEdit(def, { type: 'trigger.set', trigger: { type: 'manual' } }, locks)).toBe(def);
    expect(applyWorkflowEdit(def, { type: 'edge.connect', from: 'follow', port: 'done', to: 'tell' }, locks)).toBe(def);
  });

  it('drops the edges of ports a node update removes, in the same edit', () => {
    const def = fixture();
    const route = def.nodes.find((n) => n.id === 'route');
    if (route?.kind !== 'switch') throw new Error('fixture changed');
    const next = applyWorkflowEdit(def, { type: 'node.update', node: { ...route, cases: route.cases.slice(0, 1) } });
    expect(next.edges.map((e) => e.id)).not.toContain('e4');
    expect(next.edges).toHaveLength(def.edges.length - 1);
    const follow = def.nodes.find((n) => n.id === 'follow');
    if (follow?.kind !== 'task') throw new Error('fixture changed');
    const { sla: _sla, ...noSla } = follow;
    const cleared = applyWorkflowEdit(def, { type: 'node.update', node: noSla });
    expect(cleared.edges.map((e) => e.id)).not.toContain('e18');
  });

  it('sets the start node and the trigger', () => {
    const def = fixture();
    expect(applyWorkflowEdit(def, { type: 'start.set', nodeId: 'route' }).start).toBe('route');
    expect(applyWorkflowEdit(def, { type: 'start.set', nodeId: 'ghost' })).toBe(def);
    expect(applyWorkflowEdit(def, { type: 'trigger.set', trigger: { type: 'manual' } }).trigger).toEqual({ type: 'manual' });
  });
});

describe('locks of a mandatory HQ workflow (customer-grading)', () => {
  it('locks every step, connection, the trigger and the start, and lets a branch insert a step only at an extension point', async () => {
    const { CUSTOMER_GRADING } = await import('@branchline/templates');
    const { checkLocks, deriveOverlay } = await import('@branchline/runtime');
    const template = CUSTOMER_GRADING;
    if (template.definition.kind !== 'workflow') throw new Error('customer-grading is a workflow');
    const def = template.definition;
    const locks = workflowLocks(template);
    expect([...locks.nodes.keys()].sort()).toEqual(def.nodes.map((n) => n.id).sort());
    expect(locks.trigger).toBeDefined();
    expect(locks.start).toBeDefined();

    expect(applyWorkflowEdit(def, { type: 'elements.remove', nodeIds: ['follow_s'], edgeIds: ['e_s'] }, locks)).toBe(def);
    expect(applyWorkflowEdit(def, { type: 'start.set', nodeId: 'follow_a' }, locks)).toBe(def);
    const follow = def.nodes.find((n) => n.id === 'follow_s')!;
    expect(applyWorkflowEdit(def, { type: 'node.update', node: { ...follow, title: { en: 'x' } } }, locks)).toBe(def);

    // A satisfaction call after the follow-up: the extension point's edge is rewired to it.
    const call = newNode('task', new Set(def.nodes.map((n) => n.id)));
    let next = applyWorkflowEdit(def, { type: 'node.add', node: call, position: { x: 0, y: 0 } }, locks);
    expect(applyWorkflowEdit(next, { type: 'edge.connect', from: 'follow_s', port: 'done', to: call.id }, locks)).toBe(next);
    next = applyWorkflowEdit(next, { type: 'edge.connect', from: 'followed_up', port: 'next', to: call.id }, locks);
    next = applyWorkflowEdit(next, { type: 'edge.connect', from: call.id, port: 'done', to: 'done' }, locks);
    expect(next.edges.find((e) => e.id === 'e_followed_up')).toMatchObject({ from: 'followed_up', to: call.id });
    expect(checkLocks(template, deriveOverlay(template, next))).toEqual([]);
    // Removing the new step is the branch's own business; the locked steps stay.
    const removed = applyWorkflowEdit(next, { type: 'elements.remove', nodeIds: [call.id, 'followed_up'], edgeIds: [] }, locks);
    expect(removed.nodes.map((n) => n.id)).not.toContain(call.id);
    expect(removed.nodes.map((n) => n.id)).toContain('followed_up');
  });
});

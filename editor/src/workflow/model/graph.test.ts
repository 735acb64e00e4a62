import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Template, WorkflowDefinition } from '@branchline/schemas';
import { danglingEdges, portsOf } from './ports';
import { autoLayout, missingPositions, NODE_HEIGHT, NODE_WIDTH } from './layout';
import { reconcileEdges, reconcileNodes, withSelection, toFlowEdges, toFlowNodes, TRIGGER_EDGE_ID, TRIGGER_ID, type CanvasDecorations, type StepFlowNode } from './flow-mapping';
import { indexProblems, problemTarget } from './problems';
import { NO_LOCKS, workflowLocks } from './locks';
import { applyWorkflowEdit } from './edits';
import { fromIsoDuration, isoDurationMs, toIsoDuration } from './duration';

const fixture = (): WorkflowDefinition =>
  JSON.parse(readFileSync(join(__dirname, '../../../../tests/fixtures/definitions/valid/all-node-kinds.workflow.json'), 'utf8'));
const plain: CanvasDecorations = { locks: NO_LOCKS, problems: indexProblems({ nodes: [], edges: [] }, []) };

describe('ports', () => {
  it('names the exits of every kind as the schema documents', () => {
    const def = fixture();
    const ports = Object.fromEntries(def.nodes.map((n) => [n.id, portsOf(n).map((p) => p.id)]));
    expect(ports).toEqual({
      big: ['true', 'false'],
      route: ['partner', 'crm', 'default'],
      mark: ['next'],
      score: ['next'],
      ab: ['new_flow', 'control'],
      approve: ['approved', 'rejected', 'timeout'],
      follow: ['done', 'overdue'],
      tell: ['next'],
      pause: ['next'],
      usage: ['next', 'timeout'],
      hook: ['next'],
      done: [],
    });
    expect(danglingEdges(def).size).toBe(0);
    const noTimeout = def.nodes.map((n) => (n.id === 'usage' && n.kind === 'wait' ? { ...n, timeout: undefined } : n));
    expect([...danglingEdges({ nodes: noTimeout, edges: def.edges })]).toEqual(['e15']);
  });
});

describe('definition → React Flow', () => {
  it('draws every node, the trigger above start, and one edge per definition edge plus the trigger edge', () => {
    const def = fixture();
    const nodes = toFlowNodes(def, plain, missingPositions(def));
    const edges = toFlowEdges(def, plain);
    expect(nodes).toHaveLength(def.nodes.length + 1);
    const trigger = nodes.find((n) => n.id === TRIGGER_ID)!;
    expect(trigger.position).toEqual({ x: 0, y: -120 });
    expect(nodes.find((n) => n.id === 'done')!.position).toEqual({ x: 400, y: 600 });
    expect(edges[0]).toMatchObject({ id: TRIGGER_EDGE_ID, source: TRIGGER_ID, target: 'big' });
    expect(edges.find((e) => e.id === 'e7')).toMatchObject({ source: 'approve', sourceHandle: 'approved', target: 'follow', targetHandle: 'in' });
    expect(edges.find((e) => e.id === 'e6')).toMatchObject({ sourceHandle: 'next' });
    expect(edges).toHaveLength(def.edges.length + 1);
  });

  it('marks locked nodes fixed, and puts problems and the run on the right nodes and edges', () => {
    const def = fixture();
    const locks = workflowLocks([{ element: 'node', id: 'follow', policy: { en: 'HQ SLA', 'zh-CN': '总部时限' } }, { element: 'edge', id: 'e17', policy: { en: 'x' } }]);
    const problem = { pointer: '/edges/6/port', code: 'x', message: { en: 'bad', 'zh-CN': '坏' } };
    const deco: CanvasDecorations = {
      locks,
      problems: indexProblems(def, [problem]),
      run: { visits: new Map([['big', { order: 1, count: 1, port: 'true' }]]), edges: new Set([TRIGGER_EDGE_ID, 'e1']), current: 'route' },
    };
    const nodes = toFlowNodes(def, deco) as StepFlowNode[];
    const follow = nodes.find((n) => n.id === 'follow')!;
    expect(follow).toMatchObject({ draggable: false, deletable: false });
    expect(follow.data.lock).toEqual({ en: 'HQ SLA', 'zh-CN': '总部时限' });
    expect(nodes.find((n) => n.id === 'approve')!.data.problems).toEqual([problem]);
    expect(nodes.find((n) => n.id === 'big')!.data.runState).toBe('visited');
    expect(nodes.find((n) => n.id === 'route')!.data.runState).toBe('current');
    expect(nodes.find((n) => n.id === 'hook')!.data.runState).toBe('skipped');
    const edges = toFlowEdges(def, deco);
    expect(edges.find((e) => e.id === 'e1')!.className).toContain('wf-edge--taken');
    expect(edges.find((e) => e.id === 'e2')!.className).toContain('wf-edge--dim');
    expect(edges.find((e) => e.id === 'e17')).toMatchObject({ deletable: false });
  });

  it("marks the edge leaving an extension point's step by its port, with HQ's label in the UI language", () => {
    const def = fixture();
    const template = (mandatory: boolean): Template => ({
      schemaVersion: 1,
      kind: 'template',
      key: def.key,
      version: 1,
      title: def.title,
      definition: def,
      locks: [],
      mandatory,
      extensions: { points: [{ id: 'after_approval', node: 'approve', port: 'approved', label: { en: 'After the approval', 'zh-CN': '审批通过之后' } }] },
    });
    // An opt-in template with no locks still shows where branches may add steps.
    const optIn = { ...plain, locks: workflowLocks(template(false)), lang: 'en' };
    const edges = toFlowEdges(def, optIn);
    const marked = edges.filter((e) => e.className?.includes('wf-edge--extension'));
    expect(marked.map((e) => [e.id, e.source, e.sourceHandle, e.label, e.data?.extensionPoint])).toEqual([['e7', 'approve', 'approved', '⊕ After the approval', 'after_approval']]);
    expect(marked[0]!.deletable).toBe(true);
    const zh = toFlowEdges(def, { ...optIn, lang: 'zh-CN' });
    expect(zh.find((e) => e.id === 'e7')!.label).toBe('⊕ 审批通过之后');
    // Switching the language redraws the label (the edge is not kept as it was).
    expect(reconcileEdges(edges, zh).find((e) => e.id === 'e7')).not.toBe(edges.find((e) => e.id === 'e7'));
    // In a mandatory workflow every connection is locked, but the one at the extension point may still be rewired.
    const mandatory = toFlowEdges(def, { ...plain, locks: workflowLocks(template(true)) }).find((e) => e.id === 'e7')!;
    expect(mandatory).toMatchObject({ deletable: true, label: '⊕ After the approval' });
    expect(mandatory.className).toContain('wf-edge--extension');
    // After a branch routes the point through its own step, the edge leaving there is still the marked one.
    const rerouted = applyWorkflowEdit(def, { type: 'edge.connect', from: 'approve', port: 'approved', to: 'tell' });
    expect(toFlowEdges(rerouted, optIn).filter((e) => e.data?.extensionPoint).map((e) => [e.source, e.target])).toEqual([['approve', 'tell']]);
  });

  it('keeps unchanged nodes and edges as the same objects across an edit', () => {
    const def = fixture();
    const first = toFlowNodes(def, plain, missingPositions(def)).map((n) => ({ ...n, measured: { width: 200, height: 70 } }));
    const moved = applyWorkflowEdit(def, { type: 'nodes.move', positions: { hook: { x: 1, y: 2 } } });
    const second = reconcileNodes(first, toFlowNodes(moved, plain, missingPositions(moved)));
    const changed = second.filter((n, i) => n !== first[i]).map((n) => n.id);
    expect(changed).toEqual(['hook']);
    expect(second.find((n) => n.id === 'hook')!.measured).toEqual({ width: 200, height: 70 });
    const selected = reconcileNodes(second, withSelection(second, 'big'));
    expect(selected.filter((n, i) => n !== second[i]).map((n) => n.id)).toEqual(['big']);
    expect(selected.find((n) => n.id === 'big')).toMatchObject({ selected: true, measured: { width: 200, height: 70 } });
    const e1 = toFlowEdges(def, plain);
    const e2 = reconcileEdges(e1, toFlowEdges(applyWorkflowEdit(def, { type: 'edge.connect', from: 'big', port: 'false', to: 'tell' }), plain));
    expect(e2.filter((e, i) => e !== e1[i]).map((e) => e.id)).toEqual(['e2']);
  });
});

describe('problems', () => {
  it('points problems at nodes, edges, the trigger and the workflow', () => {
    const def = fixture();
    expect(problemTarget(def, '/nodes/1/cases/0/when')).toEqual({ kind: 'node', id: 'route' });
    expect(problemTarget(def, '/definition/nodes/0')).toEqual({ kind: 'node', id: 'big' });
    expect(problemTarget(def, '/edges/2/to')).toEqual({ kind: 'edge', id: 'e3', from: 'route' });
    expect(problemTarget(def, '/trigger/form')).toEqual({ kind: 'trigger' });
    expect(problemTarget(def, '/start')).toEqual({ kind: 'trigger' });
    expect(problemTarget(def, '/title')).toEqual({ kind: 'workflow' });
    expect(problemTarget(def, '/nodes/99')).toEqual({ kind: 'workflow' });
  });
});

describe('auto-layout', () => {
  it('ranks nodes top to bottom along the edges without overlaps', () => {
    const def = fixture();
    const pos = autoLayout(def);
    expect(Object.keys(pos).sort()).toEqual(def.nodes.map((n) => n.id).sort());
    for (const e of def.edges) {
      if (e.to === 'tell' || e.from === 'tell') continue; // tell is reached from two ranks
      expect(pos[e.to]!.y, `${e.from} → ${e.to}`).toBeGreaterThan(pos[e.from]!.y);
    }
    const boxes = Object.values(pos);
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        const overlap = Math.abs(a.x - b.x) < NODE_WIDTH && Math.abs(a.y - b.y) < NODE_HEIGHT;
        expect(overlap).toBe(false);
      }
  });

  it("lays a condition's true branch left of its false branch", () => {
    const def = fixture();
    const small = {
      start: 'big',
      nodes: def.nodes.filter((n) => ['big', 'mark', 'tell'].includes(n.id)),
      edges: [
        { id: 'f', from: 'big', to: 'tell', port: 'false' },
        { id: 't', from: 'big', to: 'mark', port: 'true' },
      ],
    };
    const pos = autoLayout(small);
    expect(pos.mark!.x).toBeLessThan(pos.tell!.x);
    expect(pos.mark!.y).toBe(pos.tell!.y);
  });

  it('places only the nodes ui.nodes leaves out', () => {
    const def = fixture();
    const missing = missingPositions(def)!;
    expect(missing.has('big')).toBe(false);
    expect(missing.size).toBe(def.nodes.length - 2);
    const all = applyWorkflowEdit(def, { type: 'nodes.move', positions: autoLayout(def) });
    expect(missingPositions(all)).toBeUndefined();
  });
});

describe('durations', () => {
  it('maps friendly durations to ISO 8601 and back', () => {
    expect(toIsoDuration({ amount: 4, unit: 'h' })).toBe('PT4H');
    expect(toIsoDuration({ amount: 30, unit: 'min' })).toBe('PT30M');
    expect(toIsoDuration({ amount: 2, unit: 'd' })).toBe('P2D');
    expect(toIsoDuration({ amount: 0, unit: 'h' })).toBeUndefined();
    expect(toIsoDuration({ amount: 1.5, unit: 'h' })).toBeUndefined();
    expect(fromIsoDuration('P1D')).toEqual({ amount: 1, unit: 'd' });
    expect(fromIsoDuration('PT24H')).toEqual({ amount: 1, unit: 'd' });
    expect(fromIsoDuration('P1DT12H')).toEqual({ amount: 36, unit: 'h' });
    expect(fromIsoDuration('PT90M')).toEqual({ amount: 90, unit: 'min' });
    expect(fromIsoDuration('4h')).toBeUndefined();
    expect(isoDurationMs('PT1H30M')).toBe(5_400_000);
    for (const unit of ['min', 'h', 'd'] as const)
      for (const amount of [1, 4, 24, 59, 61]) expect(isoDurationMs(toIsoDuration({ amount, unit })!)).toBe(amount * { min: 60_000, h: 3_600_000, d: 86_400_000 }[unit]);
  });
});

describe('generated large workflow', () => {
  it('is valid, placed, and maps to one canvas node per step plus the trigger', async () => {
    const { generateWorkflow } = await import('./generate');
    const { validateShape } = await import('@branchline/schemas');
    const { validateWorkflowSemantics } = await import('@branchline/runtime');
    const def = generateWorkflow(300);
    expect(def.nodes).toHaveLength(300);
    expect(validateShape('workflow', def)).toEqual([]);
    expect(validateWorkflowSemantics(def)).toEqual([]);
    expect(missingPositions(def)).toBeUndefined();
    expect(toFlowNodes(def, plain)).toHaveLength(301);
    expect(toFlowEdges(def, plain)).toHaveLength(def.edges.length + 1);
  });
});

describe('geometry before measurement', () => {
  it('places handles where the node draws them and opens large workflows at a readable zoom', async () => {
    const { nodeGeometry, openingViewport, READABLE_ZOOM } = await import('./geometry');
    const g = nodeGeometry(['true', 'false'], 0);
    expect(g).toMatchObject({ initialWidth: 220, initialHeight: 95 });
    // centres measured in Chromium: in (110, 0), true (59, 94), false (161, 94)
    expect(g.handles.map((h) => [h.id, h.x + h.width! / 2, h.y + h.height! / 2])).toEqual([
      ['in', 110, 0],
      ['true', 59, 94],
      ['false', 161, 94],
    ]);
    expect(nodeGeometry([], 0).initialHeight).toBe(67);
    expect(nodeGeometry(['next'], 2).initialHeight).toBe(95 + 42);

    const def = fixture();
    const small = toFlowNodes(def, plain, missingPositions(def));
    const fit = openingViewport(small, small.find((n) => n.id === TRIGGER_ID), 1200, 800);
    expect(fit.zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
    const { generateWorkflow } = await import('./generate');
    const big = toFlowNodes(generateWorkflow(300), plain);
    const trigger = big.find((n) => n.id === TRIGGER_ID)!;
    const top = openingViewport(big, trigger, 1200, 800);
    expect(top.zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
    expect(top.x + (trigger.position.x + 110) * top.zoom).toBeCloseTo(600);
    expect(top.y + trigger.position.y * top.zoom).toBeCloseTo(32);
  });

  it('drops the estimated handles once React Flow has measured a node', () => {
    const def = fixture();
    const first = toFlowNodes(def, plain, missingPositions(def));
    expect(first.every((n) => n.handles && n.handles.length > 0)).toBe(true);
    const measured = first.map((n) => (n.id === 'big' ? { ...n, measured: { width: 220, height: 95 } } : n));
    const moved = applyWorkflowEdit(def, { type: 'nodes.move', positions: { big: { x: 9, y: 9 } } });
    const next = reconcileNodes(measured, toFlowNodes(moved, plain, missingPositions(moved)));
    expect(next.find((n) => n.id === 'big')).toMatchObject({ measured: { width: 220, height: 95 } });
    expect(next.find((n) => n.id === 'big')!.handles).toBeUndefined();
    expect(next.find((n) => n.id === 'hook')!.handles).toBeDefined();
  });
});

import { describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '@branchline/schemas';
import { renameWorkflowField } from './rename';

const t = (en: string) => ({ en, 'zh-CN': en });
function workflow(): WorkflowDefinition {
  return {
    schemaVersion: 1,
    kind: 'workflow',
    key: 'follow',
    title: t('Follow'),
    trigger: { type: 'field.changed', form: 'client', fields: ['arr', 'region'], when: 'record.arr > 0' },
    start: 'big',
    nodes: [
      { id: 'big', kind: 'condition', expression: "record.arr > 500000 && record.region != 'arr'" },
      { id: 'tier', kind: 'switch', cases: [{ id: 's', when: 'record.arr > 1000000' }, { id: 'a', when: 'vars.arr > 1' }] },
      { id: 'set', kind: 'set', assignments: [{ target: 'record', key: 'arr', expression: 'record.arr * 2' }, { target: 'vars', key: 'arr', expression: '1.0' }] },
      { id: 'score', kind: 'score', factors: [{ id: 'f', weight: 1, expression: 'sum(record.lines.map(l, l.qty))' }], target: { target: 'record', key: 'arr' } },
      { id: 'call', kind: 'task', name: t('Call'), assignee: { strategy: 'owner' }, facts: ['region', 'arr'] },
      { id: 'done', kind: 'end' },
    ],
    edges: [],
  } as unknown as WorkflowDefinition;
}

describe('renameWorkflowField', () => {
  it('renames record.<key> in every expression, the record targets, facts and trigger fields', () => {
    const { definition: d, rewritten } = renameWorkflowField(workflow(), 'client', 'arr', 'revenue');
    expect(d.trigger).toMatchObject({ fields: ['revenue', 'region'], when: 'record.revenue > 0' });
    const node = (id: string) => d.nodes.find((n) => n.id === id) as unknown as Record<string, unknown>;
    expect(node('big').expression).toBe("record.revenue > 500000 && record.region != 'arr'");
    expect(node('tier').cases).toEqual([{ id: 's', when: 'record.revenue > 1000000' }, { id: 'a', when: 'vars.arr > 1' }]);
    expect(node('set').assignments).toEqual([{ target: 'record', key: 'revenue', expression: 'record.revenue * 2' }, { target: 'vars', key: 'arr', expression: '1.0' }]);
    expect(node('score').target).toEqual({ target: 'record', key: 'revenue' });
    expect(node('call').facts).toEqual(['region', 'revenue']);
    expect(rewritten).toContain('/nodes/0/expression');
    expect(rewritten).toContain('/trigger/when');
  });

  it('renames a column of a record table', () => {
    const { definition: d } = renameWorkflowField(workflow(), 'client', 'qty', 'pieces', 'lines');
    expect((d.nodes[3] as unknown as { factors: { expression: string }[] }).factors[0]!.expression).toBe('sum(record.lines.map(l, l.pieces))');
    expect((d.nodes[4] as unknown as { facts: string[] }).facts).toEqual(['region', 'arr']);
  });

  it('leaves workflows of other forms alone', () => {
    const w = workflow();
    expect(renameWorkflowField(w, 'quote', 'arr', 'revenue').definition).toBe(w);
  });
});

import { describe, expect, it } from 'vitest';
import type { FormDefinition, WorkflowDefinition } from '@branchline/schemas';
import { validateShape } from '@branchline/schemas';
import { coerceRule, conditionFields, newRule, operatorsFor } from './condition-fields';
import { evenShares, splitCheck } from './split';
import { nodeSummary } from './node-summary';
import { newNode } from './node-factory';
import { applyCompletion, completionItems, completionsFor, wordAt } from '../panel/completion';
import { sampleRecord, parseSample } from '../run/sample-record';

const form: FormDefinition = {
  schemaVersion: 1,
  kind: 'form',
  key: 'customer-registration',
  title: { en: 'Customer', 'zh-CN': '客户' },
  fields: [
    { key: 'company_name', type: 'text', label: { en: 'Company', 'zh-CN': '公司' } },
    { key: 'region', type: 'select', label: { en: 'Region', 'zh-CN': '区域' }, options: [{ value: 'east', label: { en: 'East' } }, { value: 'south', label: { en: 'South' } }] },
    { key: 'arr', type: 'currency', label: { en: 'ARR', 'zh-CN': '年收入' } },
    { key: 'vip', type: 'checkbox', label: { en: 'VIP' } },
    { key: 'tags', type: 'multi-select', label: { en: 'Tags' }, options: [{ value: 'a', label: { en: 'A' } }] },
    { key: 'tier', type: 'computed', label: { en: 'Tier' }, expression: "arr > 500000 ? 'S' : 'B'", resultType: 'text' },
  ],
};
const wf = { variables: [{ key: 'health', type: 'number' as const }], nodes: [newNode('score', new Set()), newNode('set', new Set())] } as Pick<WorkflowDefinition, 'variables' | 'nodes'>;

describe('condition builder fields', () => {
  it('offers the form fields as record.* with their types, and run variables as vars.*', () => {
    const fields = conditionFields(form, wf);
    expect(fields.map((f) => [f.path, f.type])).toEqual([
      ['record.company_name', 'text'],
      ['record.region', 'text'],
      ['record.arr', 'number'],
      ['record.vip', 'boolean'],
      ['record.tier', 'text'],
      ['vars.health', 'number'],
      ['vars.score', 'number'],
      ['vars.value', 'text'],
    ]);
    expect(fields[1]!.options?.map((o) => o.value)).toEqual(['east', 'south']);
    expect(operatorsFor('boolean')).toEqual(['==', '!=']);
    expect(operatorsFor('text')).toContain('contains');
    expect(operatorsFor('number')).not.toContain('contains');
  });

  it('keeps a rule meaningful when its field or operator changes', () => {
    const fields = conditionFields(form, wf);
    const byPath = (p: string) => fields.find((f) => f.path === p);
    expect(newRule(fields)).toEqual({ kind: 'rule', field: 'record.company_name', op: '==', value: '' });
    const r = { kind: 'rule' as const, field: 'record.region', op: 'contains' as const, value: 'east' };
    expect(coerceRule({ ...r, field: 'record.arr' }, byPath('record.arr'))).toEqual({ kind: 'rule', field: 'record.arr', op: '==', value: 0 });
    expect(coerceRule({ ...r, op: 'in' }, byPath('record.region'))).toEqual({ ...r, op: 'in', value: ['east'] });
    expect(coerceRule({ ...r, value: 'north' }, byPath('record.region')).value).toBe('east');
    expect(coerceRule({ ...r, field: 'record.vip', op: '!=' }, byPath('record.vip'))).toEqual({ kind: 'rule', field: 'record.vip', op: '!=', value: true });
  });
});

describe('split shares', () => {
  it('checks the total and the control arm, and balances to exactly 100', () => {
    expect(splitCheck([{ percent: 50 }, { percent: 50, control: true }])).toEqual({ total: 100, ok: true, controls: 1 });
    expect(splitCheck([{ percent: 60 }, { percent: 50 }]).ok).toBe(false);
    expect(splitCheck([{ percent: 50, control: true }, { percent: 50, control: true }]).ok).toBe(false);
    expect(splitCheck([{ percent: 33.3 }, { percent: 33.3 }, { percent: 33.4 }]).ok).toBe(true);
    for (let n = 2; n <= 10; n++) {
      const shares = evenShares(n);
      expect(shares.reduce((a, b) => a + b, 0)).toBe(100);
      expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
    }
  });
});

describe('node summaries', () => {
  it('says what each node does', () => {
    const task = { ...newNode('task', new Set()), sla: { within: 'PT4H' } } as const;
    expect(nodeSummary(task)).toEqual([{ key: 'workflow.summary.assignee.owner' }, { key: 'workflow.summary.sla', values: { duration: '4 h' } }]);
    expect(nodeSummary(newNode('split', new Set()))).toEqual([{ text: '50% / 50%*' }]);
    expect(nodeSummary({ id: 'c', kind: 'condition', expression: 'record.arr > 1' })).toEqual([{ text: 'record.arr > 1' }]);
  });
});

describe('expression completion', () => {
  const scope = { record: { type: 'object' as const, fields: { arr: { type: 'number' as const }, usage_rate: { type: 'number' as const } } }, now: { type: 'datetime' as const } };
  const items = completionItems(scope, [
    { name: 'round', kind: 'function', signature: 'round(x) → number' },
    { name: 'contains', kind: 'method', signature: 'text.contains(part) → yes/no' },
  ]);

  it('completes paths, their fields, functions and methods', () => {
    expect(completionsFor(items, 'rec').map((i) => i.insert)).toEqual(['record']);
    expect(completionsFor(items, 'record.').map((i) => i.insert)).toEqual(['record.arr', 'record.usage_rate']);
    expect(completionsFor(items, 'record.us').map((i) => i.insert)).toEqual(['record.usage_rate']);
    expect(completionsFor(items, 'ro').map((i) => i.insert)).toEqual(['round(']);
    expect(completionsFor(items, "x.con").map((i) => i.insert)).toEqual(['contains']);
    expect(completionsFor(items, 'record.arr')).toEqual([]);
    expect(completionsFor(items, '')).toEqual([]);
  });

  it('replaces the word at the caret', () => {
    const text = 'record.us > 80 && ro';
    expect(wordAt(text, 9)).toEqual({ start: 0, text: 'record.us' });
    const usage = completionsFor(items, 'record.us')[0]!;
    expect(applyCompletion(text, 9, usage)).toEqual({ text: 'record.usage_rate > 80 && ro', caret: 17 });
    const round = completionsFor(items, 'ro')[0]!;
    expect(applyCompletion(text, text.length, round)).toEqual({ text: 'record.us > 80 && round(', caret: 24 });
    const method = completionsFor(items, 'record.arr.co')[0]!;
    expect(applyCompletion('record.arr.co', 13, method)).toEqual({ text: 'record.arr.contains(', caret: 20 });
  });
});

describe('dry-run sample', () => {
  it('has a value of the right type for every field, and reads typed JSON', () => {
    expect(sampleRecord(form)).toEqual({ company_name: '', region: 'east', arr: 0, vip: false, tags: [], tier: '' });
    expect(parseSample('{"arr": 5}')).toEqual({ ok: true, value: { arr: 5 } });
    expect(parseSample('[1]').ok).toBe(false);
    expect(parseSample('{').ok).toBe(false);
  });

  it('new nodes of every kind have a valid shape inside a workflow', () => {
    const nodes = (['condition', 'switch', 'set', 'task', 'approval', 'notify', 'wait', 'http', 'score', 'split', 'end'] as const).map((k) => newNode(k, new Set()));
    const def = { schemaVersion: 1, kind: 'workflow', key: 'all', title: { en: 'x' }, trigger: { type: 'manual' }, start: nodes[0]!.id, nodes, edges: [] };
    expect(validateShape('workflow', def)).toEqual([]);
  });
});

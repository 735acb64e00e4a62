/**
 * Layer two of workflow validation: given a valid workflow changed in one place,
 * the validator names the place (JSON pointer) and the problem (code), in zh-CN and
 * en — and never throws.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FormDefinition, WorkflowDefinition } from '@branchline/schemas';
import { validateWorkflowSemantics } from './workflow';

const t = (en: string) => ({ 'zh-CN': en, en });
const form: FormDefinition = {
  schemaVersion: 1, kind: 'form', key: 'lead', title: t('Lead'),
  fields: [
    { key: 'company', type: 'text', label: t('Company') },
    { key: 'arr', type: 'currency', label: t('ARR') },
    { key: 'region', type: 'select', label: t('Region'), options: [{ value: 'east', label: t('East') }, { value: 'west', label: t('West') }] },
    { key: 'industry', type: 'text', label: t('Industry') },
    { key: 'health', type: 'number', label: t('Health') },
    { key: 'renewal', type: 'date', label: t('Renewal') },
    { key: 'vip', type: 'checkbox', label: t('VIP') },
    { key: 'arr_k', type: 'computed', label: t('ARR k'), expression: 'arr / 1000.0', resultType: 'number' },
  ],
};

/** Lead routing: score, A/B split, best-match task with an SLA, a reminder loop through a wait. */
const base: WorkflowDefinition = {
  schemaVersion: 1, kind: 'workflow', key: 'lead-routing', title: t('Lead routing'),
  trigger: { type: 'record.created', form: 'lead', when: 'record.arr > 0' },
  start: 'big',
  variables: [{ key: 'reminders', type: 'number', default: 0 }],
  nodes: [
    { id: 'big', kind: 'condition', expression: 'record.arr > 100000.0' },
    { id: 'grade', kind: 'score', target: { target: 'record', key: 'health' }, min: 0, max: 100, factors: [{ id: 'size', expression: 'record.arr / 10000.0', weight: 1 }, { id: 'vip', expression: 'record.vip', weight: 20 }] },
    { id: 'ab', kind: 'split', arms: [{ id: 'fast', percent: 50 }, { id: 'classic', percent: 50, control: true }] },
    { id: 'route', kind: 'task', name: t('Call the lead'), assignee: { strategy: 'best_match', role: 'sales_rep', score: '(rep.region == record.region ? 10.0 : 0.0) - rep.openTasks' }, sla: { within: 'PT8M' }, facts: ['company', 'arr'] },
    { id: 'remind', kind: 'set', assignments: [{ target: 'vars', key: 'reminders', expression: 'vars.reminders + 1.0' }] },
    { id: 'pause', kind: 'wait', mode: 'duration', duration: 'PT1H' },
    { id: 'kind', kind: 'switch', cases: [{ id: 'saas', when: "record.industry == 'saas'" }, { id: 'retail', when: "record.industry == 'retail'" }] },
    { id: 'usage', kind: 'wait', mode: 'event', event: 'usage.dropped', correlation: 'record.company', timeout: 'P7D' },
    { id: 'ok', kind: 'approval', name: t('Approve'), approver: { strategy: 'role', role: 'branch_admin' }, timeout: 'P1D' },
    { id: 'hook', kind: 'http', method: 'POST', url: 'https://crm.example.com/x', body: "{'company': record.company}", idempotencyKey: "'lead:' + record.company" },
    { id: 'tell', kind: 'notify', channel: 'email', to: { strategy: 'owner' }, message: t('Done') },
    { id: 'done', kind: 'end', outcome: 'routed' },
  ],
  edges: [
    { id: 'e1', from: 'big', to: 'grade', port: 'true' },
    { id: 'e2', from: 'big', to: 'done', port: 'false' },
    { id: 'e3', from: 'grade', to: 'ab' },
    { id: 'e4', from: 'ab', to: 'route', port: 'fast' },
    { id: 'e5', from: 'ab', to: 'kind', port: 'classic' },
    { id: 'e6', from: 'route', to: 'kind', port: 'done' },
    { id: 'e7', from: 'route', to: 'remind', port: 'overdue' },
    { id: 'e8', from: 'remind', to: 'pause' },
    { id: 'e9', from: 'pause', to: 'route' },
    { id: 'e10', from: 'kind', to: 'usage', port: 'saas' },
    { id: 'e11', from: 'kind', to: 'ok', port: 'retail' },
    { id: 'e12', from: 'usage', to: 'hook', port: 'next' },
    { id: 'e13', from: 'usage', to: 'done', port: 'timeout' },
    { id: 'e14', from: 'ok', to: 'tell', port: 'approved' },
    { id: 'e15', from: 'hook', to: 'done' },
    { id: 'e16', from: 'tell', to: 'done' },
  ],
};

/** A definition being broken on purpose: loosely typed so a test can put anything anywhere. */
type Loose = Record<string, any>;
type Draft = Loose & { nodes: Loose[]; edges: Loose[]; variables: Loose[]; trigger: Loose };
const variant = (change: (d: Draft) => void): WorkflowDefinition => {
  const d = structuredClone(base) as unknown as Draft;
  change(d);
  return d as unknown as WorkflowDefinition;
};
const node = (d: Draft, id: string): Loose => d.nodes.find((n) => n.id === id)!;
const edge = (d: Draft, id: string): Loose => d.edges.find((e) => e.id === id)!;
const found = (def: WorkflowDefinition, withForm = true) => validateWorkflowSemantics(def, withForm ? { form } : {});

describe('validateWorkflowSemantics', () => {
  it('accepts the valid lead-routing workflow, with and without its form', () => {
    expect(found(base)).toEqual([]);
    expect(found(base, false)).toEqual([]);
  });

  const cases: [string, (d: Draft) => void, string, string][] = [
    ['duplicate step id', (d) => (node(d, 'tell').id = 'hook'), '/nodes/10/id', 'duplicate_node_id'],
    ['duplicate edge id', (d) => (edge(d, 'e16').id = 'e1'), '/edges/15/id', 'duplicate_edge_id'],
    ['duplicate variable', (d) => d.variables.push({ key: 'reminders', type: 'number' }), '/variables/1/key', 'duplicate_variable'],
    ['start missing', (d) => (d.start = 'nowhere'), '/start', 'start_missing'],
    ['edge to a missing step', (d) => (edge(d, 'e16').to = 'ghost'), '/edges/15/to', 'dangling_edge'],
    ['edge from a missing step', (d) => (edge(d, 'e16').from = 'ghost'), '/edges/15/from', 'dangling_edge'],
    ['port a condition does not have', (d) => (edge(d, 'e1').port = 'yes'), '/edges/0/port', 'invalid_port'],
    ['condition edge without a port', (d) => delete edge(d, 'e1').port, '/edges/0', 'invalid_port'],
    ['an edge out of an end step', (d) => d.edges.push({ id: 'x', from: 'done', to: 'big' }), '/edges/16', 'invalid_port'],
    ['overdue on a task without an SLA', (d) => delete node(d, 'route').sla, '/edges/6/port', 'invalid_port'],
    ['overdue on a task that does not wait', (d) => (node(d, 'route').wait = false), '/edges/6/port', 'invalid_port'],
    ['timeout on an approval without a timeout', (d) => (delete node(d, 'ok').timeout, d.edges.push({ id: 'x', from: 'ok', to: 'done', port: 'timeout' })), '/edges/16/port', 'invalid_port'],
    ['timeout on an event wait without a timeout', (d) => delete node(d, 'usage').timeout, '/edges/12/port', 'invalid_port'],
    ['two edges on one port', (d) => d.edges.push({ id: 'x', from: 'hook', to: 'tell' }), '/edges/16', 'duplicate_port'],
    ['condition true not connected', (d) => (d.edges = d.edges.filter((e) => e.id !== 'e1')), '/nodes/0', 'port_not_connected'],
    ['approval approved not connected', (d) => (d.edges = d.edges.filter((e) => e.id !== 'e14')), '/nodes/8', 'port_not_connected'],
    ['split arm not connected', (d) => (d.edges = d.edges.filter((e) => e.id !== 'e4')), '/nodes/2', 'port_not_connected'],
    ['unreachable step', (d) => d.nodes.push({ id: 'lost', kind: 'end' }), '/nodes/12', 'unreachable_node'],
    ['loop without a wait', (d) => (edge(d, 'e3').to = 'big'), '/edges/0', 'cycle_without_wait'],
    ['loop through a task that does not wait', (d) => (node(d, 'route').wait = false, delete node(d, 'route').sla, d.edges.splice(6, 1), edge(d, 'e6').to = 'remind', edge(d, 'e9').to = 'route', node(d, 'pause').kind = 'set', node(d, 'pause').assignments = [{ target: 'vars', key: 'reminders', expression: '0.0' }], delete node(d, 'pause').mode, delete node(d, 'pause').duration), '/edges/5', 'cycle_without_wait'],
    ['split not adding up to 100', (d) => (node(d, 'ab').arms[0].percent = 40), '/nodes/2/arms', 'split_percent_sum'],
    ['two control arms', (d) => (node(d, 'ab').arms[0].control = true), '/nodes/2/arms/1/control', 'split_multiple_control'],
    ['duplicate arm id', (d) => (node(d, 'ab').arms[1].id = 'fast'), '/nodes/2/arms/1/id', 'duplicate_arm_id'],
    ['duplicate case id', (d) => (node(d, 'kind').cases[1].id = 'saas'), '/nodes/6/cases/1/id', 'duplicate_case_id'],
    ['case id "default"', (d) => (node(d, 'kind').cases[1].id = 'default'), '/nodes/6/cases/1/id', 'reserved_case_id'],
    ['event wait without correlation', (d) => delete node(d, 'usage').correlation, '/nodes/7', 'wait_missing_property'],
    ['duration wait without duration', (d) => delete node(d, 'pause').duration, '/nodes/5', 'wait_missing_property'],
    ['until wait without until', (d) => (node(d, 'pause').mode = 'until', delete node(d, 'pause').duration), '/nodes/5', 'wait_missing_property'],
    ['timeout ignored by a duration wait', (d) => (node(d, 'pause').timeout = 'PT2H'), '/nodes/5/timeout', 'wait_property_unused'],
    ['expression that does not parse', (d) => (node(d, 'big').expression = 'record.arr >'), '/nodes/0/expression', 'expression_syntax'],
    ['field the form lacks', (d) => (node(d, 'big').expression = 'record.ar > 1.0'), '/nodes/0/expression', 'unknown_property'],
    ['condition that is not yes/no', (d) => (node(d, 'big').expression = 'record.arr + 1.0'), '/nodes/0/expression', 'wrong_result_type'],
    ['switch case that is not yes/no', (d) => (node(d, 'kind').cases[0].when = 'record.industry'), '/nodes/6/cases/0/when', 'wrong_result_type'],
    ['text compared with a number', (d) => (node(d, 'kind').cases[0].when = 'record.industry > 3.0'), '/nodes/6/cases/0/when', 'wrong_operand_types'],
    ['set into a field the form lacks', (d) => (node(d, 'remind').assignments.push({ target: 'record', key: 'nickname', expression: "'x'" })), '/nodes/4/assignments/1/key', 'unknown_field'],
    ['set into a computed field', (d) => (node(d, 'remind').assignments.push({ target: 'record', key: 'arr_k', expression: '1.0' })), '/nodes/4/assignments/1/key', 'computed_not_settable'],
    ['set text into a number field', (d) => (node(d, 'remind').assignments.push({ target: 'record', key: 'health', expression: "'high'" })), '/nodes/4/assignments/1/expression', 'wrong_result_type'],
    ['set text into a number variable', (d) => (node(d, 'remind').assignments[0].expression = "'many'"), '/nodes/4/assignments/0/expression', 'wrong_result_type'],
    ['score into a text field', (d) => (node(d, 'grade').target.key = 'company'), '/nodes/1/target/key', 'score_target_not_number'],
    ['score factor that is text', (d) => (node(d, 'grade').factors[0].expression = 'record.company'), '/nodes/1/factors/0/expression', 'expression_type'],
    ['best-match score naming an unknown rep attribute', (d) => (node(d, 'route').assignee.score = 'rep.langauge == record.region ? 1.0 : 0.0'), '/nodes/3/assignee/score', 'unknown_property'],
    ['best-match score that is not a number', (d) => (node(d, 'route').assignee.score = 'rep.region'), '/nodes/3/assignee/score', 'wrong_result_type'],
    ['SLA hours that are text', (d) => (node(d, 'route').sla = { withinHours: "'soon'" }), '/nodes/3/sla/withinHours', 'wrong_result_type'],
    ['task fact the form lacks', (d) => node(d, 'route').facts.push('budget'), '/nodes/3/facts/2', 'unknown_field'],
    ['until that is not a date', (d) => (node(d, 'pause').mode = 'until', delete node(d, 'pause').duration, node(d, 'pause').until = 'record.vip'), '/nodes/5/until', 'expression_type'],
    ['correlation that is a list', (d) => (node(d, 'usage').correlation = '[record.company]'), '/nodes/7/correlation', 'expression_type'],
    ['http key that is a number', (d) => (node(d, 'hook').idempotencyKey = 'record.arr'), '/nodes/9/idempotencyKey', 'wrong_result_type'],
    ['trigger guard that is not yes/no', (d) => (d.trigger.when = 'record.arr'), '/trigger/when', 'wrong_result_type'],
  ];

  it.each(cases)('%s', (_name, change, pointer, code) => {
    const problems = found(variant(change));
    expect(problems.map((p) => ({ pointer: p.pointer, code: p.code }))).toContainEqual({ pointer, code });
    for (const p of problems) {
      expect(p.message.en.length).toBeGreaterThan(10);
      expect(p.message['zh-CN'].length).toBeGreaterThan(3);
    }
  });

  it('lists the valid ports in the message', () => {
    const [p] = found(variant((d) => (edge(d, 'e1').port = 'yes')));
    expect(p!.message.en).toContain('"true", "false"');
    expect(p!.message['zh-CN']).toContain('"true"、"false"');
  });

  it('accepts a loop that passes a wait (the reminder loop of the base)', () => {
    expect(found(base).filter((p) => p.code === 'cycle_without_wait')).toEqual([]);
  });

  it('does not type-check record fields without the form, but still checks the rest', () => {
    expect(found(variant((d) => (node(d, 'big').expression = 'record.ar > 1.0')), false)).toEqual([]);
    expect(found(variant((d) => (node(d, 'big').expression = 'record.arr >')), false).map((p) => p.code)).toEqual(['expression_syntax']);
  });

  it('never throws, whatever a broken definition holds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 12 }), fc.anything(), (which, at, junk) => {
        const broken = variant((d) => {
          const targets: Loose[] = [d, ...d.nodes, ...d.edges, d.trigger];
          const target = targets[which % targets.length]!;
          const keys = Object.keys(target);
          target[keys[at % keys.length]!] = junk;
        });
        const problems = validateWorkflowSemantics(broken, { form });
        expect(Array.isArray(problems)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

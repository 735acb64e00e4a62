/**
 * Branch instances of the built-in templates: local extensions resolve and run,
 * weakening HQ's red lines is refused naming the element and HQ's policy, and an
 * upgrade of a built-in moves a branch's instance by three-way merge.
 */
import { describe, expect, it } from 'vitest';
import { appliesToForm, checkDisable, checkLocks, deriveOverlay, forceUpgrade, mandatoryWorkflowsFor, planUpgrade, resolveTemplate } from '@branchline/runtime';
import { BUILT_IN_TEMPLATES, CUSTOMER_GRADING, CUSTOMER_REGISTRATION, LEAD_ROUTING, QUOTE, QUOTE_DISCOUNT_APPROVAL } from '@branchline/templates';
import type { FormDefinition, FormField, Overlay, OverlayChange, Template, WorkflowDefinition } from '@branchline/schemas';
import { Driver, recordOf, T0 } from './kit';

const overlay = (t: Template, changes: OverlayChange[]): Overlay => ({ schemaVersion: 1, kind: 'overlay', template: { key: t.key, version: t.version }, changes });
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const form = (def: unknown) => def as FormDefinition;
const discountColumn = (def: FormDefinition) => {
  const lines = def.fields.find((f) => f.key === 'lines');
  if (lines?.type !== 'table') throw new Error('lines expected');
  return lines.columns.find((c) => c.key === 'discount_pct') as Extract<FormField, { type: 'percent' }>;
};
const sampleCustomer = { company_name: '雅加达贸易公司', region: 'sea', contact_name: 'Budi', contact_phone: '+62 812 3456 7890', contact_email: 'budi@example.co.id', data_source: 'partner', privacy_consent: true, privacy_policy_version: '2026-01', arr: 90000, usage_rate: 40, arr_growth: 2 };

describe('a branch instance of customer-registration', () => {
  const wechat: FormField = { key: 'wechat_id', type: 'text', label: { 'zh-CN': '微信号', en: 'WeChat ID' }, section: 'contact', validation: { maxLength: 40 } };
  const localCode: FormField = { key: 'local_industry_code', type: 'text', label: { 'zh-CN': '本地行业代码', en: 'Local industry code', id: 'Kode industri lokal' }, validation: { pattern: '^[0-9]{5}$' } };

  it('adds local fields and translations, and a record with them is accepted', () => {
    const edited = clone(form(CUSTOMER_REGISTRATION.definition));
    edited.fields.splice(edited.fields.findIndex((f) => f.key === 'contact_email') + 1, 0, wechat);
    edited.fields.push(localCode);
    edited.fields.find((f) => f.key === 'company_name')!.label = { 'zh-CN': '公司名称', en: 'Company name', id: 'Nama perusahaan' };
    const o = deriveOverlay(CUSTOMER_REGISTRATION, edited);
    expect(checkLocks(CUSTOMER_REGISTRATION, o)).toEqual([]);
    const { definition, problems } = resolveTemplate(CUSTOMER_REGISTRATION, o);
    expect(problems).toEqual([]);
    const record = recordOf(form(definition), { ...sampleCustomer, wechat_id: 'budi_jkt', local_industry_code: '46100' });
    expect(record).toMatchObject({ wechat_id: 'budi_jkt', tier: 'B' });
  });

  it.each<[string, (def: FormDefinition) => void, string, string]>([
    ['removing the privacy consent', (d) => { d.fields = d.fields.filter((f) => f.key !== 'privacy_consent'); }, 'locked_field_removed', 'privacy_consent'],
    ['hiding the credit code', (d) => { d.fields.find((f) => f.key === 'credit_code')!.visibleWhen = "region == 'east'"; }, 'locked_visibility_changed', 'credit_code'],
    ['loosening the credit code pattern', (d) => { const f = d.fields.find((x) => x.key === 'credit_code'); if (f?.type === 'text') f.validation = { pattern: '^.{18}$' }; }, 'locked_pattern_changed', 'credit_code'],
    ['making the contact email optional', (d) => { d.fields.find((f) => f.key === 'contact_email')!.required = false; }, 'locked_field_loosened', 'contact_email'],
    ['adding a region', (d) => { const f = d.fields.find((x) => x.key === 'region'); if (f?.type === 'select') f.options.push({ value: 'hk', label: { en: 'Hong Kong' } }); }, 'extension_not_allowed', 'region'],
    ['changing the tier rule', (d) => { const f = d.fields.find((x) => x.key === 'tier'); if (f?.type === 'computed') f.expression = "'S'"; }, 'locked_field_changed', 'tier'],
    ['retyping ARR', (d) => { const i = d.fields.findIndex((x) => x.key === 'arr'); d.fields[i] = { key: 'arr', type: 'number', label: { en: 'ARR' } }; }, 'locked_field_retyped', 'arr'],
  ])('refuses %s, naming the field and quoting HQ\'s policy', (_what, edit, code, key) => {
    const edited = clone(form(CUSTOMER_REGISTRATION.definition));
    edit(edited);
    const problems = checkLocks(CUSTOMER_REGISTRATION, deriveOverlay(CUSTOMER_REGISTRATION, edited));
    expect(problems.map((p) => [p.code, p.params?.key])).toEqual([[code, key]]);
    const policy = CUSTOMER_REGISTRATION.locks.find((l) => l.element === 'field' && l.key === key)!.policy;
    expect(problems[0]!.message.en).toContain(policy.en);
    expect(problems[0]!.message['zh-CN']).toContain(policy['zh-CN']);
    expect(problems[0]!.pointer).toMatch(/^\/changes\/\d+/);
  });

  it('lets a branch add industries, which HQ opened', () => {
    expect(checkLocks(CUSTOMER_REGISTRATION, overlay(CUSTOMER_REGISTRATION, [{ type: 'option.add', field: 'industry', option: { value: 'mining', label: { 'zh-CN': '采矿', en: 'Mining' } } }]))).toEqual([]);
  });
});

describe('a branch instance of the quote', () => {
  const withCap = (max: number) => {
    const edited = clone(form(QUOTE.definition));
    discountColumn(edited).validation = { min: 0, max };
    return deriveOverlay(QUOTE, edited);
  };

  it('cannot raise the 30 % discount cap', () => {
    const problems = checkLocks(QUOTE, withCap(40));
    expect(problems).toEqual([expect.objectContaining({ pointer: '/changes/0/set/columns/4', code: 'locked_field_loosened', params: expect.objectContaining({ key: 'lines', column: 'discount_pct', detail: 'max', was: 30, now: 40 }) })]);
    expect(problems[0]!.message.en).toContain('Column "discount_pct" (Discount %) of table "lines" is locked by HQ');
  });

  it('may lower it, and the lower cap then holds in the forms engine', () => {
    const o = withCap(20);
    expect(checkLocks(QUOTE, o)).toEqual([]);
    const def = form(resolveTemplate(QUOTE, o).definition);
    expect(() => recordOf(def, { customer_name: '客户甲', customer_tier: 'B', currency: 'IDR', lines: [{ product_name: 'X', quantity: 1, list_price: 100, unit_price: 100, discount_pct: 25 }], discount_reason: 'x' })).toThrow('/lines/0/discount_pct');
  });

  it('cannot swap the contract template', () => {
    const edited = clone(form(QUOTE.definition));
    const f = edited.fields.find((x) => x.key === 'contract_template');
    if (f?.type === 'reference') f.default = 'my-own-contract';
    expect(checkLocks(QUOTE, deriveOverlay(QUOTE, edited)).map((p) => [p.code, p.params?.key, p.params?.property])).toEqual([['locked_field_changed', 'contract_template', 'default']]);
  });

  it('upgrades to a v2 where HQ raised the cap: the branch\'s stricter cap is a conflict, set aside under force', () => {
    const v2 = clone(QUOTE);
    v2.version = 2;
    discountColumn(form(v2.definition)).validation = { min: 0, max: 35 };
    const o = withCap(20);
    const plan = planUpgrade(QUOTE, v2, o);
    expect(plan.conflicts.map((c) => [c.pointer, c.code, c.params?.at])).toEqual([['/changes/0', 'tightened_rule_changed_by_hq', 'columns.discount_pct.validation.max']]);
    const forced = forceUpgrade(QUOTE, v2, o);
    expect(discountColumn(form(forced.definition)).validation).toEqual({ min: 0, max: 35 });
    expect(forced.setAside).toHaveLength(1);
    const reapplied = { ...forced.overlay, changes: [...forced.overlay.changes, ...forced.setAside] };
    expect(checkLocks(v2, reapplied)).toEqual([]);
    expect(discountColumn(form(resolveTemplate(v2, reapplied).definition)).validation).toEqual({ min: 0, max: 20 });
  });
});

describe('mandatory workflows', () => {
  it('know which form template they apply to', () => {
    expect(appliesToForm(CUSTOMER_GRADING)).toBe('customer-registration');
    expect(mandatoryWorkflowsFor('customer-registration', BUILT_IN_TEMPLATES).map((t) => t.key)).toEqual(['customer-grading']);
    expect(mandatoryWorkflowsFor('quote', BUILT_IN_TEMPLATES).map((t) => t.key)).toEqual(['quote-discount-approval']);
  });

  it('cannot be disabled, narrowed or rewired by a branch; opt-in ones can be dropped', () => {
    expect(checkDisable(QUOTE_DISCOUNT_APPROVAL).map((p) => p.code)).toEqual(['mandatory_workflow']);
    expect(checkDisable(LEAD_ROUTING)).toEqual([]);
    const refused = checkLocks(QUOTE_DISCOUNT_APPROVAL, overlay(QUOTE_DISCOUNT_APPROVAL, [
      { type: 'trigger.update', set: { when: "record.customer_tier != 'S'" } },
      { type: 'edge.update', id: 'e_pending', set: { to: 'mark_approved' } },
      { type: 'node.update', id: 'approve', set: { approver: { strategy: 'user', userId: 'u-me' } } },
    ]));
    expect(refused.map((p) => [p.pointer, p.code])).toEqual([
      ['/changes/0/set/when', 'locked_trigger_changed'],
      ['/changes/1', 'locked_edge_rewired'],
      ['/changes/2/set/approver', 'locked_node_changed'],
    ]);
  });

  it('take branch steps at their extension points, and the run goes through them', () => {
    const survey: OverlayChange[] = [
      { type: 'node.add', node: { id: 'survey', kind: 'notify', channel: 'sms', to: { strategy: 'owner' }, message: { 'zh-CN': '请邀请客户填写满意度问卷', en: 'Ask the customer to fill in the satisfaction survey' } } },
      { type: 'edge.update', id: 'e_followed_up', set: { to: 'survey' } },
      { type: 'edge.add', edge: { id: 'e_survey_done', from: 'survey', to: 'done' } },
    ];
    const o = overlay(CUSTOMER_GRADING, survey);
    expect(checkLocks(CUSTOMER_GRADING, o)).toEqual([]);
    const def = resolveTemplate(CUSTOMER_GRADING, o).definition as WorkflowDefinition;
    const record = recordOf(CUSTOMER_REGISTRATION, { ...sampleCustomer, arr: 200000 });
    const run = new Driver(def, { recordId: 'rec-1', ownerId: 'u-owner', record });
    run.complete('done', T0 + 60_000);
    expect(run.of('outbox')).toEqual([expect.objectContaining({ channel: 'sms', nodeId: 'survey' })]);
    expect(run.state).toMatchObject({ status: 'completed', outcome: 'followed_up' });
  });
});

describe('HQ publishes customer-grading v2 over a branch instance with a survey step', () => {
  const survey: OverlayChange[] = [
    { type: 'node.add', node: { id: 'survey', kind: 'notify', channel: 'sms', to: { strategy: 'owner' }, message: { 'zh-CN': '请邀请客户填写满意度问卷', en: 'Ask the customer to fill in the satisfaction survey' } } },
    { type: 'edge.update', id: 'e_followed_up', set: { to: 'survey' } },
    { type: 'edge.add', edge: { id: 'e_survey_done', from: 'survey', to: 'done' } },
  ];
  const v2With = (edit: (def: WorkflowDefinition, t: Template) => void): Template => {
    const v2 = clone(CUSTOMER_GRADING);
    v2.version = 2;
    edit(v2.definition as WorkflowDefinition, v2);
    return v2;
  };
  const branch = () => overlay(CUSTOMER_GRADING, survey);

  it('clean: HQ shortens the S deadline to 30 minutes; the branch keeps its survey and the runs get both', () => {
    const v2 = v2With((def) => {
      const s = def.nodes.find((n) => n.id === 'follow_s');
      if (s?.kind === 'task') s.sla = { within: 'PT30M' };
    });
    const plan = planUpgrade(CUSTOMER_GRADING, v2, branch());
    expect(plan).toMatchObject({ status: 'clean', conflicts: [], setAside: [], template: { key: 'customer-grading', version: 2 } });
    const def = plan.definition as WorkflowDefinition;
    const run = new Driver(def, { recordId: 'rec-1', ownerId: 'u-owner', record: recordOf(CUSTOMER_REGISTRATION, { ...sampleCustomer, arr: 800000, usage_rate: 95 }) });
    expect(run.openTask().dueAt).toBe(T0 + 30 * 60_000);
    run.complete('done', T0 + 10 * 60_000);
    expect(run.of('outbox')).toEqual([expect.objectContaining({ nodeId: 'survey' })]);
    expect(run.state).toMatchObject({ status: 'completed', outcome: 'followed_up' });
  });

  it('conflict: HQ removed the extension point the survey hangs on; listed with a pointer, set aside (kept) when forced', () => {
    const v2 = v2With((_def, t) => {
      t.extensions = { ...t.extensions, points: (t.extensions?.points ?? []).filter((p) => p.id !== 'after_follow_up') };
    });
    const plan = planUpgrade(CUSTOMER_GRADING, v2, branch());
    expect(plan.status).toBe('conflicts');
    expect(plan.conflicts.map((c) => [c.pointer, c.code])).toEqual([['/changes/1', 'extension_point_removed']]);
    expect(plan.conflicts[0]!.message.en).toContain('followed_up');
    const forced = forceUpgrade(CUSTOMER_GRADING, v2, branch());
    expect(forced.setAside.length).toBeGreaterThan(0);
    expect(forced.setAside).toEqual(expect.arrayContaining([survey[1]]));
    expect(checkLocks(v2, forced.overlay)).toEqual([]);
    const def = forced.definition as WorkflowDefinition;
    expect(def.edges.find((e) => e.id === 'e_followed_up')?.to).toBe('done');
    const run = new Driver(def, { recordId: 'rec-1', ownerId: 'u-owner', record: recordOf(CUSTOMER_REGISTRATION, sampleCustomer) });
    run.complete('done', T0 + 60_000);
    expect(run.of('outbox')).toEqual([]);
    expect(run.state).toMatchObject({ status: 'completed', outcome: 'followed_up' });
  });
});

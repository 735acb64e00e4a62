/**
 * The built-in workflow templates run end to end in the real interpreter on a fake
 * clock, on records made by the real forms engine from the built-in forms.
 */
import { describe, expect, it } from 'vitest';
import { evaluateTrigger, type Candidate } from '@branchline/runtime';
import { CUSTOMER_GRADING, CUSTOMER_REGISTRATION, HEALTH_INDEX, LEAD_ROUTING, QUOTE, QUOTE_DISCOUNT_APPROVAL, USAGE_DROP_REVISIT } from '@branchline/templates';
import { Driver, HOUR, MINUTE, recordOf, T0, wf } from './kit';

const customer = (over: Record<string, unknown> = {}) =>
  recordOf(CUSTOMER_REGISTRATION, {
    company_name: '深圳云帆科技有限公司', credit_code: '91440300MA5FXXXX3B'.replace(/X/g, '8'), region: 'south', industry: 'technology',
    contact_name: '李雷', contact_phone: '+86 139 0000 1111', contact_email: 'li.lei@yunfan.example.com', data_source: 'event',
    privacy_consent: true, privacy_policy_version: '2026-01', arr: 150000, usage_rate: 60, arr_growth: 8, ...over,
  });

describe('customer-grading (mandatory)', () => {
  it.each([
    ['S', { arr: 800000, usage_rate: 95 }, 1 * HOUR, 'dedicated customer success manager'],
    ['A', { arr: 150000, arr_growth: 3 }, 4 * HOUR, 'early access to new features'],
    ['B', { arr: 50000 }, 24 * HOUR, 'regular product training'],
  ])('tier %s: the owner gets the follow-up task due in time, with the tier\'s rights', (tier, over, due, rights) => {
    const record = customer(over);
    expect(record.tier).toBe(tier);
    const run = new Driver(wf(CUSTOMER_GRADING), { recordId: 'rec-1', ownerId: 'u-owner', record });
    const task = run.openTask();
    expect(task).toMatchObject({ kind: 'task', assignee: { userId: 'u-owner' }, dueAt: T0 + due, recordId: 'rec-1' });
    expect(task.instructions?.en).toContain(rights);
    expect(task.facts).toMatchObject({ company_name: '深圳云帆科技有限公司', tier });
    expect(run.of('timer.schedule')).toEqual([expect.objectContaining({ dueAt: T0 + due })]);
    run.complete('done', T0 + due - MINUTE);
    expect(run.state).toMatchObject({ status: 'completed', outcome: 'followed_up' });
  });

  it('a missed deadline escalates to the branch admin', () => {
    const run = new Driver(wf(CUSTOMER_GRADING), { recordId: 'rec-1', ownerId: 'u-owner', record: customer({ arr: 800000, usage_rate: 95 }) });
    const first = run.openTask();
    const effects = run.fireTimer();
    expect(run.now).toBe(T0 + HOUR);
    expect(effects).toContainEqual(expect.objectContaining({ type: 'task.cancel', taskId: first.taskId, reason: 'expired' }));
    const escalation = run.openTask();
    expect(escalation.assignee).toEqual({ role: 'branch_admin', orgId: 'org-sh' });
    expect(escalation.instructions?.['zh-CN']).toContain('专属客户成功经理');
    run.complete('done');
    expect(run.state).toMatchObject({ status: 'completed', outcome: 'escalated' });
  });
});

describe('quote-discount-approval (mandatory)', () => {
  const line = (discount_pct: number) => ({ product_name: '企业版年费', quantity: 5, list_price: 20000, unit_price: 18000, discount_pct });
  const quote = (...discounts: number[]) => recordOf(QUOTE, { customer_name: '深圳云帆科技有限公司', customer_tier: 'A', currency: 'CNY', lines: discounts.map(line), discount_reason: '战略客户首单' });

  it('a discount of 15 % or less needs no approval', () => {
    const run = new Driver(wf(QUOTE_DISCOUNT_APPROVAL), { recordId: 'q-1', ownerId: 'u-rep', record: quote(10, 15) });
    expect(run.state).toMatchObject({ status: 'completed', outcome: 'not_required' });
    expect(run.of('task.create')).toEqual([]);
  });

  it('a line above 15 % goes to the branch admin; approval is written back and the owner told', () => {
    const run = new Driver(wf(QUOTE_DISCOUNT_APPROVAL), { recordId: 'q-1', ownerId: 'u-rep', record: quote(5, 20) });
    expect(run.of('record.update')[0]?.changes).toEqual({ approval_status: 'pending' });
    expect(run.openTask()).toMatchObject({ kind: 'approval', assignee: { role: 'branch_admin', orgId: 'org-sh' } });
    run.complete('approved', T0 + HOUR);
    expect(run.of('record.update').map((e) => e.changes)).toEqual([{ approval_status: 'pending' }, { approval_status: 'approved' }]);
    expect(run.of('outbox')).toEqual([expect.objectContaining({ channel: 'inbox', payload: expect.objectContaining({ to: { userId: 'u-rep' } }) })]);
    expect(run.state).toMatchObject({ status: 'completed', outcome: 'approved' });
  });

  it('a rejection is written back; a decision not taken in 2 days reminds the admin and asks again', () => {
    const run = new Driver(wf(QUOTE_DISCOUNT_APPROVAL), { recordId: 'q-1', ownerId: 'u-rep', record: quote(30) });
    const first = run.openTask();
    run.fireTimer();
    expect(run.now).toBe(T0 + 48 * HOUR);
    expect(run.of('outbox')[0]?.payload).toMatchObject({ to: { role: 'branch_admin', orgId: 'org-sh' } });
    const second = run.openTask();
    expect(second.taskId).not.toBe(first.taskId);
    run.complete('rejected');
    expect(run.of('record.update').map((e) => e.changes)).toEqual([{ approval_status: 'pending' }, { approval_status: 'rejected' }]);
    expect(run.state).toMatchObject({ status: 'completed', outcome: 'rejected' });
  });
});

describe('lead-routing (opt-in)', () => {
  const rep = (id: string, region: string, industries: string[], openTasks: number, lastAssignedAt?: number): Candidate => ({
    id, role: 'sales_rep', orgId: 'org-sh', attributes: { region, industries }, openTasks, ...(lastAssignedAt !== undefined ? { lastAssignedAt } : {}),
  });
  const reps = [
    rep('u-chen', 'south', ['technology', 'finance'], 6, T0 - 3 * HOUR),
    rep('u-zhao', 'south', ['retail'], 0, T0 - 1 * HOUR),
    rep('u-sun', 'east', ['technology'], 0, T0 - 5 * HOUR),
    rep('u-zhou', 'south', ['technology'], 9, T0 - 2 * HOUR),
  ];

  it('the best-matching rep (same region, industry experience, fewer open tasks) gets the lead with a background pack and an 8-minute target', () => {
    const run = new Driver(wf(LEAD_ROUTING), { recordId: 'rec-7', ownerId: 'u-creator', record: customer() }, reps);
    const task = run.openTask();
    expect(task.assignee).toEqual({ userId: 'u-chen' });
    expect(task.dueAt).toBe(T0 + 8 * MINUTE);
    expect(task.facts).toMatchObject({ company_name: '深圳云帆科技有限公司', region: 'south', industry: 'technology', contact_phone: '+86 139 0000 1111', tier: 'A', data_source: 'event' });
    run.complete('done', T0 + 5 * MINUTE);
    expect(run.state).toMatchObject({ status: 'completed', outcome: 'responded' });
  });

  it.each([
    ['in time', [5.5], 'responded', 5.5, true],
    ['at the 8-minute mark', [8 - 1 / 60], 'responded', 8, true],
    ['after reassignment', [null, 3], 'responded_after_reassignment', 11, false],
  ] as const)('times the first response from the lead\'s arrival (%s) against the 8-minute target', (_when, answers, outcome, minutes, inTime) => {
    const run = new Driver(wf(LEAD_ROUTING), { recordId: 'rec-7', record: customer() }, reps);
    for (const after of answers) {
      if (after === null) run.fireTimer();
      else run.complete('done', run.now + after * MINUTE);
    }
    expect(run.state).toMatchObject({ status: 'completed', outcome, vars: { response_minutes: minutes, response_within_target: inTime } });
    expect(run.state.trace.find((t) => t.nodeId.startsWith('time_'))?.values).toMatchObject({ 'vars.response_minutes': minutes, 'vars.response_within_target': inTime });
  });

  it('a lead not answered in 8 minutes is reassigned, then escalated', () => {
    const run = new Driver(wf(LEAD_ROUTING), { recordId: 'rec-7', record: customer() }, reps);
    const first = run.openTask();
    run.candidates[0] = { ...reps[0]!, lastAssignedAt: T0 };
    const effects = run.fireTimer();
    expect(effects).toContainEqual(expect.objectContaining({ type: 'task.cancel', taskId: first.taskId, reason: 'expired' }));
    const second = run.openTask();
    expect(second.assignee).toEqual({ userId: 'u-sun' });
    expect(second.dueAt).toBe(T0 + 16 * MINUTE);
    run.fireTimer();
    expect(run.openTask().assignee).toEqual({ role: 'branch_admin', orgId: 'org-sh' });
    run.complete('done');
    expect(run.state).toMatchObject({ status: 'completed', outcome: 'escalated' });
  });
});

describe('usage-drop-revisit (opt-in)', () => {
  const event = (dropPct: number) => ({ type: 'usage.dropped', data: { recordId: 'rec-9', module: 'reports', dropPct } });

  it('the event names the customer record; a sharp drop creates an urgent revisit task for its owner', () => {
    const trigger = evaluateTrigger(wf(USAGE_DROP_REVISIT), { event: event(62) }, T0);
    expect(trigger).toEqual({ ok: true, matched: true, recordId: 'rec-9' });
    const run = new Driver(wf(USAGE_DROP_REVISIT), { recordId: 'rec-9', ownerId: 'u-owner', record: customer(), event: event(62) });
    expect(run.of('record.update')[0]?.changes).toEqual({ usage_drop_module: 'reports', usage_drop_pct: 62 });
    const task = run.openTask();
    expect(task).toMatchObject({ assignee: { userId: 'u-owner' }, recordId: 'rec-9', dueAt: T0 + 4 * HOUR });
    expect(task.facts).toMatchObject({ usage_drop_module: 'reports', usage_drop_pct: 62, company_name: '深圳云帆科技有限公司' });
    run.complete('done');
    expect(run.state).toMatchObject({ status: 'completed', outcome: 'revisited' });
  });

  it('a milder drop gives two days; a missed revisit tells the branch admin', () => {
    const run = new Driver(wf(USAGE_DROP_REVISIT), { recordId: 'rec-9', ownerId: 'u-owner', record: customer(), event: event(30) });
    expect(run.openTask().dueAt).toBe(T0 + 48 * HOUR);
    run.fireTimer();
    expect(run.of('outbox')[0]?.payload).toMatchObject({ to: { role: 'branch_admin', orgId: 'org-sh' } });
    expect(run.state).toMatchObject({ status: 'completed', outcome: 'overdue' });
  });
});

describe('health-index (opt-in)', () => {
  const reported = (logins30d: number, featureCoverage: number, supportRequests30d: number) => ({ type: 'usage.reported', data: { recordId: 'rec-9', logins30d, featureCoverage, supportRequests30d } });
  const run = (logins: number, coverage: number, support: number) =>
    new Driver(wf(HEALTH_INDEX), { recordId: 'rec-9', ownerId: 'u-owner', record: customer(), event: reported(logins, coverage, support) });

  it.each([
    [20, 90, 1, 92, false],
    [30, 100, 0, 100, false],
    [5, 25, 0, 40, false],
    [5, 22.5, 0, 39, true],
    [2, 30, 4, 20, true],
    [0, 0, 9, 0, true],
  ])('logins %s, coverage %s %%, support requests %s → health %s, renewal risk %s', (logins, coverage, support, score, risk) => {
    const r = run(logins, coverage, support);
    expect(r.of('record.update').at(-1)?.changes).toEqual({ health_score: score, renewal_risk: risk });
    expect(r.state).toMatchObject({ status: 'completed', outcome: risk ? 'renewal_risk' : 'healthy' });
    if (risk) {
      expect(r.of('task.create')).toEqual([expect.objectContaining({ assignee: { userId: 'u-owner' }, dueAt: T0 + 48 * HOUR })]);
      expect(r.of('outbox')[0]?.payload).toMatchObject({ to: { role: 'branch_admin', orgId: 'org-sh' } });
    } else expect(r.of('task.create')).toEqual([]);
  });
});

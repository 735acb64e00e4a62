/**
 * The built-in form templates run in the real forms engine (compileForm): computed
 * values on sample data, the tier rule on its boundaries, the quote totals, the
 * 30 % discount cap and the suggested price band.
 */
import { describe, expect, it } from 'vitest';
import { compileForm } from '@branchline/runtime';
import { CUSTOMER_REGISTRATION, QUOTE } from '@branchline/templates';
import type { FormDefinition } from '@branchline/schemas';

const ctx = { now: Date.parse('2026-11-26T08:00:00.000Z') };
const formOf = (t: { definition: unknown }) => compileForm(t.definition as FormDefinition);

const customer = (over: Record<string, unknown> = {}) => ({
  company_name: '上海精工机械有限公司',
  credit_code: '91310000MA1FL8XQ3B',
  region: 'east',
  industry: 'manufacturing',
  contact_name: '王芳',
  contact_phone: '+86 138 0013 8000',
  contact_email: 'wang.fang@jinggong.example.com',
  data_source: 'referral',
  privacy_consent: true,
  privacy_policy_version: '2026-01',
  arr: 250000,
  usage_rate: 70,
  arr_growth: 12,
  ...over,
});

describe('customer-registration', () => {
  const form = formOf(CUSTOMER_REGISTRATION);

  it('compiles without problems', () => {
    expect(form.definitionProblems).toEqual([]);
  });

  it('accepts a valid registration and computes its tier', () => {
    const r = form.validate(customer(), ctx);
    expect(r.ok ? r.record.tier : r.problems).toBe('A');
  });

  it.each([
    [500000, 90, 5, 'A'],
    [500000.01, 90, 5, 'S'],
    [600000, 80, 5, 'A'],
    [600000, 80.01, 5, 'S'],
    [600000, 80.01, -50, 'S'],
    [100000, 10, 0, 'A'],
    [99999.99, 10, 0, 'B'],
    [200000, 10, 0, 'A'],
    [200000, 10, -0.01, 'B'],
    [600000, 50, -5, 'B'],
    [0, 0, 0, 'B'],
  ])('arr %s, usage %s %%, growth %s %% → tier %s', (arr, usage_rate, arr_growth, tier) => {
    const r = form.validate(customer({ arr, usage_rate, arr_growth }), ctx);
    expect(r.ok ? r.record.tier : r.problems).toBe(tier);
  });

  it.each([
    ['17 characters', '91310000MA1FL8XQ3', '/credit_code'],
    ['a letter I', '91310000MA1FL8XQ3I', '/credit_code'],
    ['lower case', '91310000ma1fl8xq3b', '/credit_code'],
    ['letters in the area code', '91AB0000MA1FL8XQ3B', '/credit_code'],
  ])('refuses a credit code with %s', (_what, credit_code, at) => {
    const r = form.validate(customer({ credit_code }), ctx);
    expect(r.ok ? [] : r.problems.map((p) => p.pointer)).toContain(at);
  });

  it('requires the credit code except for South-East Asian customers', () => {
    const { credit_code: _omit, ...without } = customer();
    const china = form.validate(without, ctx);
    expect(china.ok ? [] : china.problems.map((p) => [p.pointer, p.code])).toContainEqual(['/credit_code', 'required']);
    expect(form.validate({ ...without, region: 'sea' }, ctx).ok).toBe(true);
  });

  it('refuses a registration without privacy consent, a bad email or a negative ARR', () => {
    for (const [over, at] of [[{ privacy_consent: false }, '/privacy_consent'], [{ contact_email: 'not-an-email' }, '/contact_email'], [{ arr: -1 }, '/arr'], [{ usage_rate: 101 }, '/usage_rate'], [{ region: 'moon' }, '/region']] as const) {
      const r = form.validate(customer(over), ctx);
      expect(r.ok ? [] : r.problems.map((p) => p.pointer), JSON.stringify(over)).toContain(at);
    }
  });
});

const line = (over: Record<string, unknown> = {}) => ({ product_name: 'Branchline CRM 席位', quantity: 10, list_price: 1200, unit_price: 1000, discount_pct: 0, ...over });
const quote = (lines: Record<string, unknown>[], over: Record<string, unknown> = {}) => ({ customer_name: '上海精工机械有限公司', customer_tier: 'A', currency: 'CNY', lines, ...over });

describe('quote', () => {
  const form = formOf(QUOTE);

  it('compiles without problems', () => {
    expect(form.definitionProblems).toEqual([]);
  });

  it.each([
    ['one line, no discount', [line()], { subtotal: 10000, discount_total: 0, total: 10000 }, [10000]],
    ['two lines with discounts', [line({ discount_pct: 10 }), line({ quantity: 3, unit_price: 250, discount_pct: 5 })], { subtotal: 10750, discount_total: 1037.5, total: 9712.5 }, [9000, 712.5]],
    ['fractions', [line({ quantity: 7, unit_price: 99.99, discount_pct: 12.5 })], { subtotal: 699.93, discount_total: 87.49, total: 612.44 }, [612.44]],
  ])('computes the totals: %s', (_name, lines, totals, lineTotals) => {
    const r = form.validate(quote(lines, { discount_reason: 'n/a' }), ctx);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const rounded = (n: unknown) => Math.round((n as number) * 100) / 100;
    expect({ subtotal: rounded(r.record.subtotal), discount_total: rounded(r.record.discount_total), total: rounded(r.record.total) }).toEqual(totals);
    expect((r.record.lines as { line_total: number }[]).map((l) => rounded(l.line_total))).toEqual(lineTotals);
  });

  it.each([
    [30, true],
    [29.99, true],
    [30.01, false],
    [31, false],
    [-1, false],
  ])('discount %s %% on a line: accepted = %s (HQ caps it at 30 %%)', (discount_pct, ok) => {
    const r = form.validate(quote([line(), line({ discount_pct })], { discount_reason: 'Strategic account' }), ctx);
    expect(r.ok).toBe(ok);
    if (!r.ok) expect(r.problems.map((p) => p.pointer)).toEqual(['/lines/1/discount_pct']);
  });

  it('refuses 31 % with a pointer to the line, naming the limit', () => {
    const r = form.validate(quote([line({ discount_pct: 31 })], { discount_reason: 'x' }), ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems[0]).toMatchObject({ pointer: '/lines/0/discount_pct' });
      expect(r.problems[0]!.message.en).toContain('30');
    }
  });

  it('refuses a quantity below 1 or not whole', () => {
    for (const quantity of [0, 1.5]) {
      const r = form.validate(quote([line({ quantity })]), ctx);
      expect(r.ok ? [] : r.problems.map((p) => p.pointer)).toContain('/lines/0/quantity');
    }
  });

  it('asks for a reason when a discount is above 15 %', () => {
    const r = form.validate(quote([line({ discount_pct: 20 })]), ctx);
    expect(r.ok ? [] : r.problems.map((p) => [p.pointer, p.code])).toContainEqual(['/discount_reason', 'required']);
    expect(form.validate(quote([line({ discount_pct: 15 })]), ctx).ok).toBe(true);
  });

  it.each([
    ['S', 100, 800],
    ['S', 99, 830],
    ['A', 20, 880],
    ['A', 19, 900],
    ['B', 1, 950],
  ])('suggests a band from list price, tier %s and volume %s: lowest %s, highest the list price', (customer_tier, quantity, lowest) => {
    const r = form.validate(quote([line({ quantity, list_price: 1000 })], { customer_tier }), ctx);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const [l] = r.record.lines as { suggested_min: number; suggested_max: number }[];
    expect(Math.round(l!.suggested_min * 100) / 100).toBe(lowest);
    expect(l!.suggested_max).toBe(1000);
  });

  it('fills in HQ\'s contract template and the approval status by default', () => {
    const r = form.validate(quote([line()]), ctx);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.record.contract_template).toBe('contract-standard-2026');
    expect(r.record.approval_status).toBe('not_required');
  });
});

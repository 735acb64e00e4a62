/** Computed values in dependency order, visibility, conditional required, rules, preview, caching. */
import type { FormDefinition } from '@branchline/schemas';
import { describe, expect, it } from 'vitest';
import { compileForm } from './compile-form';
import { CUSTOMER_FORM, customerSubmission, QUOTE_FORM, quoteSubmission } from './fixtures';

const ctx = { now: Date.UTC(2026, 10, 26, 8) };
const t = (en: string) => ({ en, 'zh-CN': en });

describe('the quote: line totals, then subtotal, total and discount', () => {
  const quote = compileForm(QUOTE_FORM);

  it('computes every line, then the aggregates', () => {
    const r = quote.validate(
      {
        customer_name: 'ACME',
        lines: [
          { product_name: 'A', quantity: 2, unit_price: 100, discount_pct: 5 },
          { product_name: 'B', quantity: 3, unit_price: 33.33 },
          { product_name: 'C', quantity: 1, unit_price: 0.1, discount_pct: 10 },
        ],
      },
      ctx,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.record.currency).toBe('CNY');
    expect((r.record.lines as Record<string, number>[]).map((l) => l.line_total)).toEqual([190, 99.99, 0.09]);
    expect((r.record.lines as Record<string, number>[])[1]!.discount_pct).toBe(0);
    expect(r.record).toMatchObject({ subtotal: 300.09, total: 290.08, discount_total: 10.01 });
  });

  it('points into the line items', () => {
    const data = quoteSubmission(4);
    (data.lines as Record<string, unknown>[])[2]!.discount_pct = 31;
    (data.lines as Record<string, unknown>[])[3]!.quantity = 0;
    const r = quote.validate(data, ctx);
    expect(r.ok ? [] : r.problems.map((p) => `${p.pointer} ${p.code}`)).toEqual(['/lines/2/discount_pct too_large', '/lines/3/quantity too_small', '/discount_reason required']);
  });

  it('ignores computed values a client sends and recomputes them', () => {
    const data: Record<string, unknown> = { ...quoteSubmission(1), total: 1, subtotal: 'x' };
    (data.lines as Record<string, unknown>[])[0]!.line_total = 12345;
    const r = quote.validate(data, ctx);
    expect(r.ok && r.record.total).toBe(99.5);
    expect(r.ok && (r.record.lines as Record<string, unknown>[])[0]!.line_total).toBe(99.5);
  });

  it('needs a reason once a line has more than 10 % discount (visibleWhen + required)', () => {
    const data = quoteSubmission(3);
    (data.lines as Record<string, unknown>[])[0]!.discount_pct = 15;
    const missing = quote.validate(data, ctx);
    expect(missing.ok ? [] : missing.problems.map((p) => `${p.pointer} ${p.code}`)).toEqual(['/discount_reason required']);
    const given = quote.validate({ ...data, discount_reason: 'Strategic account' }, ctx);
    expect(given.ok && given.record.discount_reason).toBe('Strategic account');
  });

  it('does not store a hidden field, even one sent with a bad value', () => {
    const r = quote.validate({ ...quoteSubmission(2), discount_reason: 42 }, ctx);
    expect(r.ok).toBe(true);
    expect(r.ok && r.record).not.toHaveProperty('discount_reason');
  });

  it('checks rules after the values are valid', () => {
    const r = quote.validate({ customer_name: 'ACME', lines: [{ product_name: 'Free', quantity: 1, unit_price: 0 }] }, ctx);
    expect(r.ok ? [] : r.problems).toEqual([{ pointer: '/total', code: 'rule_violated', message: { 'zh-CN': '总计必须大于零。', en: 'The total must be above zero.' }, params: { rule: 'positive-total' } }]);
  });
});

describe('dependency order', () => {
  it('settles values whatever order the fields are listed in', () => {
    const def: FormDefinition = {
      schemaVersion: 1,
      kind: 'form',
      key: 'order',
      title: t('Order'),
      fields: [
        { key: 'c', type: 'computed', label: t('c'), resultType: 'number', expression: 'b * 2' },
        { key: 'b', type: 'computed', label: t('b'), resultType: 'number', expression: 'a + 1' },
        { key: 'a', type: 'number', label: t('a') },
        {
          key: 'rows',
          type: 'table',
          label: t('rows'),
          columns: [
            { key: 'y', type: 'computed', label: t('y'), resultType: 'number', expression: 'x * 10 + a' },
            { key: 'x', type: 'computed', label: t('x'), resultType: 'number', expression: 'v + 1' },
            { key: 'v', type: 'number', label: t('v') },
          ],
        },
        { key: 'total', type: 'computed', label: t('total'), resultType: 'number', expression: 'sum(rows.map(r, r.y)) + c' },
      ],
    };
    const r = compileForm(def).validate({ a: 1, rows: [{ v: 1 }, { v: 2 }] }, ctx);
    expect(r.ok && r.record).toEqual({ a: 1, b: 2, c: 4, rows: [{ v: 1, x: 2, y: 21 }, { v: 2, x: 3, y: 31 }], total: 56 });
  });

  it('leaves a computed value out when an input is empty, without a problem', () => {
    const r = compileForm(CUSTOMER_FORM).validate({ ...customerSubmission(), usage_rate: undefined, low_usage_reason: undefined }, ctx);
    expect(r.ok).toBe(true);
    expect(r.ok && r.record).not.toHaveProperty('tier');
    expect(r.ok && r.record).not.toHaveProperty('next_review');
  });

  it('reports a computed value that fails on valid input', () => {
    const def: FormDefinition = {
      schemaVersion: 1,
      kind: 'form',
      key: 'ratio',
      title: t('Ratio'),
      fields: [
        { key: 'a', type: 'number', label: t('A') },
        { key: 'b', type: 'number', label: t('B') },
        { key: 'ratio', type: 'computed', label: t('Ratio'), resultType: 'number', expression: 'a / b' },
      ],
    };
    const r = compileForm(def).validate({ a: 1, b: 0 }, ctx);
    expect(r.ok ? [] : r.problems.map((p) => `${p.pointer} ${p.code} ${p.params?.cause}`)).toEqual(['/ratio computed_failed not_finite']);
  });
});

describe('visibility and conditional required (customer form)', () => {
  const form = compileForm(CUSTOMER_FORM);

  it('hides the WeChat ID outside the east region and does not store it', () => {
    const r = form.validate({ ...customerSubmission(), region: 'west' }, ctx);
    expect(r.ok && r.record).not.toHaveProperty('wechat_id');
  });

  it('requires a reason when usage is low', () => {
    const r = form.validate({ ...customerSubmission(), usage_rate: 10 }, ctx);
    expect(r.ok ? [] : r.problems.map((p) => `${p.pointer} ${p.code}`)).toEqual(['/low_usage_reason required']);
  });

  it('checks the rule over the contacts table', () => {
    const data = customerSubmission();
    (data.contacts as Record<string, unknown>[])[1]!.share = 41;
    const r = form.validate(data, ctx);
    expect(r.ok ? [] : r.problems.map((p) => `${p.pointer} ${p.code}`)).toEqual(['/contacts rule_violated']);
  });
});

describe('evaluate (live preview)', () => {
  const form = compileForm(CUSTOMER_FORM);

  it('computes values and visibility for a draft without refusing it for empty required fields', () => {
    const p = form.evaluate({ arr: 200000, usage_rate: 10, region: 'west' }, ctx);
    expect(p.problems).toEqual([]);
    expect(p.values).toMatchObject({ arr: 200000, currency: 'CNY', tier: 'A' });
    expect(p.visible).toMatchObject({ wechat_id: false, company_name: true });
    expect(p.required).toMatchObject({ company_name: true, low_usage_reason: true, notes: false, tier: false });
  });

  it('reports empty required fields when asked', () => {
    const p = form.evaluate({ region: 'east' }, ctx, { reportMissing: true });
    expect(p.problems.map((x) => `${x.pointer} ${x.code}`)).toEqual(['/company_name required', '/privacy consent_required']);
  });

  it('reports bad values it sees', () => {
    const p = form.evaluate({ employees: 'many' }, ctx);
    expect(p.problems.map((x) => `${x.pointer} ${x.code}`)).toEqual(['/employees not_integer']);
  });
});

describe('compiled forms are cached', () => {
  it('by definition object and by key', () => {
    expect(compileForm(QUOTE_FORM)).toBe(compileForm(QUOTE_FORM));
    const copy = structuredClone(QUOTE_FORM);
    const byKey = compileForm(copy, { cacheKey: 'quote@1' });
    expect(compileForm(structuredClone(QUOTE_FORM), { cacheKey: 'quote@1' })).toBe(byKey);
    expect(byKey).not.toBe(compileForm(QUOTE_FORM));
  });

  it('exposes the submission JSON Schema and the expression scope', () => {
    const form = compileForm(QUOTE_FORM);
    expect(form.schema).toMatchObject({ type: 'object', additionalProperties: false });
    expect(form.scope.lines).toMatchObject({ type: 'list', maxItems: 100 });
  });
});

describe('a form with definition problems', () => {
  it('refuses every submission and lists the problems', () => {
    const def = { ...QUOTE_FORM, fields: [...QUOTE_FORM.fields, { key: 'bad', type: 'computed', label: t('Bad'), resultType: 'number', expression: 'totl * 2' }] } as FormDefinition;
    const form = compileForm(def);
    expect(form.definitionProblems.map((p) => `${p.pointer} ${p.code}`)).toEqual(['/fields/7/expression unknown_field']);
    const r = form.validate(quoteSubmission(1), ctx);
    expect(r.ok ? 'ok' : r.problems[0]!.code).toBe('form_definition_invalid');
    expect(form.evaluate({}, ctx).problems[0]!.code).toBe('form_definition_invalid');
  });

  it('refuses a definition of the wrong shape without throwing', () => {
    const form = compileForm({ kind: 'form' } as unknown as FormDefinition);
    expect(form.definitionProblems.length).toBeGreaterThan(0);
    expect(form.validate({}, ctx).ok).toBe(false);
  });
});

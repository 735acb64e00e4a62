/**
 * The built-in templates as data: each is a valid Template document, speaks zh-CN and
 * en everywhere a person reads text, and its manifest names real elements. (Running
 * them in the engine is tests/templates/, since templates/ may import only schemas.)
 */
import { describe, expect, it } from 'vitest';
import { validateShape, type Template } from '@branchline/schemas';
import { BUILT_IN_TEMPLATES, builtInTemplate } from './index';

const byKey = (key: string) => builtInTemplate(key)!;

/** Every localized text in a document, with its JSON pointer. */
function texts(value: unknown, at = ''): { at: string; text: Record<string, unknown> }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => texts(v, `${at}/${i}`));
  if (typeof value !== 'object' || value === null) return [];
  const out: { at: string; text: Record<string, unknown> }[] = [];
  for (const [k, v] of Object.entries(value)) {
    const isText = typeof v === 'object' && v !== null && !Array.isArray(v) && ('en' in v || 'zh-CN' in v);
    if (isText) out.push({ at: `${at}/${k}`, text: v as Record<string, unknown> });
    else out.push(...texts(v, `${at}/${k}`));
  }
  return out;
}

describe('built-in templates', () => {
  it('are the seven of issue 4, each once', () => {
    expect(BUILT_IN_TEMPLATES.map((t) => t.key)).toEqual(['customer-registration', 'quote', 'quote-discount-approval', 'customer-grading', 'lead-routing', 'usage-drop-revisit', 'health-index']);
  });

  it.each(BUILT_IN_TEMPLATES.map((t) => [t.key, t] as const))('%s has the shape of a template', (_key, t) => {
    expect(validateShape('template', t)).toEqual([]);
    expect(t.definition.key).toBe(t.key);
    expect(t.version).toBe(1);
  });

  it.each(BUILT_IN_TEMPLATES.map((t) => [t.key, t] as const))('%s says everything in zh-CN and en', (_key, t) => {
    const missing = texts(t).filter(({ text }) => typeof text['zh-CN'] !== 'string' || typeof text.en !== 'string' || !text['zh-CN'] || !text.en);
    expect(missing.map((m) => m.at)).toEqual([]);
    expect(texts(t).length).toBeGreaterThan(5);
  });

  it.each(BUILT_IN_TEMPLATES.map((t) => [t.key, t] as const))('%s: every lock carries HQ policy text and names a real element', (_key, t: Template) => {
    const def = t.definition;
    for (const lock of t.locks) {
      expect(lock.policy['zh-CN']!.length).toBeGreaterThan(10);
      expect(lock.policy.en!.length).toBeGreaterThan(20);
      if (lock.element === 'field') expect(def.kind === 'form' && def.fields.some((f) => f.key === lock.key)).toBe(true);
    }
    for (const p of t.extensions?.points ?? []) {
      expect(def.kind === 'workflow' && def.edges.some((e) => e.from === p.node && (e.port ?? 'next') === p.port), `${p.id} is an edge leaving ${p.node} by ${p.port}`).toBe(true);
    }
  });

  it('customer-registration locks the compliance fields issue 4 names, with the 18-character credit code pattern', () => {
    const t = byKey('customer-registration');
    const locked = t.locks.flatMap((l) => (l.element === 'field' ? [l.key] : []));
    expect(locked).toEqual(expect.arrayContaining(['company_name', 'region', 'credit_code', 'contact_name', 'contact_phone', 'contact_email', 'data_source', 'privacy_consent', 'privacy_policy_version', 'arr', 'usage_rate', 'arr_growth', 'tier']));
    const def = t.definition.kind === 'form' ? t.definition : undefined;
    const code = def?.fields.find((f) => f.key === 'credit_code');
    expect(code?.type === 'text' && code.validation?.pattern).toBe('^[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}$');
    expect(def?.fields.some((f) => f.key === 'owner' || f.key === 'owner_id')).toBe(false);
    const region = def?.fields.find((f) => f.key === 'region');
    expect(region?.type === 'select' && region.options.map((o) => o.value)).toEqual(['east', 'south', 'north', 'west', 'sea']);
    const source = def?.fields.find((f) => f.key === 'data_source');
    expect(source?.type === 'select' && source.options.map((o) => o.value)).toEqual(['website', 'referral', 'event', 'partner', 'cold_call']);
  });

  it('customer-registration: each field has the type and rule issue 4 gives it', () => {
    const def = byKey('customer-registration').definition;
    const fields = def.kind === 'form' ? def.fields : [];
    const spec = (key: string) => {
      const f = fields.find((x) => x.key === key) as Record<string, unknown> | undefined;
      return f && { type: f.type, required: f.required ?? false, validation: f.validation };
    };
    expect(spec('company_name')).toMatchObject({ type: 'text', required: true });
    expect(spec('credit_code')?.type).toBe('text');
    expect(spec('contact_name')).toMatchObject({ type: 'text', required: true });
    expect(spec('contact_phone')).toMatchObject({ type: 'phone', required: true });
    expect(spec('contact_email')).toMatchObject({ type: 'email', required: true });
    expect(spec('privacy_consent')).toMatchObject({ type: 'consent', required: true });
    expect(spec('privacy_policy_version')).toMatchObject({ type: 'text', required: true });
    expect(spec('arr')).toMatchObject({ type: 'currency', validation: { min: 0 } });
    expect(spec('usage_rate')).toMatchObject({ type: 'percent', validation: { min: 0, max: 100 } });
    expect(spec('arr_growth')?.type).toBe('percent');
    const tier = fields.find((f) => f.key === 'tier');
    expect(tier?.type === 'computed' && [tier.resultType, tier.expression]).toEqual(['text', "arr > 500000 && usage_rate > 80 ? 'S' : (arr >= 100000 && arr_growth >= 0 ? 'A' : 'B')"]);
  });

  it('quote: the currencies and line columns issue 4 gives', () => {
    const def = byKey('quote').definition;
    const fields = def.kind === 'form' ? def.fields : [];
    const currency = fields.find((f) => f.key === 'currency');
    expect(currency?.type === 'select' && currency.options.map((o) => o.value)).toEqual(['CNY', 'USD', 'EUR', 'IDR']);
    expect(fields.find((f) => f.key === 'customer_name')).toMatchObject({ type: 'text', required: true });
    const lines = fields.find((f) => f.key === 'lines');
    const col = (key: string) => (lines?.type === 'table' ? (lines.columns.find((c) => c.key === key) as Record<string, unknown> | undefined) : undefined);
    expect(col('product_name')).toMatchObject({ type: 'text', required: true });
    expect(col('quantity')).toMatchObject({ type: 'number', required: true, validation: { min: 1, integer: true } });
    expect(col('unit_price')).toMatchObject({ required: true, validation: { min: 0 } });
    expect(col('discount_pct')).toMatchObject({ type: 'percent', validation: { min: 0, max: 30 } });
    const expr = (key: string) => (fields.find((f) => f.key === key) as { expression?: string } | undefined)?.expression;
    expect(expr('subtotal')).toBe('sum(lines.map(l, l.quantity * l.unit_price))');
    expect(expr('total')).toBe('sum(lines.map(l, l.quantity * l.unit_price * (1 - l.discount_pct / 100)))');
    expect(expr('discount_total')).toBe('subtotal - total');
  });

  it('the quote locks the 30 % discount cap and the contract template', () => {
    const t = byKey('quote');
    const def = t.definition.kind === 'form' ? t.definition : undefined;
    const lines = def?.fields.find((f) => f.key === 'lines');
    const discount = lines?.type === 'table' ? lines.columns.find((c) => c.key === 'discount_pct') : undefined;
    expect(discount?.type === 'percent' && discount.validation).toEqual({ min: 0, max: 30 });
    expect(t.locks.some((l) => l.element === 'field' && l.key === 'lines')).toBe(true);
    expect(t.locks.some((l) => l.element === 'field' && l.key === 'contract_template')).toBe(true);
    const contract = def?.fields.find((f) => f.key === 'contract_template');
    expect(contract?.type === 'reference' && contract.default).toBeTruthy();
  });

  it('customer-grading and quote-discount-approval are mandatory; the others are opt-in', () => {
    expect(BUILT_IN_TEMPLATES.filter((t) => t.mandatory === true).map((t) => t.key)).toEqual(['quote-discount-approval', 'customer-grading']);
  });

  it('every workflow declares extension points', () => {
    for (const t of BUILT_IN_TEMPLATES.filter((x) => x.definition.kind === 'workflow')) expect(t.extensions?.points?.length, t.key).toBeGreaterThan(0);
  });
});

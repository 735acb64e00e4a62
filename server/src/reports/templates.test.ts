/**
 * GET /reports/templates: the form templates the dashboard can choose, with the
 * dimensions and measures the aggregate report accepts for each — the same fields,
 * so every one the list offers is accepted and nothing else is.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CUSTOMER_GRADING, CUSTOMER_REGISTRATION, QUOTE } from '@branchline/templates';
import type { ReportTemplates } from '@branchline/schemas';
import { must, runsKit, type Kit } from '../runs/test-kit';

let kit: Kit;
beforeEach(async () => {
  kit = await runsKit({ setup: false });
  for (const t of [CUSTOMER_REGISTRATION, CUSTOMER_GRADING, QUOTE]) must(await kit.call('POST', '/templates', 'hqAdmin', { template: t }), 201);
});
afterEach(() => kit?.app.close());

describe('GET /reports/templates', () => {
  it('lists the form templates with their locked dimensions and measures, labelled, and no workflow', async () => {
    const body = must(await kit.call('GET', '/reports/templates', 'auditor'), 200) as ReportTemplates;
    expect(body.items.map((i) => i.key)).toEqual(['customer-registration', 'quote']);
    const reg = body.items.find((i) => i.key === 'customer-registration')!;
    expect(reg.dimensions.map((d) => d.field)).toEqual(expect.arrayContaining(['tier', 'region', 'data_source', 'renewal_risk']));
    expect(reg.measures.map((m) => m.field)).toEqual(expect.arrayContaining(['arr', 'usage_rate', 'health_score']));
    expect(reg.measures.find((m) => m.field === 'arr')).toEqual({ field: 'arr', label: expect.objectContaining({ en: expect.any(String), 'zh-CN': expect.any(String) }), type: 'currency', currency: 'USD' });
    expect(reg.dimensions.find((d) => d.field === 'tier')!.type).toBe('computed:text');
    const quote = body.items.find((i) => i.key === 'quote')!;
    expect(quote.measures.map((m) => m.field)).toEqual(expect.arrayContaining(['subtotal', 'total']));
    expect(quote.title.en).toBeTruthy();
  });

  it('offers exactly what the aggregate accepts', async () => {
    const { items } = must(await kit.call('GET', '/reports/templates', 'hqAdmin'), 200) as ReportTemplates;
    for (const t of items) {
      for (const d of t.dimensions) must(await kit.call('GET', `/reports/aggregate?template=${t.key}&groupBy=${d.field}`, 'hqAdmin'), 200);
      for (const m of t.measures) must(await kit.call('GET', `/reports/aggregate?template=${t.key}&measures=sum:${m.field},avg:${m.field}`, 'hqAdmin'), 200);
      const fields = new Set([...t.dimensions, ...t.measures].map((f) => f.field));
      const other = ((await kit.call('GET', `/templates/${t.key}`, 'hqAdmin')).json().template.definition.fields as { key: string }[]).find((f) => !fields.has(f.key))!;
      expect((await kit.call('GET', `/reports/aggregate?template=${t.key}&groupBy=${other.key}`, 'hqAdmin')).statusCode).toBe(422);
    }
  });

  it('is for the roles that read reports', async () => {
    expect((await kit.call('GET', '/reports/templates', 'eastAdmin')).statusCode).toBe(200);
    expect((await kit.call('GET', '/reports/templates', 'eastRep')).statusCode).toBe(403);
  });
});

import { describe, expect, it } from 'vitest';
import { buckets, choiceFor, dimsPerBranch, overallCompliance, perBranch, pickTemplate, reportQueries, slaPer, totals, trend, windowOf, type ReportTemplate } from './model';

const label = (en: string) => ({ en, 'zh-CN': en });
const field = (name: string, type: string) => ({ field: name, label: label(name), type });
/** As GET /reports/templates lists them. */
const registration: ReportTemplate = {
  key: 'customer-registration',
  title: label('Customer registration'),
  version: 1,
  dimensions: [field('data_source', 'select'), field('region', 'select'), field('tier', 'computed:text')],
  measures: [field('usage_rate', 'percent'), { ...field('arr', 'currency'), currency: 'USD' }, field('health_score', 'number')],
};
const quote: ReportTemplate = {
  key: 'quote',
  title: label('Quote'),
  version: 2,
  dimensions: [field('approval_status', 'select'), field('currency', 'select')],
  measures: [field('subtotal', 'computed:number'), field('total', 'computed:number')],
};
const bare: ReportTemplate = { key: 'visit', title: label('Visit'), version: 1, dimensions: [], measures: [field('visits', 'number')] };

const today = Date.parse('2026-03-10T15:30:00Z');

describe('windowOf', () => {
  it('covers whole UTC days ending with today, the trend bucket growing with the span', () => {
    expect(windowOf('7d', today)).toEqual({ from: '2026-03-04', to: '2026-03-11', granularity: 'day' });
    expect(windowOf('90d', today)).toEqual({ from: '2025-12-11', to: '2026-03-11', granularity: 'week' });
    expect(windowOf('12m', today).granularity).toBe('month');
    expect(windowOf('all', today)).toEqual({ granularity: 'month' });
  });

  it('takes a custom window with its last day included', () => {
    expect(windowOf('custom', today, { from: '2026-02-01', to: '2026-02-10' })).toEqual({ from: '2026-02-01', to: '2026-02-11', granularity: 'day' });
    expect(windowOf('custom', today, { from: '2026-01-01' })).toEqual({ from: '2026-01-01', granularity: 'month' });
  });
});

describe('the template, measure and dimension', () => {
  it('opens on customer registration with ARR by tier and the health index', () => {
    expect(pickTemplate([quote, registration], undefined)).toBe(registration);
    expect(pickTemplate([quote, registration], 'quote')).toBe(quote);
    expect(pickTemplate([quote], 'gone')).toBe(quote);
    expect(choiceFor(registration)).toEqual({ template: 'customer-registration', measure: 'arr', dimension: 'tier', distribution: 'health_score' });
  });

  it("follows another template's report fields: its first measure and dimension, a percent for the distribution", () => {
    expect(choiceFor(quote)).toEqual({ template: 'quote', measure: 'subtotal', dimension: 'approval_status' });
    expect(choiceFor(quote, { measure: 'total', dimension: 'currency' })).toEqual({ template: 'quote', measure: 'total', dimension: 'currency' });
    // A measure or dimension the template does not have is not kept.
    expect(choiceFor(quote, { measure: 'arr', dimension: 'tier' })).toEqual({ template: 'quote', measure: 'subtotal', dimension: 'approval_status' });
    expect(choiceFor({ ...registration, measures: registration.measures.filter((m) => m.field !== 'health_score') }).distribution).toBe('usage_rate');
    expect(choiceFor(bare)).toEqual({ template: 'visit', measure: 'visits' });
  });
});

describe('report queries', () => {
  it('share the template, branch and window; the trend groups by the window granularity', () => {
    const q = reportQueries({ orgId: 'east', window: windowOf('30d', today) }, choiceFor(registration));
    expect(q.perBranch.query).toEqual({ template: 'customer-registration', orgId: 'east', from: '2026-02-09', to: '2026-03-11', groupBy: 'orgId', measures: 'count,sum:arr' });
    expect(q.trend.query.groupBy).toBe('day');
    expect(q.sla).toEqual({ path: '/reports/sla', query: { template: 'customer-registration', orgId: 'east', from: '2026-02-09', to: '2026-03-11', groupBy: 'tier' } });
    expect(q.health.query).toMatchObject({ field: 'health_score', min: 0, max: 100 });
    expect(reportQueries({ window: windowOf('all', today) }, choiceFor(registration)).dims.query).toEqual({ template: 'customer-registration', groupBy: 'orgId,tier', measures: 'count' });
  });

  it("ask for the chosen template's measure and dimension", () => {
    const q = reportQueries({ window: windowOf('all', today) }, choiceFor(quote, { measure: 'total', dimension: 'currency' }));
    expect(q.perBranch.query).toEqual({ template: 'quote', groupBy: 'orgId', measures: 'count,sum:total' });
    expect(q.dims.query).toEqual({ template: 'quote', groupBy: 'orgId,currency', measures: 'count' });
    expect(q.trend.query).toEqual({ template: 'quote', groupBy: 'month', measures: 'count,sum:total' });
    expect(q.sla.query).toEqual({ template: 'quote', groupBy: 'currency' });
    const plain = reportQueries({ window: windowOf('all', today) }, { template: 'visit' });
    expect(plain.perBranch.query.measures).toBe('count');
    expect(plain.sla.query).toEqual({ template: 'visit' });
  });
});

describe('reshaping report rows', () => {
  it('per branch, with totals', () => {
    const rows = perBranch(
      [
        { orgId: 'south', count: 2, sum_arr: 300 },
        { orgId: 'east', count: 3, sum_arr: 1200.5 },
      ],
      'arr',
    );
    expect(rows).toEqual([
      { orgId: 'east', count: 3, sum: 1200.5 },
      { orgId: 'south', count: 2, sum: 300 },
    ]);
    expect(totals(rows)).toEqual({ count: 5, sum: 1500.5 });
    expect(perBranch([{ orgId: 'east', count: 3, sum_total: 9 }], 'total')).toEqual([{ orgId: 'east', count: 3, sum: 9 }]);
  });

  it('tiers per branch fill the tiers a branch lacks with 0', () => {
    const { values, rows } = dimsPerBranch(
      [
        { orgId: 'east', tier: 'A', count: 2 },
        { orgId: 'east', tier: 'S', count: 1 },
        { orgId: 'sea', tier: 'B', count: 4 },
      ],
      'tier',
    );
    expect(values).toEqual(['S', 'A', 'B']);
    expect(rows).toEqual([
      { orgId: 'east', total: 3, S: 1, A: 2, B: 0 },
      { orgId: 'sea', total: 4, S: 0, A: 0, B: 4 },
    ]);
  });

  it("any other dimension's values in text order, an empty value as —", () => {
    const { values, rows } = dimsPerBranch(
      [
        { orgId: 'east', approval_status: 'pending', count: 2 },
        { orgId: 'east', approval_status: '', count: 1 },
        { orgId: 'east', approval_status: 'approved', count: 4 },
      ],
      'approval_status',
    );
    expect(values).toEqual(['approved', 'pending', '—']);
    expect(rows).toEqual([{ orgId: 'east', total: 7, approved: 4, pending: 2, '—': 1 }]);
  });

  it('trend points in time order', () => {
    expect(trend([{ week: '2026-03-02', count: 1, sum_arr: 5 }, { week: '2026-02-23', count: 2, sum_arr: 0 }], 'week', 'arr')).toEqual([
      { period: '2026-02-23', count: 2, sum: 0 },
      { period: '2026-03-02', count: 1, sum: 5 },
    ]);
  });

  it('SLA per tier in percent, S A B first, and overall over the decided tasks', () => {
    const rows = slaPer(
      [
        { tier: 'B', total: 3, met: 1, missed: 1, open: 1, compliance: 0.5 },
        { tier: 'S', total: 1, met: 0, missed: 0, open: 1, compliance: null },
        { tier: 'A', total: 3, met: 2, missed: 1, open: 0, compliance: 2 / 3 },
      ],
      'tier',
    );
    expect(slaPer([{ total: 2, met: 1, missed: 0, open: 1, compliance: 1 }], undefined)).toEqual([{ value: '', total: 2, met: 1, missed: 0, open: 1, compliance: 100 }]);
    expect(rows.map((r) => [r.value, r.compliance])).toEqual([
      ['S', null],
      ['A', 66.7],
      ['B', 50],
    ]);
    expect(overallCompliance(rows)).toBe(60);
    expect(overallCompliance([])).toBeNull();
  });

  it('health buckets in order with their ranges', () => {
    expect(buckets([{ bucket: 1, from: 10, to: 20, count: 2 }, { bucket: 0, from: 0, to: 10, count: 1 }])).toEqual([
      { label: '0–10', from: 0, to: 10, count: 1 },
      { label: '10–20', from: 10, to: 20, count: 2 },
    ]);
  });
});

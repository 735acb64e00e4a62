import { describe, expect, it } from 'vitest';
import { buckets, overallCompliance, perBranch, reportQueries, slaPerTier, tiersPerBranch, totals, trend, windowOf } from './model';

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

describe('report queries', () => {
  it('share the template, branch and window; the trend groups by the window granularity', () => {
    const q = reportQueries({ orgId: 'east', window: windowOf('30d', today) });
    expect(q.perBranch.query).toEqual({ template: 'customer-registration', orgId: 'east', from: '2026-02-09', to: '2026-03-11', groupBy: 'orgId', measures: 'count,sum:arr' });
    expect(q.trend.query.groupBy).toBe('day');
    expect(q.sla.path).toBe('/reports/sla');
    expect(reportQueries({ window: windowOf('all', today) }).tiers.query).toEqual({ template: 'customer-registration', groupBy: 'orgId,tier', measures: 'count' });
  });
});

describe('reshaping report rows', () => {
  it('per branch, with totals', () => {
    const rows = perBranch([
      { orgId: 'south', count: 2, sum_arr: 300 },
      { orgId: 'east', count: 3, sum_arr: 1200.5 },
    ]);
    expect(rows).toEqual([
      { orgId: 'east', count: 3, arr: 1200.5 },
      { orgId: 'south', count: 2, arr: 300 },
    ]);
    expect(totals(rows)).toEqual({ count: 5, arr: 1500.5 });
  });

  it('tiers per branch fill the tiers a branch lacks with 0', () => {
    const { tiers, rows } = tiersPerBranch([
      { orgId: 'east', tier: 'A', count: 2 },
      { orgId: 'east', tier: 'S', count: 1 },
      { orgId: 'sea', tier: 'B', count: 4 },
    ]);
    expect(tiers).toEqual(['S', 'A', 'B']);
    expect(rows).toEqual([
      { orgId: 'east', total: 3, S: 1, A: 2, B: 0 },
      { orgId: 'sea', total: 4, S: 0, A: 0, B: 4 },
    ]);
  });

  it('trend points in time order', () => {
    expect(trend([{ week: '2026-03-02', count: 1, sum_arr: 5 }, { week: '2026-02-23', count: 2, sum_arr: 0 }], 'week').map((p) => p.period)).toEqual(['2026-02-23', '2026-03-02']);
  });

  it('SLA per tier in percent, S A B first, and overall over the decided tasks', () => {
    const rows = slaPerTier([
      { tier: 'B', total: 3, met: 1, missed: 1, open: 1, compliance: 0.5 },
      { tier: 'S', total: 1, met: 0, missed: 0, open: 1, compliance: null },
      { tier: 'A', total: 3, met: 2, missed: 1, open: 0, compliance: 2 / 3 },
    ]);
    expect(rows.map((r) => [r.tier, r.compliance])).toEqual([
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

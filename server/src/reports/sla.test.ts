/**
 * The HQ dashboard's other reports: SLA compliance per tier (tasks done before their
 * due time) and the health-score distribution, each equal to what the tasks and records
 * say, scoped to the caller's branches, also as CSV.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CUSTOMER_GRADING, CUSTOMER_REGISTRATION, HEALTH_INDEX } from '@branchline/templates';
import { HOUR, MINUTE, TIER, must, runsKit, type Kit } from '../runs/test-kit';

let kit: Kit;
afterEach(() => kit?.app.close());

const taskOf = async (recordId: string) => ((must(await kit.call('GET', `/tasks?recordId=${recordId}`, 'hqAdmin'), 200).items as { id: string }[])[0]!).id;
const done = async (taskId: string, who: 'eastRep' | 'southRep' = 'eastRep') => must(await kit.call('POST', `/tasks/${taskId}/complete`, who, { outcome: 'done' }), 200);

describe('SLA compliance per tier', () => {
  it('counts met (done by the due time), missed (late, expired, overdue) and open tasks', async () => {
    kit = await runsKit();
    const s1 = await kit.submit(TIER.S);
    const s2 = await kit.submit(TIER.S);
    const s3 = await kit.submit(TIER.S);
    const a1 = await kit.submit(TIER.A);
    const b1 = await kit.submit(TIER.B);
    const sSouth = await kit.submit(TIER.S, 'southRep', 'south');
    const [t1, t2, , , , tSouth] = await Promise.all([s1, s2, s3, a1, b1, sSouth].map(taskOf));

    kit.clock.advance(30 * MINUTE);
    await done(t1!); // S, met
    await done(tSouth!, 'southRep'); // S in south, met
    kit.clock.advance(HOUR); // S due at 1 h has passed
    await done(t2!); // S, completed late: missed
    await kit.app.runs.tick(); // s3's SLA fires: expired (missed), escalation task without a due time
    kit.clock.advance(3 * HOUR); // 4 h 30: A is overdue but still open

    const report = must(await kit.call('GET', '/reports/sla?template=customer-registration&groupBy=orgId,tier', 'auditor'), 200) as { rows: Record<string, unknown>[] };
    expect(report.rows).toEqual([
      { orgId: 'east', tier: 'A', total: 1, met: 0, missed: 1, open: 0, compliance: 0 },
      { orgId: 'east', tier: 'B', total: 1, met: 0, missed: 0, open: 1, compliance: null },
      { orgId: 'east', tier: 'S', total: 3, met: 1, missed: 2, open: 0, compliance: 1 / 3 },
      { orgId: 'south', tier: 'S', total: 1, met: 1, missed: 0, open: 0, compliance: 1 },
    ]);
    const east = must(await kit.call('GET', '/reports/sla?template=customer-registration&groupBy=tier', 'eastAdmin'), 200) as { rows: { tier: string; total: number }[] };
    expect(east.rows.map((r) => [r.tier, r.total])).toEqual([['A', 1], ['B', 1], ['S', 3]]);
    const byDay = must(await kit.call('GET', '/reports/sla?groupBy=day,kind&workflow=customer-grading', 'hqAdmin'), 200) as { rows: Record<string, unknown>[] };
    expect(byDay.rows).toEqual([
      { day: '2026-11-26', kind: 'task', total: 5, met: 2, missed: 3, open: 0, compliance: 2 / 5 },
      { day: '2026-11-27', kind: 'task', total: 1, met: 0, missed: 0, open: 1, compliance: null },
    ]);
    const none = must(await kit.call('GET', '/reports/sla?from=2027-01-01', 'hqAdmin'), 200) as { rows: unknown[] };
    expect(none.rows).toEqual([]);

    const csv = await kit.call('GET', '/reports/sla?template=customer-registration&groupBy=tier', 'hqAdmin', undefined, { accept: 'text/csv' });
    expect(csv.body.replace(/^\ufeff/, '').trim().split('\r\n')).toEqual(['tier,total,met,missed,open,compliance', 'A,1,0,1,0,0', 'B,1,0,0,1,', `S,4,2,2,0,${2 / 4}`]);
    expect((await kit.call('GET', '/reports/sla', 'eastRep')).statusCode).toBe(403);
  });
});

describe('health-score distribution', () => {
  it('buckets the scores the health-index workflow wrote, per branch, equal to the records', async () => {
    kit = await runsKit({ templates: [CUSTOMER_REGISTRATION, CUSTOMER_GRADING, HEALTH_INDEX] });
    for (const who of ['eastAdmin', 'southAdmin'] as const) must(await kit.call('POST', '/templates/health-index/instances', who, { publish: true }), 201);
    const usage = [
      [20, 100, 0], [10, 50, 1], [2, 10, 4], [20, 90, 0], [0, 0, 5], [15, 70, 2], [5, 35, 3],
    ];
    const ids: string[] = [];
    for (let i = 0; i < usage.length; i++) {
      const south = i % 3 === 2;
      const id = await kit.submit(TIER.B, south ? 'southRep' : 'eastRep', south ? 'south' : 'east');
      const [logins30d, featureCoverage, supportRequests30d] = usage[i]!;
      must(await kit.call('POST', '/events', south ? 'southAdmin' : 'eastAdmin', { type: 'usage.reported', key: id, data: { recordId: id, logins30d, featureCoverage, supportRequests30d } }), 202);
      ids.push(id);
    }
    await kit.submit(TIER.A); // no score yet: left out
    const scores = new Map<string, { org: string; score: number }>();
    for (const id of ids) {
      const r = must(await kit.call('GET', `/records/${id}`, 'hqAdmin'), 200) as { orgId: string; data: { health_score: number } };
      scores.set(id, { org: r.orgId, score: r.data.health_score });
    }
    expect([...scores.values()].every((s) => Number.isInteger(s.score) && s.score >= 0 && s.score <= 100)).toBe(true);

    const expected = (orgs: string[]) => {
      const counts = new Map<string, number>();
      for (const { org, score } of scores.values()) {
        if (!orgs.includes(org)) continue;
        const bucket = Math.min(Math.floor(score / 20), 4);
        counts.set(`${org}|${bucket}`, (counts.get(`${org}|${bucket}`) ?? 0) + 1);
      }
      return [...counts.entries()].sort().map(([k, count]) => {
        const [orgId, b] = k.split('|');
        const bucket = Number(b);
        return { orgId, bucket, from: bucket * 20, to: bucket * 20 + 20, count };
      });
    };
    const all = must(await kit.call('GET', '/reports/distribution?template=customer-registration&field=health_score&buckets=5&groupBy=orgId', 'auditor'), 200) as { rows: unknown[] };
    expect(all.rows).toEqual(expected(['east', 'south']));
    const east = must(await kit.call('GET', '/reports/distribution?template=customer-registration&field=health_score&buckets=5&groupBy=orgId', 'eastAdmin'), 200) as { rows: unknown[] };
    expect(east.rows).toEqual(expected(['east']));
    const total = must(await kit.call('GET', '/reports/distribution?template=customer-registration&field=health_score', 'hqAdmin'), 200) as { rows: { count: number }[] };
    expect(total.rows.reduce((a, r) => a + r.count, 0)).toBe(ids.length);
    expect((await kit.call('GET', '/reports/distribution?template=customer-registration&field=health_score&min=5&max=5', 'hqAdmin')).statusCode).toBe(422);
  });
});

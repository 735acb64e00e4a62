/**
 * HQ aggregates: the rollup's numbers equal an independent computation over the stored
 * records (and the scan fallback) for every grouping — with deletes, edits that move a
 * record to another tier, and workflow write-backs in the data; CSV export; branch
 * admins see their own branch only; refusals.
 *
 * The fixture (48 customers over two weeks, events, deletes, edits) takes seconds to make
 * through the API, so it is made once into a database file; every test copies that file
 * and opens its own app on the copy — its own database, nothing shared but the seed.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CUSTOMER_GRADING, CUSTOMER_REGISTRATION, HEALTH_INDEX } from '@branchline/templates';
import { FakeClock, HOUR, T0, must, runsKit, type Kit } from '../runs/test-kit';
import type { DemoUser } from '../test-support';
import { fromScan, type Plan } from './aggregate';
import { parseMeasures } from './params';

type Row = Record<string, string | number | null>;
let kit: Kit;

const REGIONS = ['east', 'south', 'north', 'west', 'sea'];
const SOURCES = ['website', 'referral', 'event', 'partner', 'cold_call'];

/** Fill a fresh app through the API: 48 customers over two weeks in east and south, usage events, deletes and tier-moving edits. */
async function seedRecords(seedKit: Kit): Promise<void> {
  for (const who of ['eastAdmin', 'southAdmin'] as const) must(await seedKit.call('POST', '/templates/health-index/instances', who, { publish: true }), 201);
  const ids: string[] = [];
  for (let i = 0; i < 48; i++) {
    seedKit.clock.now = T0 + i * 7 * HOUR + (i % 5) * 61_000;
    if (i % 2 === 0) await seedKit.relogin(); // tokens live 12 h
    const south = i % 3 === 0;
    const region = REGIONS[i % 5]!;
    const over = {
      region, data_source: SOURCES[(i * 7) % 5], arr: [600000, 250000.5, 50000, 1234567.25, 99999.99][i % 5], usage_rate: [90, 70, 85, 95, 10][(i + 1) % 5], arr_growth: (i % 4) * 7 - 5,
      ...(region === 'sea' ? { credit_code: null } : {}),
    };
    if (region === 'sea') delete (over as Record<string, unknown>).credit_code;
    ids.push(await seedKit.submit(over, south ? 'southRep' : 'eastRep', south ? 'south' : 'east'));
  }
  await seedKit.relogin();
  for (const id of ids.filter((_, i) => i % 4 === 1)) {
    const org = (must(await seedKit.call('GET', `/records/${id}`, 'hqAdmin'), 200) as { orgId: string }).orgId;
    must(await seedKit.call('POST', '/events', 'hqAdmin', { type: 'usage.reported', key: id, orgId: org, data: { recordId: id, logins30d: (id.length * 7) % 25, featureCoverage: (id.charCodeAt(10) * 13) % 100, supportRequests30d: id.charCodeAt(12) % 4 } }), 202);
  }
  for (const id of ids.filter((_, i) => i % 7 === 3)) must(await seedKit.call('DELETE', `/records/${id}`, 'hqAdmin'), 204);
  for (const id of ids.filter((_, i) => i % 6 === 2 && i % 7 !== 3)) must(await seedKit.call('PATCH', `/records/${id}`, 'hqAdmin', { data: { arr: 777777, usage_rate: 99 } }), 200);
}

const dir = mkdtempSync(join(tmpdir(), 'bl-reports-'));
const seedFile = join(dir, 'seed.db');
let seededAt = T0;
let testFile = 0;
beforeAll(async () => {
  const seedKit = await runsKit({ db: seedFile, templates: [CUSTOMER_REGISTRATION, CUSTOMER_GRADING, HEALTH_INDEX] });
  try {
    await seedRecords(seedKit);
    seededAt = seedKit.clock.now;
  } finally {
    await seedKit.app.close(); // checkpoints the WAL into the file
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeEach(async () => {
  const file = join(dir, `test-${++testFile}.db`);
  copyFileSync(seedFile, file);
  const clock = new FakeClock();
  clock.now = seededAt;
  kit = await runsKit({ db: file, setup: false, fakeClock: clock });
});
afterEach(() => kit?.app.close());

/* ------------------------------------------------------- the independent oracle */

interface Stored { orgId: string; createdAt: number; data: Record<string, unknown> }
function stored(): Stored[] {
  const rows = kit.app.svc.store.sqlite.prepare(`SELECT org_id, created_at, data FROM records WHERE deleted_at IS NULL AND template_key = 'customer-registration'`).all() as { org_id: string; created_at: number; data: string }[];
  return rows.map((r) => ({ orgId: r.org_id, createdAt: r.created_at, data: JSON.parse(r.data) as Record<string, unknown> }));
}
const text = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v));
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
function periodOf(ms: number, p: string): string {
  if (p === 'day') return dayOf(ms);
  if (p === 'month') return dayOf(ms).slice(0, 7);
  const d = new Date(Date.parse(dayOf(ms)));
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return dayOf(d.getTime());
}

/** What the aggregate must answer, computed in plain code from the stored records. */
function oracle(groupBy: string[], sums: string[], opts: { from?: number; to?: number; orgs?: string[] } = {}): Row[] {
  const groups = new Map<string, Row>();
  for (const r of stored()) {
    if (opts.from !== undefined && r.createdAt < opts.from) continue;
    if (opts.to !== undefined && r.createdAt >= opts.to) continue;
    if (opts.orgs && !opts.orgs.includes(r.orgId)) continue;
    const key: Row = {};
    for (const g of groupBy) key[g] = g === 'orgId' ? r.orgId : ['day', 'week', 'month'].includes(g) ? periodOf(r.createdAt, g) : text(r.data[g]);
    const id = JSON.stringify(key);
    const row = groups.get(id) ?? { ...key, count: 0, ...Object.fromEntries(sums.map((f) => [`sum_${f}`, 0])) };
    row.count = (row.count as number) + 1;
    for (const f of sums) if (typeof r.data[f] === 'number') row[`sum_${f}`] = (row[`sum_${f}`] as number) + (r.data[f] as number);
    groups.set(id, row);
  }
  const rows = [...groups.values()];
  for (const row of rows) for (const f of sums) row[`avg_${f}`] = (row[`sum_${f}`] as number) / (row.count as number);
  return rows.sort((a, b) => groupBy.map((g) => String(a[g]).localeCompare(String(b[g]))).find((c) => c !== 0) ?? 0);
}

function expectSameRows(actual: Row[], expected: Row[]) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) => {
    const want = expected[i]!;
    expect(Object.keys(row).sort()).toEqual(Object.keys(want).sort());
    for (const [k, v] of Object.entries(row)) {
      if (typeof v === 'number' && k !== 'count') expect(v).toBeCloseTo(want[k] as number, 6);
      else expect([k, v]).toEqual([k, want[k]]);
    }
  });
}

const agg = async (query: string, who: DemoUser = 'auditor') => must(await kit.call('GET', `/reports/aggregate?template=customer-registration&${query}`, who), 200) as { source: string; rows: Row[]; groupBy: string[]; measures: string[] };

/* ------------------------------------------------------------------------ tests */

describe('the rollup equals a raw computation over the records', () => {
  it('has data worth checking: deletes, tier moves and workflow write-backs', () => {
    const rows = stored();
    expect(rows.length).toBeGreaterThan(30);
    expect(new Set(rows.map((r) => r.data.tier))).toEqual(new Set(['S', 'A', 'B']));
    expect(rows.filter((r) => typeof r.data.health_score === 'number').length).toBeGreaterThan(5);
    expect(new Set(rows.map((r) => dayOf(r.createdAt))).size).toBeGreaterThan(10);
  });

  it.each([
    ['orgId,tier', 'count,sum:arr,avg:arr'],
    ['tier', 'count,sum:arr,sum:usage_rate'],
    ['orgId', 'count,avg:health_score'],
    ['renewal_risk', 'count,sum:health_score'],
    ['day', 'count,sum:arr'],
    ['orgId,week', 'count,sum:arr'],
    ['month,region', 'count,sum:arr_growth'],
    ['', 'count'],
  ])('groupBy=%s measures=%s', async (groupBy, measures) => {
    const res = await agg(`${groupBy ? `groupBy=${groupBy}&` : ''}measures=${measures}`);
    expect(res.source).toBe('rollup');
    const sums = [...new Set(measures.split(',').filter((m) => m !== 'count').map((m) => m.split(':')[1]!))];
    const want = oracle(groupBy ? groupBy.split(',') : [], sums).map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => k === 'count' || !k.includes('_') || res.measures.includes(k) || groupBy.split(',').includes(k))));
    expectSameRows(res.rows, want);
    // The scan fallback answers the same.
    const shape = kit.app.svc.rollups.shape('customer-registration');
    const cols = groupBy ? groupBy.split(',') : [];
    const plan: Plan = { template: 'customer-registration', columns: cols, period: cols.find((c) => ['day', 'week', 'month'].includes(c)) as Plan['period'], fields: cols.filter((c) => shape.dims.includes(c)), measures: parseMeasures(measures, shape), window: { wholeDays: true }, scope: {} };
    expectSameRows(fromScan(kit.app.svc, plan), res.rows);
  });

  it('windows on whole days use the rollup; sub-day bounds and two fields scan — all equal the oracle', async () => {
    const from = Date.parse('2026-11-29T00:00:00Z');
    const to = Date.parse('2026-12-05T00:00:00Z');
    const whole = await agg('groupBy=orgId,tier&measures=count,sum:arr&from=2026-11-29&to=2026-12-05');
    expect(whole.source).toBe('rollup');
    expectSameRows(whole.rows, oracle(['orgId', 'tier'], ['arr'], { from, to }).map(({ avg_arr: _a, ...r }) => r));
    const subFrom = Date.parse('2026-11-29T13:30:00Z');
    const sub = await agg('groupBy=tier&measures=count,sum:arr&from=2026-11-29T13:30:00Z&to=2026-12-05');
    expect(sub.source).toBe('scan');
    expectSameRows(sub.rows, oracle(['tier'], ['arr'], { from: subFrom, to }).map(({ avg_arr: _a, ...r }) => r));
    const two = await agg('groupBy=region,tier&measures=count,sum:arr');
    expect(two.source).toBe('scan');
    expectSameRows(two.rows, oracle(['region', 'tier'], ['arr']).map(({ avg_arr: _a, ...r }) => r));
  });
});

describe('scoping, CSV and refusals', () => {
  it('a branch admin sees only its own branch; HQ sees all; orgId narrows', async () => {
    const east = await agg('groupBy=orgId,tier&measures=count', 'eastAdmin');
    expect(new Set(east.rows.map((r) => r.orgId))).toEqual(new Set(['east']));
    expectSameRows(east.rows, oracle(['orgId', 'tier'], [], { orgs: ['east'] }));
    expect(new Set((await agg('groupBy=orgId&measures=count', 'hqAdmin')).rows.map((r) => r.orgId))).toEqual(new Set(['east', 'south']));
    expect((await agg('groupBy=orgId&measures=count&orgId=south', 'hqAdmin')).rows.map((r) => r.orgId)).toEqual(['south']);
    expect((await kit.call('GET', '/reports/aggregate?template=customer-registration&orgId=south', 'eastAdmin')).json()).toMatchObject({ status: 404, code: 'org_not_found' });
    for (const who of ['eastRep', 'eastDesigner'] as const) expect((await kit.call('GET', '/reports/aggregate?template=customer-registration', who)).statusCode).toBe(403);
    expect((await kit.call('GET', '/reports/aggregate?template=customer-registration', null)).statusCode).toBe(401);
  });

  it('exports CSV with Accept: text/csv', async () => {
    const res = await kit.call('GET', '/reports/aggregate?template=customer-registration&groupBy=orgId,tier&measures=count,sum:arr', 'auditor', undefined, { accept: 'text/csv' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.body.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('orgId,tier,count,sum_arr');
    const json = await agg('groupBy=orgId,tier&measures=count,sum:arr');
    expect(lines.slice(1)).toEqual(json.rows.map((r) => [r.orgId, r.tier, r.count, r.sum_arr].join(',')));
  });

  it('422 for a field that is not reportable, a bad measure, two periods, to before from; 404 for an unknown template', async () => {
    const bad = async (q: string) => (await kit.call('GET', `/reports/aggregate?template=customer-registration&${q}`, 'auditor')).json();
    expect(await bad('groupBy=company_name')).toMatchObject({ status: 422, errors: [{ pointer: '/groupBy', code: 'not_reportable', in: 'query' }] });
    expect(await bad('measures=sum:tier')).toMatchObject({ status: 422, errors: [{ pointer: '/measures', code: 'bad_measure' }] });
    expect(await bad('groupBy=day,month')).toMatchObject({ status: 422, errors: [{ code: 'two_periods' }] });
    expect(await bad('from=2026-12-05&to=2026-12-01')).toMatchObject({ status: 422, errors: [{ pointer: '/to', code: 'before_from' }] });
    expect(await bad('frm=2026-12-05')).toMatchObject({ status: 422 });
    expect((await kit.call('GET', '/reports/aggregate?template=nothing-here', 'auditor')).json()).toMatchObject({ status: 404, code: 'template_not_found' });
  });
});

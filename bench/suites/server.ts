/**
 * Server benchmarks (issue 5), each against the real server (`server/src/main.ts`, as
 * `npm start` runs it) in a child process pinned to core 0:
 *
 * - `submit_http_req_per_s` (+ `submit_p50_ms`, `submit_p99_ms`, `submit_non2xx`): POST
 *   /definitions/:id/records through HTTP with bearer auth, validation, computed fields,
 *   persistence, rollup, audit entry and the start of HQ's mandatory customer-grading
 *   run (its follow-up task and SLA timer), on a customer-registration instance.
 *   autocannon, 50 connections, on core 1; 3 s warm-up, then 10 s measured. Afterwards
 *   the database must hold exactly one record, one run and one task per 2xx (a 201 is
 *   sent only after its commit). Floor: 4,000/s, p99 < 50 ms, zero non-2xx.
 * - `aggregate_1m_ms`: `GET /reports/aggregate?template=customer-registration&groupBy=orgId,tier&measures=count,sum:arr`
 *   as the HQ auditor over 1,000,000 records in 50 branches (median of 9 after one
 *   cold call, `aggregate_1m_cold_ms`). Floor: 100 ms.
 * - `restart_ready_ms`: stop the server and spawn it again on that database (unpinned, as
 *   `npm start` runs it) until /api/v1/health answers — Node and TypeScript loading
 *   included. Floor: 2 s.
 *
 * The 1M-record database is generated once into .tmp/ (bench/server/generate-1m.ts) and
 * reused while the migrations and the generator stay the same.
 *
 *   node --import tsx bench/suites/server.ts      (standalone)
 *   npm run bench -- server                        (this suite through bench/run.ts)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { CUSTOMER_GRADING, CUSTOMER_REGISTRATION } from '@branchline/templates';
import { DEMO_PASSWORD } from '../../server/src/seed/seed';
import { api, cpuSeconds, load, login, startServer } from '../server/proc';
import { ensureMillionDb, AUDITOR } from '../server/generate-1m';

const SUBMISSION = {
  data: {
    company_name: '上海精工机械有限公司', credit_code: '91310000MA1FL8XQ3B', region: 'east', industry: 'manufacturing',
    contact_name: '王芳', contact_phone: '+86 138 0013 8000', contact_email: 'wang.fang@jinggong.example.com',
    data_source: 'referral', privacy_consent: true, privacy_policy_version: '2026-01', arr: 250000, usage_rate: 70, arr_growth: 12,
  },
};

export async function submitBench(seconds = 10): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'branchline-bench-'));
  const db = join(dir, 'submit.db');
  const server = await startServer(db);
  try {
    const hq = await login(server.url, 'admin@hq.demo', DEMO_PASSWORD);
    const published = new Set(((await api(server.url, 'GET', '/templates', hq)).items as { key: string }[]).map((t) => t.key));
    for (const t of [CUSTOMER_REGISTRATION, CUSTOMER_GRADING]) if (!published.has(t.key)) await api(server.url, 'POST', '/templates', hq, { template: t });
    const admin = await login(server.url, 'admin@east.demo', DEMO_PASSWORD);
    const form = (await api(server.url, 'POST', `/templates/${CUSTOMER_REGISTRATION.key}/instances`, admin, { publish: true })).id as string;
    const rep = await login(server.url, 'rep@east.demo', DEMO_PASSWORD);
    const target = `${server.url}/api/v1/definitions/${form}/records`;
    const opts = { connections: 50, headers: { 'content-type': 'application/json', authorization: `Bearer ${rep}` }, body: JSON.stringify(SUBMISSION) };
    const warm = await load(target, { ...opts, seconds: 3 });
    const cpu0 = cpuSeconds(server.child.pid);
    const r = await load(target, { ...opts, seconds });
    const cpu = cpuSeconds(server.child.pid) - cpu0;
    await server.stop();
    const sqlite = new Database(db, { readonly: true });
    // Only this benchmark's form instance: the demo seed's history records start no runs.
    const count = (sql: string) => (sqlite.prepare(sql).get(form) as { n: number }).n;
    const records = count('SELECT count(*) AS n FROM records WHERE definition_id = ?');
    const runs = count(`SELECT count(*) AS n FROM runs WHERE workflow_key = 'customer-grading' AND record_id IN (SELECT id FROM records WHERE definition_id = ?)`);
    const tasks = count('SELECT count(*) AS n FROM tasks WHERE record_id IN (SELECT id FROM records WHERE definition_id = ?)');
    sqlite.close();
    const acknowledged = warm.total2xx + r.total2xx;
    // Every 2xx is stored with its run and task; requests still in flight when the load
    // generator stopped may be committed without their reply being counted (at most one per connection and round).
    if (records < acknowledged || records - acknowledged > 2 * opts.connections || runs !== records || tasks !== records) {
      throw new Error(`${acknowledged} submissions got a 2xx but the database holds ${records} records, ${runs} runs, ${tasks} tasks`);
    }
    return {
      submit_http_req_per_s: Math.round(r.reqPerS), submit_p50_ms: r.p50, submit_p99_ms: r.p99, submit_non2xx: r.non2xx + r.errors,
      // Requests per CPU-second of the server process: what one core gives when the machine is not shared.
      submit_req_per_server_cpu_s: Math.round(r.total2xx / cpu),
    };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function millionBench(): Promise<Record<string, number>> {
  const db = await ensureMillionDb();
  const server = await startServer(db, { BRANCHLINE_SEED: 'none' }, false);
  try {
    const token = await login(server.url, AUDITOR.email, AUDITOR.password);
    const path = '/reports/aggregate?template=customer-registration&groupBy=orgId,tier&measures=count,sum:arr';
    const timed = async () => {
      const t = performance.now();
      const body = await api(server.url, 'GET', path, token);
      const ms = performance.now() - t;
      const rows = body.rows as { count: number }[];
      const total = rows.reduce((a, x) => a + x.count, 0);
      if (total !== 1_000_000) throw new Error(`the aggregate counts ${total} records, not 1,000,000`);
      return ms;
    };
    const cold = await timed();
    const times = [];
    for (let i = 0; i < 9; i++) times.push(await timed());
    times.sort((a, b) => a - b);
    await server.stop();
    // A restart: the same database, the server stopped cleanly a moment ago.
    const again = await startServer(db, { BRANCHLINE_SEED: 'none' }, false);
    await again.stop();
    return { aggregate_1m_ms: round(times[4]!), aggregate_1m_cold_ms: round(cold), restart_ready_ms: Math.round(again.readyMs) };
  } finally {
    await server.stop();
  }
}

const round = (ms: number) => Math.round(ms * 10) / 10;

export async function run(): Promise<Record<string, number>> {
  return { ...(await submitBench()), ...(await millionBench()) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const only = process.argv[2];
  const figures = only === 'submit' ? await submitBench() : only === 'million' ? await millionBench() : await run();
  console.log(JSON.stringify(figures));
}

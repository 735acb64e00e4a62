/**
 * The soak: the real server process (`server/src/main.ts` on a file database) under a
 * steady, open-loop mix of load for a given time — lead submissions (each starts a
 * workflow with a notification, a timer, a follow-up task and an HTTP call to a local
 * receiver), customer registrations (rollups, HQ's mandatory grading workflow), reads
 * (lists, a record, its runs, the inbox, search), reports (aggregate and SLA), task
 * completions and events — sampling the server's resident memory, the latency of every
 * request and the size of the database and its WAL once a second.
 *
 * `runSoak` returns the figures and the verdicts; `npm run test:soak` (tests/soak/soak.ts)
 * runs it for SOAK_SECONDS (default 600) and `npm test` for a short while
 * (tests/reliability/soak.test.ts).
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { customer } from '../../server/src/runs/test-kit';
import { Receiver } from '../../server/src/runs/receiver';
import { Client, sleep } from '../reliability/support/client';
import { startServer } from '../reliability/support/server-process';
import { installWorkload } from '../reliability/support/workload';

export interface SoakOptions {
  seconds: number;
  /** Requests started per second, whatever the answers' pace (open loop). */
  rate: number;
  /** Share of the run, at the start, left out of the memory and latency baselines. */
  warmupShare?: number;
  /**
   * Demo customers per branch written before the server starts (default 0): a database
   * larger than SQLite's 64 MiB page cache, scanned once before the load, so the cache is
   * full from the start and memory growth after warm-up is the process's, not the cache
   * filling up with a growing file.
   */
  prefill?: number;
  log?: (line: string) => void;
}

export interface Window {
  at: number;
  requests: number;
  p50: number;
  p99: number;
  rssMb: number;
  /** Live heap after the last full GC (the probe's latest figure). */
  heapMb: number;
  dbMb: number;
  walMb: number;
}

export interface SoakResult {
  seconds: number;
  rate: number;
  requests: number;
  byKind: Record<string, number>;
  errors: string[];
  /** Completions refused because the task's SLA had just expired it (a race the load invites, not an error). */
  conflicts: number;
  /** Requests not started because 64 were still in flight (the server fell behind). */
  skipped: number;
  windows: Window[];
  rss: { baselineMb: number; finalMb: number; maxMb: number; growth: number };
  heap: { baselineMb: number; finalMb: number; maxMb: number; growth: number };
  p99: { baselineMs: number; finalMs: number; overallMs: number };
  wal: { maxMb: number; finalMb: number };
  db: { initialMb: number; finalMb: number };
  auditOk: boolean;
  outboxPending: number;
  machine: string;
  verdict: { memoryFlat: boolean; p99Stable: boolean; walBounded: boolean; zeroErrors: boolean };
}

const quantile = (xs: number[], q: number) => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const median = (xs: number[]) => quantile(xs, 0.5);
const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
const size = (f: string) => (existsSync(f) ? statSync(f).size : 0);

export function machine(): string {
  const c = cpus();
  return `${c.length} × ${c[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}`;
}

export async function runSoak(opts: SoakOptions): Promise<SoakResult> {
  const log = opts.log ?? (() => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'branchline-soak-'));
  const dbFile = join(dir, 'soak.db');
  let prefillMs = 0;
  if (opts.prefill) {
    const t = performance.now();
    const { buildApp } = await import('../../server/src/app');
    const app = await buildApp({ db: dbFile, seed: 'demo', demoRecords: opts.prefill, logger: false, runs: { background: false } });
    await app.close();
    prefillMs = Math.round(performance.now() - t);
    log(`soak: prefilled ${opts.prefill} customers per branch (${mb(size(dbFile))} MB) in ${prefillMs} ms`);
  }
  const receiver = new Receiver();
  const hook = await receiver.start();
  const probe = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), 'memory-probe.mjs')).href;
  const server = await startServer({ db: dbFile, nodeArgs: ['--expose-gc', '--import', probe], env: { BRANCHLINE_HTTP_ALLOW: new URL(hook).host, BRANCHLINE_POLL_MS: '100', SOAK_PROBE_MS: '5000' } });
  try {
    const c = new Client(server.api);
    const ADMIN = 'admin@east.demo';
    const REP = 'rep@east.demo';
    for (const who of [ADMIN, REP, 'admin@hq.demo', 'auditor@hq.demo']) await c.login(who);
    // Short SLA: about half the follow-ups are completed by the load, half expire and escalate.
    const leads = await installWorkload(c, ADMIN, hook, 5);
    const customers = (await c.must<{ id: string }>(201, 'POST', '/templates/customer-registration/instances', ADMIN, { publish: true })).id;

    // Read the big tables once — every record (a search that matches nothing scans them all), the
    // whole audit chain (verify walks it), the records again through a report that cannot use the
    // rollup — so SQLite's page cache is as full as it will get before the measurement starts.
    if (opts.prefill) {
      await c.must(200, 'GET', '/records?q=no-such-text-anywhere&limit=1', 'admin@hq.demo');
      await c.must(200, 'GET', '/audit/verify', 'auditor@hq.demo');
      await c.must(200, 'GET', '/reports/aggregate?template=customer-registration&groupBy=tier,region&measures=count,sum:arr', 'admin@hq.demo');
      await c.must(200, 'GET', '/reports/distribution?template=customer-registration&field=health_score', 'admin@hq.demo');
    }

    const recordIds: string[] = [];
    const errors: string[] = [];
    let conflicts = 0;
    const byKind: Record<string, number> = {};
    let n = 0;
    const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
    const expect = (kind: string, ok: number[], r: { status: number; text: string }) => {
      if (!ok.includes(r.status)) errors.push(`${kind} → ${r.status} ${r.text.slice(0, 200)}`);
    };
    const ops: [number, string, () => Promise<void>][] = [
      [25, 'submit lead', async () => {
        const r = await c.call<{ id: string }>('POST', `/definitions/${leads}/records`, REP, { data: { company: `Soak lead ${n++}`, marker: `soak-${n}`, amount: n % 5000, note: 'x'.repeat(n % 200) } });
        expect('submit lead', [201], r);
        if (r.status === 201) recordIds.push(r.body.id);
      }],
      [15, 'submit customer', async () => {
        const i = n++;
        const r = await c.call('POST', `/definitions/${customers}/records`, REP, { data: customer({ company_name: `Soak customer ${i}`, credit_code: `91310000MA1FL${String(i % 100000).padStart(5, '0')}`, arr: 10_000 + ((i * 7919) % 900_000), usage_rate: i % 100 }) });
        expect('submit customer', [201], r);
      }],
      [10, 'list records', async () => expect('list records', [200], await c.call('GET', '/records?limit=20', REP))],
      [8, 'read record', async () => (recordIds.length ? expect('read record', [200], await c.call('GET', `/records/${pick(recordIds)}`, REP)) : undefined)],
      [6, 'record runs', async () => (recordIds.length ? expect('record runs', [200], await c.call('GET', `/runs?recordId=${pick(recordIds)}`, REP)) : undefined)],
      [5, 'search', async () => expect('search', [200], await c.call('GET', `/records?q=${encodeURIComponent(`lead ${Math.floor(Math.random() * Math.max(n, 1))}`)}&limit=20`, REP))],
      [6, 'inbox', async () => expect('inbox', [200], await c.call('GET', '/tasks?assignee=me&status=open&limit=20', REP))],
      [5, 'aggregate report', async () => expect('aggregate report', [200], await c.call('GET', '/reports/aggregate?template=customer-registration&groupBy=orgId,tier&measures=count,sum:arr', 'admin@hq.demo'))],
      [3, 'SLA report', async () => expect('SLA report', [200], await c.call('GET', '/reports/sla?groupBy=orgId', 'admin@hq.demo'))],
      [10, 'complete task', async () => {
        const open = await c.call<{ items: { id: string }[] }>('GET', '/tasks?assignee=me&status=open&limit=20', REP);
        expect('open tasks', [200], open);
        const task = open.status === 200 && open.body.items.length ? pick(open.body.items) : undefined;
        if (!task) return;
        const r = await c.call('POST', `/tasks/${task.id}/complete`, REP, { outcome: 'done' });
        if (r.status === 409) conflicts += 1;
        else expect('complete task', [200], r);
      }],
      [7, 'event', async () => {
        if (!recordIds.length) return;
        const id = pick(recordIds);
        expect('event', [202], await c.call('POST', '/events', ADMIN, { type: 'lead.touched', key: id, data: { recordId: id } }));
      }],
    ];
    const total = ops.reduce((a, [w]) => a + w, 0);
    const choose = () => {
      let x = Math.random() * total;
      for (const op of ops) if ((x -= op[0]) < 0) return op;
      return ops[0]!;
    };

    const initialMb = mb(size(dbFile));
    const latencies: { at: number; ms: number }[] = [];
    const windows: Window[] = [];
    const t0 = performance.now();
    const end = t0 + opts.seconds * 1000;
    let started = 0;
    let skipped = 0;
    const inFlight = new Set<Promise<void>>();
    let nextSample = t0 + 1000;
    let lastIdx = 0;
    while (performance.now() < end) {
      const now = performance.now();
      const due = Math.floor(((now - t0) / 1000) * opts.rate) - started;
      for (let i = 0; i < due; i++) {
        started += 1;
        if (inFlight.size >= 64) {
          skipped += 1;
          continue;
        }
        const [, kind, run] = choose();
        byKind[kind] = (byKind[kind] ?? 0) + 1;
        const s = performance.now();
        const p: Promise<void> = run()
          .catch((err) => void errors.push(`${kind}: ${(err as Error).message}`))
          .finally(() => {
            latencies.push({ at: s, ms: performance.now() - s });
            inFlight.delete(p);
          });
        inFlight.add(p);
      }
      if (now >= nextSample) {
        const recent = latencies.slice(lastIdx).map((l) => l.ms);
        lastIdx = latencies.length;
        const w: Window = { at: Math.round((now - t0) / 1000), requests: recent.length, p50: Math.round(median(recent)), p99: Math.round(quantile(recent, 0.99)), rssMb: Math.round(server.rssKb() / 1024), heapMb: liveHeapMb(server.output()), dbMb: mb(size(dbFile)), walMb: mb(size(`${dbFile}-wal`)) };
        windows.push(w);
        if (w.at % 10 === 0) log(`soak ${w.at}s: ${w.requests} req/s, p50 ${w.p50} ms, p99 ${w.p99} ms, rss ${w.rssMb} MB, live heap ${w.heapMb} MB, db ${w.dbMb} MB, wal ${w.walMb} MB, errors ${errors.length}`);
        nextSample += 1000;
      }
      await sleep(5);
    }
    await Promise.all(inFlight);

    const verify = await c.call<{ ok: boolean }>('GET', '/audit/verify', 'auditor@hq.demo');
    // Let the scheduler drain what the load left due (timers, HTTP calls) before reading the outbox.
    await sleep(2000);
    const warm = Math.max(1, Math.floor(windows.length * (opts.warmupShare ?? 0.25)));
    const after = windows.slice(warm);
    const head = after.slice(0, Math.max(3, Math.floor(after.length / 5)));
    const tail = after.slice(-Math.max(3, Math.floor(after.length / 5)));
    const rss = { baselineMb: median(head.map((x) => x.rssMb)), finalMb: median(tail.map((x) => x.rssMb)), maxMb: Math.max(...after.map((x) => x.rssMb)), growth: 0 };
    rss.growth = Math.round(((rss.finalMb - rss.baselineMb) / rss.baselineMb) * 1000) / 1000;
    const heap = { baselineMb: median(head.map((x) => x.heapMb)), finalMb: median(tail.map((x) => x.heapMb)), maxMb: Math.max(...after.map((x) => x.heapMb)), growth: 0 };
    heap.growth = Math.round(((heap.finalMb - heap.baselineMb) / heap.baselineMb) * 1000) / 1000;
    const p99 = {
      baselineMs: Math.round(quantile(latencies.filter((l) => l.at - t0 >= warm * 1000 && l.at - t0 < (warm + head.length) * 1000).map((l) => l.ms), 0.99)),
      finalMs: Math.round(quantile(latencies.filter((l) => l.at - t0 >= (windows.length - tail.length) * 1000).map((l) => l.ms), 0.99)),
      overallMs: Math.round(quantile(latencies.filter((l) => l.at - t0 >= warm * 1000).map((l) => l.ms), 0.99)),
    };
    const wal = { maxMb: Math.max(...windows.map((x) => x.walMb)), finalMb: mb(size(`${dbFile}-wal`)) };
    const pending = await (async () => {
      const { openReadOnly } = await import('../reliability/support/db');
      const db = openReadOnly(dbFile);
      try {
        return db.prepare('SELECT count(*) FROM outbox WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at < ?').pluck().get(Date.now() - 5000) as number;
      } finally {
        db.close();
      }
    })();
    const result: SoakResult = {
      seconds: opts.seconds,
      rate: opts.rate,
      requests: latencies.length,
      byKind,
      errors,
      conflicts,
      skipped,
      windows,
      rss,
      heap,
      p99,
      wal,
      db: { initialMb, finalMb: mb(size(dbFile)) },
      auditOk: verify.status === 200 && verify.body.ok === true,
      outboxPending: pending,
      machine: machine(),
      verdict: {
        memoryFlat: rss.growth <= 0.1 && heap.growth <= 0.1,
        // A shared two-core box: stable = the last fifth's p99 within twice the first's (after warm-up), or under 100 ms.
        p99Stable: p99.finalMs <= Math.max(2 * p99.baselineMs, 100),
        // SQLite checkpoints the WAL every 1000 pages (≈ 4 MB); it must not grow with the load.
        walBounded: wal.maxMb <= 16,
        zeroErrors: errors.length === 0,
      },
    };
    return result;
  } finally {
    await server.kill('SIGTERM');
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The newest live-heap figure the memory probe printed, in MB. */
function liveHeapMb(output: string): number {
  const i = output.lastIndexOf('memprobe ');
  if (i < 0) return 0;
  const line = output.slice(i + 9, output.indexOf('\n', i));
  return mb((JSON.parse(line) as { heap: number }).heap);
}

export function describeSoak(r: SoakResult): string {
  return [
    `soak: ${r.seconds} s at ${r.rate} req/s on ${r.machine}`,
    `  requests ${r.requests} (${Object.entries(r.byKind).map(([k, v]) => `${k} ${v}`).join(', ')}), errors ${r.errors.length}, SLA-expiry conflicts ${r.conflicts}, skipped ${r.skipped}`,
    `  rss after warm-up ${r.rss.baselineMb} MB → ${r.rss.finalMb} MB (${(r.rss.growth * 100).toFixed(1)} %, max ${r.rss.maxMb} MB); live heap after GC ${r.heap.baselineMb} MB → ${r.heap.finalMb} MB (${(r.heap.growth * 100).toFixed(1)} %, max ${r.heap.maxMb} MB)`,
    `  p99 ${r.p99.baselineMs} ms (first fifth after warm-up) → ${r.p99.finalMs} ms (last fifth), overall ${r.p99.overallMs} ms; p50 last window ${r.windows.at(-1)?.p50 ?? 0} ms`,
    `  WAL max ${r.wal.maxMb} MB, final ${r.wal.finalMb} MB; database ${r.db.initialMb} → ${r.db.finalMb} MB; audit chain ${r.auditOk ? 'verifies' : 'BROKEN'}; outbox entries overdue ${r.outboxPending}`,
    `  verdict: memory flat ${r.verdict.memoryFlat}, p99 stable ${r.verdict.p99Stable}, WAL bounded ${r.verdict.walBounded}, zero errors ${r.verdict.zeroErrors}`,
  ].join('\n');
}

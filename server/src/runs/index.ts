/**
 * Workflow runs in the server: the engine (start / step / persist), the timer
 * scheduler and the outbox dispatcher, installed on an app as `app.runs`.
 *
 * The scheduler polls the due-timer index every `pollMs` (default 250 ms) and reads time
 * from the app's clock, so a test with a fake clock drives it by hand:
 * `clock.set(t); await app.runs.tick(); await app.runs.dispatch()` (build the app with
 * `runs: { background: false }` so no poll interferes).
 *
 * On start the server resumes every unfinished run: state and effects were committed
 * together, so nothing is half-done; timers that came due while it was down fire on the
 * first tick and pending outbox entries are (re)delivered with their idempotency keys.
 * The same tick fires due schedule triggers (./schedule.ts): once per fire time, and after
 * a downtime once for the latest missed time.
 */
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { tasks, waits } from '../db/schema';
import type { Services } from '../services';
import { parseAllowList, type AllowList } from './allow-list';
import { RunEngine, type RunLog } from './engine';
import { OutboxDispatcher } from './outbox';
import { ScheduleFirer } from './schedule';

export { RunEngine } from './engine';
export { parseAllowList, hostAllowed } from './allow-list';

export interface RunsOptions {
  /** Poll timers and the outbox in the background (default true; tests drive `tick`/`dispatch` by hand). */
  background?: boolean;
  pollMs?: number;
  /** How long a claimed HTTP call blocks another attempt (default 60 s; the call is aborted when it ends). */
  leaseMs?: number;
  /** Hosts HTTP call nodes may reach; default from BRANCHLINE_HTTP_ALLOW (empty: none). */
  httpAllow?: string | AllowList;
  /** For tests of the dispatcher. */
  fetch?: typeof fetch;
}

export interface Runs {
  readonly engine: RunEngine;
  /** Fire every timer due at `now` (default: the clock), then every due schedule; resolves with how many resumed or started a run. */
  tick(now?: number): Promise<number>;
  /** Attempt every outbox entry due at `now`; resolves when the attempts have ended. */
  dispatch(now?: number): Promise<number>;
  /** Resume after a start: fire overdue timers, deliver pending effects (counts of each). */
  recover(): Promise<{ timers: number; outbox: number }>;
  start(): void;
  stop(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    runs: Runs;
  }
}

const TIMER_BATCH = 500;

export function installRuns(app: FastifyInstance, opts: RunsOptions = {}): Runs {
  const svc = app.svc;
  const log: RunLog = { warn: (o, m) => app.log.warn(o, m), error: (o, m) => app.log.error(o, m) };
  const engine = new RunEngine(svc, log);
  const allow = typeof opts.httpAllow === 'object' ? opts.httpAllow : parseAllowList(opts.httpAllow ?? process.env.BRANCHLINE_HTTP_ALLOW);
  const dispatcher = new OutboxDispatcher(svc, { allow, ...(opts.fetch ? { fetch: opts.fetch } : {}), ...(opts.leaseMs ? { leaseMs: opts.leaseMs } : {}) }, log);
  svc.recordListeners.push(engine.onRecordEvent);
  const schedules = new ScheduleFirer(svc, engine, log);

  // Due timers: plain timers and event timeouts in `waits`, task deadlines on open tasks (partial indexes on both).
  const dueWaits = svc.store.sqlite.prepare(
    `SELECT id, run_id AS runId, NULL AS taskId, due_at AS dueAt FROM waits WHERE fired_at IS NULL AND due_at IS NOT NULL AND due_at <= @now ORDER BY due_at LIMIT ${TIMER_BATCH}`,
  );
  const dueTasks = svc.store.sqlite.prepare(
    `SELECT wait_id AS id, run_id AS runId, id AS taskId, due_at AS dueAt FROM tasks WHERE status = 'open' AND wait_id IS NOT NULL AND due_at <= @now ORDER BY due_at LIMIT ${TIMER_BATCH}`,
  );
  type Due = { id: string; runId: string; taskId: string | null; dueAt: number };

  async function tick(now = svc.clock()): Promise<number> {
    let fired = 0;
    // Rounds of up to TIMER_BATCH per source; bounded, so timers that cannot even be ended wait for the next tick.
    for (let round = 0; round < 20; round++) {
      const due = [...(dueWaits.all({ now }) as Due[]), ...(dueTasks.all({ now }) as Due[])].sort((a, b) => a.dueAt - b.dueAt);
      const results = await Promise.all(
        due.map((w) => svc.writes.run(() => engine.fireTimerJob(w.id, w.runId, now, w.taskId ?? undefined)).catch((err) => brokenTimer(svc, w, now, err, log))),
      );
      fired += results.filter(Boolean).length;
      if (due.length < TIMER_BATCH) break;
    }
    return fired + (await schedules.fireDue(now));
  }

  let timer: NodeJS.Timeout | undefined;
  let busy: Promise<void> | undefined;
  const poll = () => {
    if (busy) return;
    busy = (async () => {
      try {
        await tick();
        await dispatcher.dispatch();
      } catch (err) {
        log.error({ err }, 'scheduler round failed');
      } finally {
        busy = undefined;
      }
    })();
  };

  const runsApi: Runs = {
    engine,
    tick,
    dispatch: (now) => dispatcher.dispatch(now),
    async recover() {
      const timers = await tick();
      const sent = await dispatcher.dispatch();
      return { timers, outbox: sent };
    },
    start() {
      if (opts.background === false || timer) return;
      setImmediate(() => void runsApi.recover().catch((err) => log.error({ err }, 'recovery failed')));
      timer = setInterval(poll, opts.pollMs ?? 250);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await busy;
    },
  };
  svc.onClose(() => runsApi.stop());
  app.decorate('runs', runsApi);
  return runsApi;
}

/** A timer whose transition threw (a bug, not a client's doing): end it so it does not fire forever. */
async function brokenTimer(svc: Services, due: { id: string; taskId: string | null }, now: number, err: unknown, log: RunLog): Promise<false> {
  log.error({ err, waitId: due.id }, 'timer transition failed; the timer is ended');
  await svc.writes
    .run(() => {
      if (due.taskId) svc.db.update(tasks).set({ waitId: null }).where(eq(tasks.id, due.taskId)).run();
      else svc.db.update(waits).set({ firedAt: now }).where(eq(waits.id, due.id)).run();
    })
    .catch(() => undefined);
  return false;
}

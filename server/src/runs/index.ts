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
 */
import { and, asc, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { waits } from '../db/schema';
import type { Services } from '../services';
import { parseAllowList, type AllowList } from './allow-list';
import { RunEngine, type RunLog } from './engine';
import { OutboxDispatcher } from './outbox';

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
  /** Fire every timer due at `now` (default: the clock); resolves with how many resumed a run. */
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

  const dueTimers = svc.db
    .select({ id: waits.id, runId: waits.runId })
    .from(waits)
    .where(and(isNull(waits.firedAt), isNotNull(waits.dueAt), lte(waits.dueAt, sql.placeholder('now'))))
    .orderBy(asc(waits.dueAt))
    .limit(TIMER_BATCH)
    .prepare();

  async function tick(now = svc.clock()): Promise<number> {
    let fired = 0;
    for (;;) {
      const due = dueTimers.all({ now });
      const results = await Promise.all(due.map((w) => svc.writes.run(() => engine.fireTimerJob(w.id, w.runId, now)).catch((err) => brokenTimer(svc, w.id, now, err, log))));
      fired += results.filter(Boolean).length;
      if (due.length < TIMER_BATCH) return fired;
    }
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

/** A timer whose transition threw (a bug, not a client's doing): end the wait so it does not fire forever. */
async function brokenTimer(svc: Services, waitId: string, now: number, err: unknown, log: RunLog): Promise<false> {
  log.error({ err, waitId }, 'timer transition failed; the wait is ended');
  await svc.writes.run(() => svc.db.update(waits).set({ firedAt: now }).where(sqlEq(waitId)).run()).catch(() => undefined);
  return false;
}

const sqlEq = (id: string) => sql`${waits.id} = ${id}`;

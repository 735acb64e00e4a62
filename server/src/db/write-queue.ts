/**
 * Group commit: every write of the server goes through {@link WriteQueue.run}. Jobs
 * queued during one event-loop turn run together, each in its own savepoint, inside a
 * single transaction that commits once; each caller's promise settles only after that
 * COMMIT. A job that throws rolls back only its own savepoint and rejects only its own
 * caller. SQLite allows one writer at a time, so this also serialises every write.
 *
 * Jobs must be synchronous and touch only the database: in-memory caches are updated by
 * the caller after the promise resolves, so a rolled-back job leaves no trace.
 *
 * @example const id = await writes.run(() => repo.insert(row))
 */
import type Database from 'better-sqlite3';

interface Job {
  fn: () => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export class WriteQueue {
  private pending: Job[] = [];
  private scheduled = false;
  private closed = false;
  private readonly begin;
  private readonly commit;
  private readonly rollback;
  private readonly savepoint;
  private readonly release;
  private readonly rollbackTo;
  /** Number of transactions committed and jobs run, for tests and metrics. */
  readonly stats = { batches: 0, jobs: 0 };
  private readonly beforeCommitHooks: (() => void)[] = [];
  private readonly abortHooks: (() => void)[] = [];

  /**
   * Run `fn` once per batch, just before COMMIT, inside the transaction (e.g. to write
   * a summary row once instead of once per job). If it throws, the batch is rolled back.
   */
  beforeCommit(fn: () => void): void {
    this.beforeCommitHooks.push(fn);
  }

  /** Run `fn` after any rollback (of one job's savepoint or of a whole batch), so caches of database state can be dropped. */
  onAbort(fn: () => void): void {
    this.abortHooks.push(fn);
  }

  private aborted(): void {
    for (const fn of this.abortHooks) fn();
  }

  constructor(private readonly sqlite: Database.Database) {
    this.begin = sqlite.prepare('BEGIN IMMEDIATE');
    this.commit = sqlite.prepare('COMMIT');
    this.rollback = sqlite.prepare('ROLLBACK');
    this.savepoint = sqlite.prepare('SAVEPOINT job');
    this.release = sqlite.prepare('RELEASE job');
    this.rollbackTo = sqlite.prepare('ROLLBACK TO job');
  }

  /** Run `fn` inside the next group transaction; resolves with its result after COMMIT. */
  run<T>(fn: () => T): Promise<T> {
    if (this.closed) return Promise.reject(new Error('write queue closed'));
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Run whatever is queued now (also used at shutdown). */
  flush(): void {
    this.scheduled = false;
    const jobs = this.pending;
    if (jobs.length === 0) return;
    this.pending = [];
    const results: { ok: boolean; value: unknown }[] = [];
    try {
      this.begin.run();
    } catch (e) {
      for (const j of jobs) j.reject(e);
      return;
    }
    for (const job of jobs) {
      this.savepoint.run();
      try {
        const value = job.fn();
        this.release.run();
        results.push({ ok: true, value });
      } catch (e) {
        this.rollbackTo.run();
        this.release.run();
        this.aborted();
        results.push({ ok: false, value: e });
      }
    }
    try {
      for (const fn of this.beforeCommitHooks) fn();
      this.commit.run();
    } catch (e) {
      if (this.sqlite.inTransaction) this.rollback.run();
      this.aborted();
      for (const j of jobs) j.reject(e);
      return;
    }
    this.stats.batches += 1;
    this.stats.jobs += jobs.length;
    jobs.forEach((j, i) => {
      const r = results[i]!;
      if (r.ok) j.resolve(r.value);
      else j.reject(r.value);
    });
  }

  /** Refuse new jobs and run what is queued. */
  close(): void {
    this.flush();
    this.closed = true;
  }
}

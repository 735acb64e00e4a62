/**
 * Group commit: every write of the server goes through {@link WriteQueue.run}. Jobs
 * queued during one event-loop turn run together inside a single transaction that
 * commits once; each caller's promise settles only after that COMMIT. A job that throws
 * leaves no trace and rejects only its own caller. SQLite allows one writer at a time,
 * so this also serialises every write.
 *
 * Jobs first run without savepoints: a savepoint makes SQLite copy every page a job
 * touches into its sub-journal, which cost more than the job's own inserts on the
 * submission path. A job that throws before writing anything (a refusal) is simply
 * rejected. Only when a job throws after writing is the whole batch rolled back and
 * run again with one savepoint per job — the slow, exact path.
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
  private readonly changes;
  /** Number of transactions committed and jobs run, for tests and metrics. */
  readonly stats = { batches: 0, jobs: 0 };
  /** Batches rolled back and run again with savepoints because a job threw after writing. */
  replayed = 0;
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
    this.changes = sqlite.prepare('SELECT total_changes()').pluck();
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
    let results: { ok: boolean; value: unknown }[] | undefined;
    try {
      this.begin.run();
    } catch (e) {
      for (const j of jobs) j.reject(e);
      return;
    }
    try {
      results = this.runPlain(jobs);
      if (!results) {
        this.rollback.run();
        this.aborted();
        this.replayed += 1;
        this.begin.run();
        results = this.runWithSavepoints(jobs);
      }
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

  /** Every job in the open transaction, no savepoints; undefined when one threw after writing (the batch must be replayed). */
  private runPlain(jobs: Job[]): { ok: boolean; value: unknown }[] | undefined {
    const results: { ok: boolean; value: unknown }[] = [];
    for (const job of jobs) {
      const before = this.changes.get() as number;
      try {
        results.push({ ok: true, value: job.fn() });
      } catch (e) {
        if ((this.changes.get() as number) !== before) return undefined;
        results.push({ ok: false, value: e });
      }
    }
    return results;
  }

  private runWithSavepoints(jobs: Job[]): { ok: boolean; value: unknown }[] {
    const results: { ok: boolean; value: unknown }[] = [];
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
    return results;
  }

  /** Refuse new jobs and run what is queued. */
  close(): void {
    this.flush();
    this.closed = true;
  }
}

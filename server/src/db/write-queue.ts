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
 * A {@link Staging} lets jobs stage writes that many jobs of a batch would repeat (the
 * reporting rollup's counters): they are summed in memory and written once, just before
 * COMMIT, in the same transaction. A job's staged part is undone with it when it fails.
 *
 * @example const id = await writes.run(() => repo.insert(row))
 */
import type Database from 'better-sqlite3';

/** Writes staged by the jobs of a batch and written once per batch, just before COMMIT. */
export interface Staging {
  /** A mark of what is staged now. */
  mark(): number;
  /** Drop what was staged after `mark` (its job failed). */
  undo(mark: number): void;
  /** Write what is staged, inside the batch's transaction, and clear it. */
  flush(): void;
  /** Drop everything staged (the batch rolled back). */
  clear(): void;
}

/** Event-loop turns a flush waits at most for more jobs, and the batch size that flushes at once. */
const MAX_DEFER = 3;
const MAX_BATCH = 256;

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
  private readonly externalHooks: (() => void)[] = [];
  private readonly stagings: Staging[] = [];
  private readonly dataVersion;
  private lastDataVersion: number;
  /** True while a batch's jobs run (inside its transaction). */
  inBatch = false;

  /** Stage writes with `s` (see {@link Staging}); its flush runs before the beforeCommit hooks. */
  stage(s: Staging): void {
    this.stagings.push(s);
  }

  /**
   * Run `fn` at the start of a batch when another connection (another process, a tool)
   * committed since this one's last batch — SQLite's `data_version` — so caches of
   * database state that jobs read can be dropped. Checked under the write lock, so what
   * a job reads from such a cache is current.
   */
  onExternalChange(fn: () => void): void {
    this.externalHooks.push(fn);
  }

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
    this.dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
    this.lastDataVersion = this.dataVersion.get() as number;
  }

  private marks(): number[] | undefined {
    return this.stagings.length ? this.stagings.map((s) => s.mark()) : undefined;
  }

  private undoStaged(marks: number[] | undefined): void {
    if (marks) this.stagings.forEach((s, i) => s.undo(marks[i]!));
  }

  private clearStaged(): void {
    for (const s of this.stagings) s.clear();
  }

  /** Run `fn` inside the next group transaction; resolves with its result after COMMIT. */
  run<T>(fn: () => T): Promise<T> {
    if (this.closed) return Promise.reject(new Error('write queue closed'));
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        this.seen = 0;
        this.deferred = 0;
        setImmediate(this.flushWhenSettled);
      }
    });
  }

  /** Jobs queued as of the last look, and how many event-loop turns the flush has waited. */
  private seen = 0;
  private deferred = 0;

  /**
   * Flush once a turn of the event loop brought no new job (or after {@link MAX_DEFER}
   * turns, or at {@link MAX_BATCH} jobs). Under load the requests of many connections
   * arrive a few tens of microseconds apart, across several turns; letting the socket
   * reads that are already due run first puts them into the same transaction, and a
   * commit costs about as much for 50 jobs as for 25. Each wait is one non-blocking turn
   * (pending immediates keep the poll phase from sleeping), so a lone request waits for
   * one extra turn only.
   */
  private readonly flushWhenSettled = (): void => {
    const n = this.pending.length;
    if (n > this.seen && n < MAX_BATCH && this.deferred < MAX_DEFER) {
      this.seen = n;
      this.deferred += 1;
      setImmediate(this.flushWhenSettled);
      return;
    }
    this.flush();
  };

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
    this.inBatch = true;
    try {
      const version = this.dataVersion.get() as number;
      if (version !== this.lastDataVersion) {
        this.lastDataVersion = version;
        for (const fn of this.externalHooks) fn();
      }
      results = this.runPlain(jobs);
      if (!results) {
        this.rollback.run();
        this.clearStaged();
        this.aborted();
        this.replayed += 1;
        this.begin.run();
        results = this.runWithSavepoints(jobs);
      }
      for (const s of this.stagings) s.flush();
      for (const fn of this.beforeCommitHooks) fn();
      this.commit.run();
    } catch (e) {
      if (this.sqlite.inTransaction) this.rollback.run();
      this.clearStaged();
      this.aborted();
      for (const j of jobs) j.reject(e);
      return;
    } finally {
      this.inBatch = false;
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
      const marks = this.marks();
      try {
        results.push({ ok: true, value: job.fn() });
      } catch (e) {
        if ((this.changes.get() as number) !== before) return undefined;
        this.undoStaged(marks);
        results.push({ ok: false, value: e });
      }
    }
    return results;
  }

  private runWithSavepoints(jobs: Job[]): { ok: boolean; value: unknown }[] {
    const results: { ok: boolean; value: unknown }[] = [];
    for (const job of jobs) {
      this.savepoint.run();
      const marks = this.marks();
      try {
        const value = job.fn();
        this.release.run();
        results.push({ ok: true, value });
      } catch (e) {
        this.rollbackTo.run();
        this.release.run();
        this.undoStaged(marks);
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

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './open';
import { WriteQueue } from './write-queue';

let store: Store;
let q: WriteQueue;
beforeEach(() => {
  store = openStore(':memory:');
  store.sqlite.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)');
  q = new WriteQueue(store.sqlite);
});
afterEach(() => store.close());

const insert = (v: string) => () => store.sqlite.prepare('INSERT INTO t (v) VALUES (?)').run(v).lastInsertRowid;
const count = () => store.sqlite.prepare('SELECT count(*) FROM t').pluck().get();

describe('write queue (group commit)', () => {
  it('runs the writes of one event-loop turn in one transaction and resolves after commit', async () => {
    const results = await Promise.all([q.run(insert('a')), q.run(insert('b')), q.run(insert('c'))]);
    expect(results.map(Number)).toEqual([1, 2, 3]);
    expect(q.stats).toEqual({ batches: 1, jobs: 3 });
    expect(count()).toBe(3);
    expect(store.sqlite.inTransaction).toBe(false);
  });

  it('a failing job rejects only its caller and leaves no trace; the others commit', async () => {
    const a = q.run(insert('a'));
    const bad = q.run(() => {
      insert('x')();
      insert('a')(); // violates UNIQUE after writing 'x'
    });
    const c = q.run(insert('c'));
    await expect(bad).rejects.toThrow(/UNIQUE/);
    await expect(a).resolves.toBeDefined();
    await expect(c).resolves.toBeDefined();
    expect(store.sqlite.prepare('SELECT v FROM t ORDER BY v').pluck().all()).toEqual(['a', 'c']);
  });

  it('writes queued in later turns form later batches', async () => {
    await q.run(insert('a'));
    await q.run(insert('b'));
    expect(q.stats.batches).toBe(2);
  });

  it('refuses work after close', async () => {
    q.close();
    await expect(q.run(insert('z'))).rejects.toThrow(/closed/);
  });
});

describe('write queue: savepoints only when needed', () => {
  it('a job refused before it writes is rejected without replaying the batch', async () => {
    const a = q.run(insert('a'));
    const refused = q.run(() => {
      throw new Error('not yours');
    });
    const c = q.run(insert('c'));
    await expect(refused).rejects.toThrow('not yours');
    await Promise.all([a, c]);
    expect(q.replayed).toBe(0);
    expect(store.sqlite.prepare('SELECT v FROM t ORDER BY v').pluck().all()).toEqual(['a', 'c']);
  });

  it('a job that throws after writing replays the batch with savepoints: its writes vanish, the others keep theirs, once each', async () => {
    let runsOfA = 0;
    const a = q.run(() => {
      runsOfA += 1;
      return insert('a')();
    });
    const bad = q.run(() => {
      insert('x')();
      throw new Error('broken after a write');
    });
    const c = q.run(insert('c'));
    await expect(bad).rejects.toThrow('broken after a write');
    await expect(a).resolves.toBeDefined();
    await expect(c).resolves.toBeDefined();
    expect(q.replayed).toBe(1);
    expect(runsOfA).toBe(2); // run, rolled back with the batch, run again
    expect(store.sqlite.prepare('SELECT v FROM t ORDER BY v').pluck().all()).toEqual(['a', 'c']);
    expect(q.stats).toEqual({ batches: 1, jobs: 3 });
  });
});

describe('write queue: staged writes', () => {
  /** A staging that counts into table s (one row per batch) and logs what it wrote. */
  function counter() {
    store.sqlite.exec('CREATE TABLE s (n INTEGER NOT NULL)');
    let staged: number[] = [];
    const staging = {
      add: (n: number) => void staged.push(n),
      mark: () => staged.length,
      undo: (m: number) => void (staged = staged.slice(0, m)),
      flush: () => {
        if (staged.length) store.sqlite.prepare('INSERT INTO s (n) VALUES (?)').run(staged.reduce((a, b) => a + b, 0));
        staged = [];
      },
      clear: () => void (staged = []),
    };
    q.stage(staging);
    return { staging, rows: () => store.sqlite.prepare('SELECT n FROM s').pluck().all() };
  }

  it('writes what the jobs of a batch staged once, inside the transaction, before COMMIT', async () => {
    const { staging, rows } = counter();
    await Promise.all([1, 2, 3].map((n) => q.run(() => staging.add(n))));
    expect(rows()).toEqual([6]);
    expect(q.stats.batches).toBe(1);
  });

  it('takes out the staged part of a job refused before writing, without a replay', async () => {
    const { staging, rows } = counter();
    const a = q.run(() => staging.add(1));
    const refused = q.run(() => {
      staging.add(10);
      throw new Error('refused');
    });
    const c = q.run(() => staging.add(100));
    await expect(refused).rejects.toThrow('refused');
    await Promise.all([a, c]);
    expect(q.replayed).toBe(0);
    expect(rows()).toEqual([101]);
  });

  it('on a replay with savepoints, stages each surviving job once and drops the failed one', async () => {
    const { staging, rows } = counter();
    const a = q.run(() => {
      insert('a')();
      staging.add(1);
    });
    const bad = q.run(() => {
      staging.add(10);
      insert('x')();
      throw new Error('broken after a write');
    });
    const c = q.run(() => staging.add(100));
    await expect(bad).rejects.toThrow('broken after a write');
    await Promise.all([a, c]);
    expect(q.replayed).toBe(1);
    expect(rows()).toEqual([101]);
  });

  it('writes nothing staged when the batch fails as a whole', async () => {
    const { staging, rows } = counter();
    q.beforeCommit(() => {
      throw new Error('no commit');
    });
    await expect(q.run(() => staging.add(1))).rejects.toThrow('no commit');
    expect(rows()).toEqual([]);
    expect(store.sqlite.inTransaction).toBe(false);
  });
});

describe('write queue: batching under load', () => {
  it('jobs queued over the next few event-loop turns join the batch; a lone job still commits at once', async () => {
    const first = q.run(insert('a'));
    const later = new Promise<unknown>((resolve) => setImmediate(() => resolve(q.run(insert('b')))));
    await Promise.all([first, later]);
    expect(q.stats).toEqual({ batches: 1, jobs: 2 });
    await q.run(insert('c'));
    expect(q.stats).toEqual({ batches: 2, jobs: 3 });
  });
});

describe('write queue: changes by another connection', () => {
  it('calls the external-change hooks at the start of the first batch after another connection committed, and only then', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'wq-'));
    const a = openStore(join(dir, 'x.db'));
    const b = openStore(join(dir, 'x.db'));
    try {
      a.sqlite.exec('CREATE TABLE t (v TEXT)');
      const wq = new WriteQueue(a.sqlite);
      let calls = 0;
      wq.onExternalChange(() => (calls += 1));
      await wq.run(() => a.sqlite.prepare("INSERT INTO t VALUES ('own')").run());
      expect(calls).toBe(0);
      b.sqlite.prepare("INSERT INTO t VALUES ('other')").run();
      await wq.run(() => a.sqlite.prepare("INSERT INTO t VALUES ('own')").run());
      expect(calls).toBe(1);
      await wq.run(() => a.sqlite.prepare("INSERT INTO t VALUES ('own')").run());
      expect(calls).toBe(1);
    } finally {
      b.close();
      a.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

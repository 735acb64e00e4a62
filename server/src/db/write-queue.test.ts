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

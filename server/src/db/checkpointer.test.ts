import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './open';
import { Checkpointer } from './checkpointer';

const dirs: string[] = [];
const stores: Store[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function fileStore(): Store {
  const dir = mkdtempSync(join(tmpdir(), 'ckpt-'));
  dirs.push(dir);
  const s = openStore(join(dir, 'x.db'));
  stores.push(s);
  s.sqlite.exec('CREATE TABLE t (v TEXT)');
  return s;
}

async function until(what: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const autocheckpoint = (s: Store) => s.sqlite.pragma('wal_autocheckpoint', { simple: true });

describe('checkpointer', () => {
  it('takes the checkpoints over from the connection and copies committed pages into the database file', async () => {
    const s = fileStore();
    const c = new Checkpointer(s.sqlite, s.file, 20);
    expect(autocheckpoint(s)).toBe(1000);
    c.wake();
    await until(() => c.running);
    expect(autocheckpoint(s)).toBe(0);
    const insert = s.sqlite.prepare('INSERT INTO t VALUES (?)');
    const before = statSync(s.file).size;
    s.sqlite.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run('x'.repeat(200));
    })();
    // The worker copies the frames into the database file: it grows without this connection checkpointing.
    await until(() => statSync(s.file).size > before + 200_000);
    await c.stop();
    expect(c.running).toBe(false);
    expect(autocheckpoint(s)).toBe(1000);
    expect(s.sqlite.prepare('SELECT count(*) FROM t').pluck().get()).toBe(2000);
  });

  it('a stop before the worker is up leaves the connection checkpointing itself', async () => {
    const s = fileStore();
    const c = new Checkpointer(s.sqlite, s.file, 20);
    c.wake();
    await c.stop();
    expect(autocheckpoint(s)).toBe(1000);
    c.wake();
    expect(c.running).toBe(false);
  });
});

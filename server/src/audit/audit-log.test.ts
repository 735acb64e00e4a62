import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../db/open';
import { createHash } from 'node:crypto';
import { AuditLog, GENESIS_HASH, entryBody, entryHash } from './audit-log';
import { canonicalJson, diff } from './canonical';

let store: Store;
let log: AuditLog;
let t = 1_000;

beforeEach(() => {
  store = openStore(':memory:');
  log = new AuditLog(store.db, () => (t += 1000));
  for (let i = 0; i < 5; i++) log.append({ actorId: 'usr_a', orgId: 'east', action: 'record.create', entity: 'record', entityId: `rec_${i}`, diff: { after: { n: i } } });
});
afterEach(() => store.close());

const exec = (sql: string) => store.sqlite.exec(sql);

describe('audit chain', () => {
  it('given an untouched log, verify says ok with the count', () => {
    expect(log.verify()).toEqual({ ok: true, count: 5 });
  });

  it('the first entry chains from the genesis hash and each from the one before', () => {
    const rows = store.sqlite.prepare('SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq').all() as { seq: number; prev_hash: string; hash: string }[];
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
  });

  it.each([
    ['an edited diff', "UPDATE audit_log SET diff = '{\"after\":{\"n\":99}}' WHERE seq = 3", 3],
    ['an edited actor', "UPDATE audit_log SET actor_id = 'usr_b' WHERE seq = 2", 2],
    ['an edited time', 'UPDATE audit_log SET at = at + 1 WHERE seq = 4', 4],
    ['a deleted middle entry', 'DELETE FROM audit_log WHERE seq = 3', 3],
    ['a deleted first entry', 'DELETE FROM audit_log WHERE seq = 1', 1],
    ['a deleted last entry', 'DELETE FROM audit_log WHERE seq = 5', 5],
    ['a reordered pair', 'UPDATE audit_log SET seq = -2 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = -2', 2],
    ['a recomputed hash on an edited row', "UPDATE audit_log SET hash = 'x' || substr(hash, 2) WHERE seq = 5", 5],
  ])('finds %s', (_what, sql, seq) => {
    exec(sql);
    const r = log.verify();
    expect(r.ok).toBe(false);
    expect(r.firstBroken?.seq).toBe(seq);
    expect(r.firstBroken?.reason.length).toBeGreaterThan(10);
  });

  it('finds a forged entry appended without going through the log', () => {
    exec(`INSERT INTO audit_log (seq, at, actor_id, org_id, action, entity, entity_id, diff, prev_hash, hash) SELECT 6, at, actor_id, org_id, action, entity, entity_id, diff, hash, hash FROM audit_log WHERE seq = 5`);
    expect(log.verify().firstBroken?.seq).toBe(6);
  });
});

describe('canonical JSON and diff', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
  });
  it('keeps only changed properties', () => {
    expect(diff({ a: 1, b: [1], c: 3 }, { a: 1, b: [1], c: 4, d: 5 })).toEqual({ before: { c: 3 }, after: { c: 4, d: 5 } });
    expect(diff(null, { a: 1 })).toEqual({ after: { a: 1 } });
  });
});

describe('audit head with group commit', () => {
  it('stays right when a job of a batch rolls back after others appended, and when a whole batch fails', async () => {
    const { WriteQueue } = await import('../db/write-queue');
    const s = openStore(':memory:');
    try {
      const q = new WriteQueue(s.sqlite);
      const a = new AuditLog(s.db, () => 1);
      a.attach(q);
      const entry = (id: string) => ({ actorId: null, orgId: 'east', action: 'x.y', entity: 'x', entityId: id, diff: {} });
      const ok1 = q.run(() => a.append(entry('1')));
      const bad = q.run(() => {
        a.append(entry('2'));
        throw new Error('refused');
      });
      const ok3 = q.run(() => a.append(entry('3')));
      expect(await ok1).toBe(1);
      await expect(bad).rejects.toThrow('refused');
      expect(await ok3).toBe(2);
      expect(a.verify()).toEqual({ ok: true, count: 2 });
      expect(await q.run(() => a.append(entry('4')))).toBe(3);
      expect(s.sqlite.prepare('SELECT seq FROM audit_head').pluck().get()).toBe(3);
      expect(a.verify()).toEqual({ ok: true, count: 3 });
    } finally {
      s.close();
    }
  });
});

describe('entry hash', () => {
  const entries = [
    { seq: 1, at: 1_700_000_000_000, actorId: 'usr_a', orgId: 'east', action: 'record.create', entity: 'record', entityId: 'rec_1', diff: '{"after":{"n":1}}' },
    { seq: 2, at: 0, actorId: null, orgId: null, action: 'auth.login', entity: 'user', entityId: 'usr_"\\\u2028', diff: '{}' },
    { seq: 3, at: 5, actorId: '上海', orgId: 'x\ud83d\ude00', action: 'a', entity: 'e', entityId: '', diff: '{"after":{"k":"v\\n"}}' },
  ];
  it.each(entries)('is SHA-256 of the previous hash and the canonical JSON of the entry (seq $seq)', (e) => {
    expect(entryBody(e)).toBe(canonicalJson(e));
    expect(entryHash(GENESIS_HASH, e)).toBe(createHash('sha256').update(GENESIS_HASH).update(canonicalJson(e)).digest('hex'));
  });
  it('leaves out fields that are undefined, as canonical JSON does', () => {
    const e = { ...entries[0]!, actorId: undefined as unknown as null };
    expect(entryBody(e)).toBe(canonicalJson(e));
  });
});

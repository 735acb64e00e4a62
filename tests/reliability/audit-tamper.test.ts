/**
 * Audit tamper: with the server running on a file database, a second connection (what
 * someone with the `sqlite3` CLI would do) changes, deletes or reorders one audit row at a
 * time — at every position of a real log of API activity, and at a sample of positions
 * (first, last, around the verifier's 5000-row page boundary, random) of a log longer
 * than one page — and `GET /audit/verify` must name exactly that entry every time. Each
 * tamper is undone before the next, and the chain verifies again at the end.
 *
 * Builds on server/src/audit/audit-log.test.ts (one tamper of each kind on five rows).
 * AUDIT_SAMPLE (default 24) sets how many positions of the long log are tried.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { entryHash } from '../../server/src/audit/audit-log';
import { bearer, login, testApp } from '../../server/src/test-support';
import { visitTemplate } from '../../server/src/test-fixtures';

const SAMPLE = Number(process.env.AUDIT_SAMPLE ?? 24);
const dir = mkdtempSync(join(tmpdir(), 'branchline-audit-'));
let app: FastifyInstance;
let auditor: string;
let side: Database.Database;

interface Row {
  seq: number;
  at: number;
  actor_id: string | null;
  org_id: string | null;
  action: string;
  entity: string;
  entity_id: string;
  diff: string;
  prev_hash: string;
  hash: string;
}

beforeAll(async () => {
  const file = join(dir, 'audit.db');
  app = await testApp({ db: file, loginMax: 10_000, runs: { background: false } });
  const hq = await login(app, 'admin@hq.demo');
  const east = await login(app, 'admin@east.demo');
  const rep = await login(app, 'rep@east.demo');
  auditor = await login(app, 'auditor@hq.demo');
  // Real activity: a template, an instance, records created, changed and deleted, a user, failed sign-ins.
  const call = (method: string, url: string, token: string, payload?: unknown) => app.inject({ method: method as 'GET', url: `/api/v1${url}`, headers: bearer(token), ...(payload ? { payload: payload as object } : {}) });
  expect((await call('POST', '/templates', hq, { template: visitTemplate(1) })).statusCode).toBe(201);
  const def = (await call('POST', '/templates/visit-report/instances', east, { publish: true })).json().id as string;
  for (let i = 0; i < 40; i++) {
    const rec = (await call('POST', `/definitions/${def}/records`, rep, { data: { company: `Co ${i} 公司`, region: 'east', amount: i * 100, notes: 'x'.repeat(i) } })).json().id as string;
    if (i % 3 === 0) expect((await call('PATCH', `/records/${rec}`, rep, { data: { notes: `changed ${i}` } })).statusCode).toBe(200);
    if (i % 7 === 0) expect((await call('DELETE', `/records/${rec}`, east)).statusCode).toBe(204);
  }
  await call('POST', '/users', east, { email: 'new.rep@east.example.com', name: 'New Rep', password: 'a-long-password', role: 'sales_rep' });
  for (let i = 0; i < 3; i++) await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'rep@east.demo', password: 'wrong' } });
  side = new Database(file);
  side.pragma('busy_timeout = 5000');
}, 120_000);

afterAll(async () => {
  side?.close();
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

const verify = async () => {
  const res = await app.inject({ url: '/api/v1/audit/verify', headers: bearer(auditor) });
  expect(res.statusCode).toBe(200);
  return res.json() as { ok: boolean; count: number; firstBroken?: { seq: number; reason: string } };
};
const rows = (seqs: number[]) => side.prepare(`SELECT * FROM audit_log WHERE seq IN (${seqs.map(() => '?').join(',')})`).all(...seqs) as Row[];
const maxSeq = () => side.prepare('SELECT max(seq) FROM audit_log').pluck().get() as number;

/** One single-row tamper: what it does (through the side connection) and which entry verify must name. */
interface Tamper {
  name: string;
  /** Seqs whose rows it touches (saved before, restored after). */
  touches: (seq: number, last: number) => number[];
  apply: (seq: number, last: number) => void;
  expected: (seq: number, last: number) => number;
}

const change = (column: keyof Row, value: (r: Row) => unknown): Tamper => ({
  name: `change ${column}`,
  touches: (s) => [s],
  apply: (s) => {
    const r = rows([s])[0]!;
    side.prepare(`UPDATE audit_log SET ${column} = ? WHERE seq = ?`).run(value(r), s);
  },
  expected: (s) => s,
});

const TAMPERS: Tamper[] = [
  change('at', (r) => r.at + 1),
  change('actor_id', (r) => (r.actor_id ? null : 'usr_forged0000000000000')),
  change('org_id', (r) => (r.org_id === 'south' ? 'east' : 'south')),
  change('action', (r) => `${r.action}x`),
  change('entity', (r) => `${r.entity}x`),
  change('entity_id', (r) => `${r.entity_id}x`),
  change('diff', (r) => (r.diff === '{}' ? '{"after":{"forged":true}}' : '{}')),
  change('prev_hash', (r) => `${r.prev_hash[0] === 'f' ? '0' : 'f'}${r.prev_hash.slice(1)}`),
  change('hash', (r) => `${r.hash[0] === 'f' ? '0' : 'f'}${r.hash.slice(1)}`),
  {
    // Whoever knows the scheme rewrites an entry and computes its hash again: the next link (or the head) breaks.
    name: 'change diff and recompute the hash',
    touches: (s) => [s],
    apply: (s) => {
      const r = rows([s])[0]!;
      const diff = r.diff === '{}' ? '{"after":{"forged":true}}' : '{}';
      const hash = entryHash(r.prev_hash, { seq: r.seq, at: r.at, actorId: r.actor_id, orgId: r.org_id, action: r.action, entity: r.entity, entityId: r.entity_id, diff });
      side.prepare('UPDATE audit_log SET diff = ?, hash = ? WHERE seq = ?').run(diff, hash, s);
    },
    expected: (s) => s,
  },
  { name: 'delete', touches: (s) => [s], apply: (s) => void side.prepare('DELETE FROM audit_log WHERE seq = ?').run(s), expected: (s) => s },
  {
    name: 'swap with a neighbour',
    touches: (s, last) => (s < last ? [s, s + 1] : [s - 1, s]),
    apply: (s, last) => {
      const [a, b] = s < last ? [s, s + 1] : [s - 1, s];
      side.prepare('UPDATE audit_log SET seq = -1 WHERE seq = ?').run(a);
      side.prepare('UPDATE audit_log SET seq = ? WHERE seq = ?').run(a, b);
      side.prepare('UPDATE audit_log SET seq = ? WHERE seq = -1').run(b);
    },
    expected: (s, last) => (s < last ? s : s - 1),
  },
  {
    name: 'move to the end',
    touches: (s, last) => [s, last + 1000],
    apply: (s, last) => void side.prepare('UPDATE audit_log SET seq = ? WHERE seq = ?').run(last + 1000, s),
    expected: (s) => s,
  },
];

/** Apply each tamper at each position through the side connection, verify through the API, restore. */
async function sweep(positions: number[]): Promise<{ tried: number; wrong: string[] }> {
  const last = maxSeq();
  const wrong: string[] = [];
  let tried = 0;
  const cols = 'seq, at, actor_id, org_id, action, entity, entity_id, diff, prev_hash, hash';
  for (const seq of positions) {
    for (const t of TAMPERS) {
      const touched = t.touches(seq, last);
      const saved = rows(touched);
      side.transaction(() => t.apply(seq, last))();
      const res = await verify();
      tried += 1;
      const expected = t.expected(seq, last);
      if (res.ok || res.firstBroken?.seq !== expected) wrong.push(`${t.name} at ${seq} of ${last}: verify said ${JSON.stringify(res)}, expected entry ${expected}`);
      side.transaction(() => {
        side.prepare(`DELETE FROM audit_log WHERE seq IN (${touched.map(() => '?').join(',')})`).run(...touched);
        const put = side.prepare(`INSERT INTO audit_log (${cols}) VALUES (@seq, @at, @actor_id, @org_id, @action, @entity, @entity_id, @diff, @prev_hash, @hash)`);
        for (const r of saved) put.run(r);
      })();
    }
  }
  return { tried, wrong };
}

describe('audit tamper through the database', () => {
  it('every single-row change, deletion or reordering of a real log is found at its entry', async () => {
    expect((await verify()).ok).toBe(true);
    const last = maxSeq();
    expect(last).toBeGreaterThan(80);
    const { tried, wrong } = await sweep(Array.from({ length: last }, (_x, i) => i + 1));
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(tried).toBe(last * TAMPERS.length);
    expect(await verify()).toEqual({ ok: true, count: last });
    console.log(`audit-tamper: ${tried} tampers over all ${last} entries of a real log, each found at its entry`);
  }, 300_000);

  it('on a log longer than one verifier page, tampers at the first, last, page-boundary and random entries are found at their entry', async () => {
    // Lengthen the chain through the app's own audit log and write queue (as every API write appends).
    await app.svc.writes.run(() => {
      for (let i = 0; i < 5200; i++) app.svc.audit.append({ actorId: null, orgId: i % 2 ? 'east' : 'south', action: 'record.update', entity: 'record', entityId: `rec_${i}`, diff: { after: { n: i } } });
    });
    const last = maxSeq();
    expect(last).toBeGreaterThan(5100);
    const positions = new Set([1, 2, 4999, 5000, 5001, 5002, last - 1, last]);
    let x = 12345;
    while (positions.size < Math.max(SAMPLE, 10)) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      positions.add(1 + (x % last));
    }
    const { tried, wrong } = await sweep([...positions].sort((a, b) => a - b));
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(await verify()).toEqual({ ok: true, count: last });
    console.log(`audit-tamper: ${tried} tampers at ${positions.size} positions of a ${last}-entry log, each found at its entry`);
  }, 600_000);
});

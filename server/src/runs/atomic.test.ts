/**
 * A step and everything it produced commit together or not at all. A database trigger
 * makes one write of a step fail (what a full disk or a bug would do); then nothing of
 * that request may remain — for a submission, a fault in each table it writes (found by
 * counting rows: record, rollup, run, task, audit entry) in turn; for a task completion,
 * the run's update and the audit entry; for an event, the outbox entry of the HTTP step
 * and the audit entry. Once the fault is gone the same request succeeds.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { contractWorkflow, customer, must, publishOwn, runsKit, TIER, type Kit } from './test-kit';

let kit: Kit;
afterEach(() => kit?.app.close());

/** Row counts of every table, by name. */
const counts = (): Record<string, number> => {
  const db = kit.app.svc.store.sqlite;
  const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name").pluck().all() as string[];
  return Object.fromEntries(names.map((t) => [t, db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number]));
};
const grown = (a: Record<string, number>, b: Record<string, number>) => Object.keys(b).filter((t) => b[t]! > (a[t] ?? 0));
const failOn = (table: string, op: 'INSERT' | 'UPDATE') => kit.app.svc.store.sqlite.exec(`CREATE TRIGGER fault BEFORE ${op} ON "${table}" BEGIN SELECT RAISE(ABORT, 'injected fault'); END`);
const heal = () => kit.app.svc.store.sqlite.exec('DROP TRIGGER fault');
const submitS = () => kit.call('POST', `/definitions/${kit.forms.east}/records`, 'eastRep', { data: customer(TIER.S) });

describe('a step commits with what it produced, or not at all', () => {
  it('a submission fails as a whole when any one of the writes it makes fails: no record, run, task or audit entry remains', async () => {
    kit = await runsKit();
    // Which tables a submission writes: the record, its rollup, the run, its task, the audit entry …
    const c0 = counts();
    expect((await submitS()).statusCode).toBe(201);
    const written = grown(c0, counts());
    expect(written).toEqual(expect.arrayContaining(['records', 'runs', 'tasks', 'audit_log']));
    for (const table of written) {
      const before = counts();
      failOn(table, 'INSERT');
      const res = await submitS();
      heal();
      expect(res.statusCode, table).toBe(500);
      expect(res.body, table).not.toContain('injected fault');
      expect(counts(), `a failed insert into ${table} left the rest behind`).toEqual(before);
    }
    // Healed: the same submission stores all of it again.
    const before = counts();
    expect((await submitS()).statusCode).toBe(201);
    expect(grown(before, counts())).toEqual(expect.arrayContaining(['records', 'runs', 'tasks', 'audit_log']));
  });

  it('completing a task whose resumed step fails leaves the task open, the run waiting and no audit entry', async () => {
    kit = await runsKit();
    const recordId = await kit.submit(TIER.S);
    const task = (must(await kit.call('GET', `/tasks?recordId=${recordId}&status=open`, 'eastRep'), 200).items as { id: string; runId: string }[])[0]!;
    const before = counts();
    const runRow = () => kit.app.svc.store.sqlite.prepare('SELECT * FROM runs WHERE id = ?').get(task.runId);
    const runBefore = runRow();
    for (const [table, op] of [['runs', 'UPDATE'], ['audit_log', 'INSERT']] as const) {
      failOn(table, op);
      const res = await kit.call('POST', `/tasks/${task.id}/complete`, 'eastRep', { outcome: 'done' });
      heal();
      expect(res.statusCode, table).toBe(500);
      expect(counts(), table).toEqual(before);
      expect(runRow(), table).toEqual(runBefore);
    }
    expect(must(await kit.call('GET', `/tasks/${task.id}`, 'eastRep'), 200)).toMatchObject({ status: 'open' });
    expect(must(await kit.call('GET', `/runs/${task.runId}`, 'eastRep'), 200)).toMatchObject({ status: 'waiting' });
    must(await kit.call('POST', `/tasks/${task.id}/complete`, 'eastRep', { outcome: 'done' }), 200);
    expect(must(await kit.call('GET', `/runs/${task.runId}`, 'eastRep'), 200)).toMatchObject({ status: 'completed' });
  });

  it('an event whose resumed step cannot write its outbox entry is refused whole: the run keeps waiting, nothing is queued or audited', async () => {
    kit = await runsKit({ runs: { httpAllow: '127.0.0.1' } });
    await publishOwn(kit, contractWorkflow('http://127.0.0.1:9/hook', 3));
    await kit.submit(TIER.B);
    const signed = { type: 'contract.signed', key: '91310000MA1FL8XQ3B' };
    const before = counts();
    for (const table of ['outbox', 'audit_log']) {
      failOn(table, 'INSERT');
      const res = await kit.call('POST', '/events', 'eastAdmin', signed);
      heal();
      expect(res.statusCode, table).toBe(500);
      expect(counts(), table).toEqual(before);
    }
    must(await kit.call('POST', '/events', 'eastAdmin', signed), 202);
    const after = counts();
    for (const t of ['outbox', 'audit_log']) expect(after[t]!, t).toBeGreaterThan(before[t]!);
  });
});

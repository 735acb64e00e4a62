/**
 * Restart: a second app on the same database file resumes every unfinished run —
 * timers that came due while it was down fire, pending outbox entries are delivered
 * once, and waiting runs go on from their stored state.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HOUR, FakeClock, TIER, contractWorkflow, must, publishOwn, runsKit, type Kit } from './test-kit';
import { Receiver } from './receiver';

const dirs: string[] = [];
const kits: Kit[] = [];
let receiver: Receiver | undefined;
afterEach(async () => {
  for (const k of kits.splice(0)) await k.app.close();
  await receiver?.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function until(what: () => Promise<boolean> | boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('restart resumes unfinished runs', () => {
  it('a second app on the same file fires overdue timers, delivers pending effects once and continues waiting runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'branchline-restart-'));
    dirs.push(dir);
    const db = join(dir, 'branchline.db');
    receiver = new Receiver();
    const url = await receiver.start();
    const clock = new FakeClock();

    const a = await runsKit({ db, fakeClock: clock, runs: { httpAllow: '127.0.0.1' } });
    kits.push(a);
    await publishOwn(a, contractWorkflow(url));
    const overdue = await a.submit(TIER.S); // follow-up due in 1 h
    const later = await a.submit({ ...TIER.B, credit_code: '91440300MA5FQ2XW0J' }); // due in 24 h
    must(await a.call('POST', '/events', 'eastAdmin', { type: 'contract.signed', key: '91310000MA1FL8XQ3B' }), 202);
    const waitingBefore = (must(await a.call('GET', '/runs?status=waiting&limit=100', 'hqAdmin'), 200).items as unknown[]).length;
    expect(waitingBefore).toBe(3); // two grading runs + the second record's contract wait (the first was signed)
    await a.app.close();
    kits.pop();
    expect(receiver.hits).toEqual([]); // A stopped before delivering

    clock.advance(2 * HOUR);
    const b = await runsKit({ db, fakeClock: clock, setup: false, runs: { background: true, pollMs: 20, httpAllow: '127.0.0.1' } });
    kits.push(b);
    await until(async () => receiver!.hits.length === 1 && (must(await b.call('GET', '/tasks?assignee=me&status=open', 'eastAdmin'), 200).items as unknown[]).length === 1);

    const [escalation] = must(await b.call('GET', '/tasks?assignee=me&status=open', 'eastAdmin'), 200).items as { id: string; recordId: string; runId: string }[];
    expect(escalation!.recordId).toBe(overdue);
    const open = must(await b.call('GET', `/tasks?recordId=${later}&status=open`, 'eastRep'), 200).items as { id: string; runId: string }[];
    expect(open).toHaveLength(1);
    must(await b.call('POST', `/tasks/${open[0]!.id}/complete`, 'eastRep', { outcome: 'done' }), 200);
    expect(must(await b.call('GET', `/runs/${open[0]!.runId}`, 'eastRep'), 200)).toMatchObject({ status: 'completed', outcome: 'followed_up' });
    must(await b.call('POST', `/tasks/${escalation!.id}/complete`, 'eastAdmin', { outcome: 'done' }), 200);
    expect(must(await b.call('GET', `/runs/${escalation!.runId}`, 'eastAdmin'), 200)).toMatchObject({ status: 'completed', outcome: 'escalated' });

    // Nothing is delivered twice, however long the scheduler keeps polling.
    await new Promise((r) => setTimeout(r, 150));
    expect(receiver.hits).toHaveLength(1);
    expect(await b.app.runs.recover()).toEqual({ timers: 0, outbox: 0 });
    expect((must(await b.call('GET', '/runs?status=waiting', 'hqAdmin'), 200).items as unknown[]).length).toBe(1); // the second record's contract wait
    expect(must(await b.call('GET', '/audit/verify', 'auditor'), 200)).toMatchObject({ ok: true });
  });
});

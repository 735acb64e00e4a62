/**
 * The catalog keeps the subscription rows it reads between write batches: a workflow
 * published in this process, or by another process on the same database file, starts on
 * the very next record (and the audit chain goes on from the other process's entries).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contractWorkflow, FakeClock, must, publishOwn, runsKit, type Kit } from './test-kit';

const kits: Kit[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const k of kits.splice(0)) await k.app.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const workflowsOf = async (kit: Kit, recordId: string) =>
  (must(await kit.call('GET', `/runs?recordId=${recordId}`, 'hqAdmin'), 200).items as { workflowKey: string }[]).map((r) => r.workflowKey).sort();

describe('workflow catalog', () => {
  it('starts a workflow published in this process on the next record', async () => {
    const kit = await runsKit();
    kits.push(kit);
    expect(await workflowsOf(kit, await kit.submit())).toEqual(['customer-grading']);
    await publishOwn(kit, contractWorkflow('http://127.0.0.1:9/x'));
    expect(await workflowsOf(kit, await kit.submit({ credit_code: '91440300MA5FQ2XW0J' }))).toEqual(['await-contract', 'customer-grading']);
  });

  it('starts a workflow another process published on the same database on the next record', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'branchline-catalog-'));
    dirs.push(dir);
    const db = join(dir, 'branchline.db');
    const clock = new FakeClock();
    const a = await runsKit({ db, fakeClock: clock });
    kits.push(a);
    expect(await workflowsOf(a, await a.submit())).toEqual(['customer-grading']);
    const b = await runsKit({ db, fakeClock: clock, setup: false });
    kits.push(b);
    await publishOwn(b, contractWorkflow('http://127.0.0.1:9/x'));
    expect(await workflowsOf(a, await a.submit({ credit_code: '91440300MA5FQ2XW0J' }))).toEqual(['await-contract', 'customer-grading']);
    // The audit head was read again at the start of the batch: no append on a taken seq, no replay.
    expect(a.app.svc.writes.replayed).toBe(0);
    expect(a.app.svc.audit.verify().ok).toBe(true);
  });
});

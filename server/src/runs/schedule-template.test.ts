/**
 * HQ's mandatory workflow templates with a schedule trigger: each fire time starts one run
 * in every branch (every org under HQ, branches created later included), in that branch's
 * org; a branch's own published instance of the template stands in for HQ's there (never
 * both, never neither); a new template version replaces the schedule; each branch's time
 * fires once across ticks and restarts, and a downtime catches up once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { badSchedules, FakeClock, HOUR, must, runsKit, type Kit } from './test-kit';

const kits: Kit[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const k of kits.splice(0)) await k.app.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const t = (en: string) => ({ 'zh-CN': en, en });
const KEY = 'branch-digest';
/** A mandatory HQ workflow template on `cron` that records the fire time and the org it ran in. */
const template = (version: number, cron: string, timezone?: string, mandatory = true) => ({
  schemaVersion: 1, kind: 'template', key: KEY, version, title: t('Branch digest'), mandatory, locks: [],
  definition: {
    schemaVersion: 1, kind: 'workflow', key: KEY, title: t('Branch digest'),
    trigger: { type: 'schedule', cron, ...(timezone ? { timezone } : {}) },
    start: 'note',
    nodes: [
      { id: 'note', kind: 'set', assignments: [{ target: 'vars', key: 'fired_at', expression: 'event.firedAt' }, { target: 'vars', key: 'org', expression: 'org.id' }] },
      { id: 'done', kind: 'end', outcome: 'digested' },
    ],
    edges: [{ id: 'e1', from: 'note', to: 'done' }],
  },
});

type Run = { id: string; orgId: string; status: string; definitionId: string | null; templateKey: string | null; templateVersion: number | null; recordId: string | null };
type RunDetail = Run & { event: { type: string; firedAt: string }; vars: Record<string, unknown> };
async function runs(kit: Kit): Promise<RunDetail[]> {
  await kit.relogin();
  const items = must(await kit.call('GET', `/runs?workflowKey=${KEY}&limit=100`, 'hqAdmin'), 200).items as Run[];
  return Promise.all(items.reverse().map(async (r) => must(await kit.call('GET', `/runs/${r.id}`, 'hqAdmin'), 200) as never));
}
/** "org@firedAt by definition|template@version", sorted: what ran where, when, as whose workflow. */
const fired = async (kit: Kit) =>
  (await runs(kit))
    .map((r) => {
      expect([r.status, r.recordId, r.vars.fired_at, r.vars.org, r.event.type]).toEqual(['completed', null, r.event.firedAt, r.orgId, 'schedule']);
      return `${r.orgId}@${r.event.firedAt} ${r.definitionId ? 'instance' : `template v${r.templateVersion}`}`;
    })
    .sort();

// T0 is Thursday 2026-11-26 16:00 in Shanghai; 09:00 Shanghai is 01:00 UTC.
const FRI = '2026-11-27T01:00:00.000Z';
const MON = '2026-11-30T01:00:00.000Z';
const BRANCHES = ['east', 'sea', 'south'];
const everywhere = (at: string, who = 'template v1') => BRANCHES.map((o) => `${o}@${at} ${who}`);

async function hqPublishes(kit: Kit, doc: unknown): Promise<void> {
  must(await kit.call('POST', '/templates', 'hqAdmin', { template: doc }), 201);
}

describe('a mandatory schedule template fires in every branch', () => {
  it('one run per branch per fire time, in the branch org, none in HQ; a time fires once, also under concurrent ticks', async () => {
    const kit = await runsKit({ setup: false });
    kits.push(kit);
    await hqPublishes(kit, template(1, '0 9 * * 1-5'));
    kit.clock.now = Date.parse(FRI) - 1;
    expect(await kit.app.runs.tick()).toBe(0);
    kit.clock.now = Date.parse(FRI);
    expect(await kit.app.runs.tick()).toBe(3);
    expect(await kit.app.runs.tick()).toBe(0);
    kit.clock.now = Date.parse(FRI) + 2 * HOUR;
    expect(await kit.app.runs.tick()).toBe(0);
    expect(await fired(kit)).toEqual(everywhere(FRI));
    // Saturday and Sunday pass; Monday fires once per branch although two ticks run at once.
    kit.clock.now = Date.parse(MON);
    const [a, b] = await Promise.all([kit.app.runs.tick(), kit.app.runs.tick()]);
    expect(a + b).toBe(3);
    expect(await fired(kit)).toEqual([...everywhere(FRI), ...everywhere(MON)].sort());
  });

  it("a branch's own published instance stands in for HQ's template there: never both, never neither", async () => {
    const kit = await runsKit({ setup: false });
    kits.push(kit);
    await hqPublishes(kit, template(1, '0 9 * * 1-5'));
    const instance = must(await kit.call('POST', `/templates/${KEY}/instances`, 'eastAdmin', { publish: true }), 201).id as string;
    // A mandatory instance cannot be switched off, so HQ's template never comes back for east.
    expect((await kit.call('POST', `/definitions/${instance}/deactivate`, 'eastAdmin')).statusCode).toBe(409);
    kit.clock.now = Date.parse(FRI);
    expect(await kit.app.runs.tick()).toBe(3);
    kit.clock.now = Date.parse(MON);
    expect(await kit.app.runs.tick()).toBe(3);
    const all = await runs(kit);
    expect(all.filter((r) => r.definitionId !== null).map((r) => [r.orgId, r.definitionId, r.event.firedAt])).toEqual([['east', instance, FRI], ['east', instance, MON]]);
    expect(await fired(kit)).toEqual(
      [FRI, MON].flatMap((at) => [`east@${at} instance`, `sea@${at} template v1`, `south@${at} template v1`]).sort(),
    );
  });

  it('a branch whose instance is still a draft gets HQ template runs (a draft does not stand in)', async () => {
    const kit = await runsKit({ setup: false });
    kits.push(kit);
    await hqPublishes(kit, template(1, '0 9 * * 1-5'));
    must(await kit.call('POST', `/templates/${KEY}/instances`, 'southAdmin', { publish: false }), 201);
    kit.clock.now = Date.parse(FRI);
    expect(await kit.app.runs.tick()).toBe(3);
    expect(await fired(kit)).toEqual(everywhere(FRI));
  });

  it('a new template version replaces the schedule in every branch; runs take that version', async () => {
    const kit = await runsKit({ setup: false });
    kits.push(kit);
    await hqPublishes(kit, template(1, '0 9 * * 1-5'));
    await hqPublishes(kit, template(2, '30 7 * * *', 'Europe/Berlin'));
    kit.clock.now = Date.parse(FRI);
    expect(await kit.app.runs.tick()).toBe(0);
    // 07:30 Berlin is 06:30 UTC in winter.
    const berlin = '2026-11-27T06:30:00.000Z';
    kit.clock.now = Date.parse(berlin);
    expect(await kit.app.runs.tick()).toBe(3);
    expect(await fired(kit)).toEqual(everywhere(berlin, 'template v2'));
    // A version that is no longer mandatory stops the schedule.
    await hqPublishes(kit, template(3, '30 7 * * *', 'Europe/Berlin', false));
    kit.clock.now = Date.parse(berlin) + 24 * HOUR;
    expect(await kit.app.runs.tick()).toBe(0);
  });

  it('branches created later get it from their first fire time after they exist (a sub-branch too)', async () => {
    const kit = await runsKit({ setup: false });
    kits.push(kit);
    await hqPublishes(kit, template(1, '0 9 * * 1-5'));
    kit.clock.now = Date.parse(FRI) - HOUR;
    await kit.relogin();
    must(await kit.call('POST', '/orgs', 'hqAdmin', { id: 'north', parentId: 'hq', name: t('North China') }), 201);
    kit.clock.now = Date.parse(FRI);
    expect(await kit.app.runs.tick()).toBe(4);
    // Created after Friday's time: its first run is Monday's, with no catch-up of Friday.
    kit.clock.now = Date.parse(FRI) + HOUR;
    await kit.relogin();
    must(await kit.call('POST', '/orgs', 'hqAdmin', { id: 'east-sh', parentId: 'east', name: t('Shanghai') }), 201);
    expect(await kit.app.runs.tick()).toBe(0);
    kit.clock.now = Date.parse(MON);
    expect(await kit.app.runs.tick()).toBe(5);
    expect(await fired(kit)).toEqual(
      [...everywhere(FRI), `north@${FRI} template v1`, ...everywhere(MON), `north@${MON} template v1`, `east-sh@${MON} template v1`].sort(),
    );
  });
});

describe('a schedule template with a bad cron or time zone', () => {
  it('is refused at publish with 422 at /template/definition/trigger/…, and nothing fires', async () => {
    const kit = await runsKit({ setup: false });
    kits.push(kit);
    for (const [cron, tz, pointer, code] of badSchedules('/template/definition')) {
      const res = await kit.call('POST', '/templates', 'hqAdmin', { template: template(1, cron, tz) });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors.map((e: { pointer: string; code: string }) => [e.pointer, e.code])).toEqual([[pointer, code]]);
    }
    kit.clock.now = Date.parse(FRI);
    expect(await kit.app.runs.tick()).toBe(0);
  });
});

describe('a mandatory schedule template across a restart', () => {
  it('a second app on the same file fires no branch twice; after a downtime each branch fires once, for the latest missed time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'branchline-template-schedule-'));
    dirs.push(dir);
    const db = join(dir, 'branchline.db');
    const clock = new FakeClock();
    const a = await runsKit({ db, fakeClock: clock, setup: false });
    kits.push(a);
    await hqPublishes(a, template(1, '0 9 * * 1-5'));
    clock.now = Date.parse(FRI);
    expect(await a.app.runs.tick()).toBe(3);
    await a.app.close();
    kits.pop();

    const b = await runsKit({ db, fakeClock: clock, setup: false });
    kits.push(b);
    expect(await b.app.runs.recover()).toEqual({ timers: 0, outbox: 0 });
    await b.app.close();
    kits.pop();

    // Down from Friday to Wednesday 10:00: Monday, Tuesday and Wednesday 09:00 were missed.
    const WED = '2026-12-02T01:00:00.000Z';
    clock.now = Date.parse(WED) + HOUR;
    const c = await runsKit({ db, fakeClock: clock, setup: false });
    kits.push(c);
    expect(await c.app.runs.recover()).toEqual({ timers: 3, outbox: 0 });
    expect(await c.app.runs.tick()).toBe(0);
    expect(await fired(c)).toEqual([...everywhere(FRI), ...everywhere(WED)].sort());
    clock.now = Date.parse('2026-12-03T01:00:00.000Z');
    expect(await c.app.runs.tick()).toBe(3);
  });
});

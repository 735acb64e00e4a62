/**
 * Schedule triggers: a published schedule workflow fires on the scheduler's tick at its
 * cron's instants in its time zone, once per instant — across ticks, concurrent ticks and
 * restarts (a downtime catches up once, for the latest missed time) — not while switched
 * off, and a bad cron or time zone is refused at publish with a pointer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { badSchedules, FakeClock, HOUR, must, publishOwn, runsKit, type Kit } from './test-kit';

const kits: Kit[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const k of kits.splice(0)) await k.app.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const t = (en: string) => ({ 'zh-CN': en, en });
/** A branch workflow that fires on `cron` (in `timezone`, if given) and records the fire time in a variable. */
const scheduled = (cron: string, timezone?: string, key = 'weekday-digest', when?: string) => ({
  schemaVersion: 1, kind: 'workflow', key, title: t('Weekday digest'),
  trigger: { type: 'schedule', cron, ...(timezone ? { timezone } : {}), ...(when ? { when } : {}) },
  start: 'note',
  nodes: [
    { id: 'note', kind: 'set', assignments: [{ target: 'vars', key: 'fired_at', expression: 'event.firedAt' }] },
    { id: 'done', kind: 'end', outcome: 'digested' },
  ],
  edges: [{ id: 'e1', from: 'note', to: 'done' }],
});

type Run = { id: string; status: string; outcome?: string; recordId: string | null; definitionVersion: number | null };
async function runs(kit: Kit, key = 'weekday-digest'): Promise<(Run & { event: { type: string; firedAt: string }; vars: Record<string, unknown> })[]> {
  const items = must(await kit.call('GET', `/runs?workflowKey=${key}&limit=100`, 'hqAdmin'), 200).items as Run[];
  return Promise.all(items.reverse().map(async (r) => must(await kit.call('GET', `/runs/${r.id}`, 'hqAdmin'), 200) as never));
}
const firedAts = async (kit: Kit, key?: string) => (await runs(kit, key)).map((r) => r.event.firedAt);

// T0 is Thursday 2026-11-26 16:00 in Shanghai; 09:00 Shanghai is 01:00 UTC.
const FRI = '2026-11-27T01:00:00.000Z';
const MON = '2026-11-30T01:00:00.000Z';
const TUE = '2026-12-01T01:00:00.000Z';

describe('schedule triggers fire on the tick', () => {
  it('"0 9 * * 1-5" in Asia/Shanghai fires at 09:00 each weekday across a weekend, once each, with no record', async () => {
    const kit = await runsKit();
    kits.push(kit);
    await publishOwn(kit, scheduled('0 9 * * 1-5', 'Asia/Shanghai'));
    const started: number[] = [];
    // Every quarter of an hour from Thursday 16:00 to Tuesday 12:00 Shanghai.
    while (kit.clock.now < Date.parse('2026-12-01T04:00:00.000Z')) {
      kit.clock.advance(HOUR / 4);
      const n = await kit.app.runs.tick();
      if (n) started.push(kit.clock.now);
    }
    expect(started.map((ms) => new Date(ms).toISOString())).toEqual([FRI, MON, TUE]);
    await kit.relogin();
    const all = await runs(kit);
    expect(all.map((r) => r.event)).toEqual([FRI, MON, TUE].map((firedAt) => ({ type: 'schedule', firedAt })));
    expect(all.map((r) => [r.status, r.outcome, r.recordId, r.vars.fired_at])).toEqual([FRI, MON, TUE].map((f) => ['completed', 'digested', null, f]));
  });

  it('without a time zone reads the cron in Asia/Shanghai; two ticks at once start one run', async () => {
    const kit = await runsKit({ setup: false });
    kits.push(kit);
    await publishOwn(kit, scheduled('0 9 * * 1-5'));
    kit.clock.now = Date.parse(FRI);
    const [a, b] = await Promise.all([kit.app.runs.tick(), kit.app.runs.tick()]);
    expect(a + b).toBe(1);
    expect(await kit.app.runs.tick()).toBe(0);
    await kit.relogin();
    expect(await firedAts(kit)).toEqual([FRI]);
  });

  it('a switched-off workflow lets its times pass; switched on, it fires from the next one (no catch-up of the off time)', async () => {
    const kit = await runsKit({ setup: false });
    kits.push(kit);
    const id = await publishOwn(kit, scheduled('0 9 * * 1-5'));
    must(await kit.call('POST', `/definitions/${id}/deactivate`, 'eastAdmin'), 200);
    kit.clock.now = Date.parse(FRI) + HOUR;
    expect(await kit.app.runs.tick()).toBe(0);
    await kit.relogin();
    must(await kit.call('POST', `/definitions/${id}/activate`, 'eastAdmin'), 200);
    expect(await kit.app.runs.tick()).toBe(0);
    kit.clock.now = Date.parse(MON);
    expect(await kit.app.runs.tick()).toBe(1);
    await kit.relogin();
    expect(await firedAts(kit)).toEqual([MON]);
  });

  it('a new published version replaces the schedule; runs take that version', async () => {
    const kit = await runsKit({ setup: false });
    kits.push(kit);
    const id = await publishOwn(kit, scheduled('0 9 * * 1-5'));
    const v2 = scheduled('30 7 * * *', 'Europe/Berlin');
    must(await kit.call('PUT', `/definitions/${id}`, 'eastAdmin', { definition: v2 }), 200);
    must(await kit.call('POST', `/definitions/${id}/publish`, 'eastAdmin'), 200);
    // 09:00 Shanghai no longer fires; 07:30 Berlin (06:30 UTC in winter) does.
    kit.clock.now = Date.parse(FRI);
    expect(await kit.app.runs.tick()).toBe(0);
    kit.clock.now = Date.parse('2026-11-27T06:30:00.000Z');
    expect(await kit.app.runs.tick()).toBe(1);
    await kit.relogin();
    const [run] = await runs(kit);
    expect([run!.definitionVersion, run!.event.firedAt]).toEqual([2, '2026-11-27T06:30:00.000Z']);
  });

  it('a when guard that is false lets the time pass without a run', async () => {
    const kit = await runsKit({ setup: false });
    kits.push(kit);
    await publishOwn(kit, scheduled('0 9 * * 1-5', undefined, 'weekday-digest', "org.id == 'south'"));
    kit.clock.now = Date.parse(FRI);
    expect(await kit.app.runs.tick()).toBe(0);
    kit.clock.now = Date.parse(MON);
    expect(await kit.app.runs.tick()).toBe(0);
    await kit.relogin();
    expect(await firedAts(kit)).toEqual([]);
  });
});

describe('schedule triggers across a restart', () => {
  it('a second app on the same file does not fire a time again, and after a downtime fires once, for the latest missed time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'branchline-schedule-'));
    dirs.push(dir);
    const db = join(dir, 'branchline.db');
    const clock = new FakeClock();
    const a = await runsKit({ db, fakeClock: clock, setup: false });
    kits.push(a);
    await publishOwn(a, scheduled('0 9 * * 1-5'));
    clock.now = Date.parse(FRI);
    expect(await a.app.runs.tick()).toBe(1);
    await a.app.close();
    kits.pop();

    const b = await runsKit({ db, fakeClock: clock, setup: false });
    kits.push(b);
    expect(await b.app.runs.recover()).toEqual({ timers: 0, outbox: 0 });
    await b.app.close();
    kits.pop();

    // Down from Friday to Wednesday 10:00: Monday, Tuesday and Wednesday 09:00 were missed.
    clock.now = Date.parse('2026-12-02T02:00:00.000Z');
    const c = await runsKit({ db, fakeClock: clock, setup: false });
    kits.push(c);
    expect(await c.app.runs.recover()).toEqual({ timers: 1, outbox: 0 });
    expect(await c.app.runs.tick()).toBe(0);
    expect(await firedAts(c)).toEqual([FRI, '2026-12-02T01:00:00.000Z']);
    clock.now = Date.parse('2026-12-03T01:00:00.000Z');
    expect(await c.app.runs.tick()).toBe(1);
  });
});

describe('a bad cron or time zone is refused with a pointer', () => {
  it('saves as a draft with the problems listed, and publishing refuses it with 422 at /definition/trigger/…', async () => {
    const kit = await runsKit({ setup: false });
    kits.push(kit);
    for (const [cron, tz, pointer, code] of badSchedules('/definition')) {
      const key = `digest-${code.replace(/_/g, '-')}`;
      const id = must(await kit.call('POST', '/definitions', 'eastAdmin', { definition: scheduled('0 9 * * *', undefined, key) }), 201).id as string;
      const saved = must(await kit.call('PUT', `/definitions/${id}`, 'eastAdmin', { definition: scheduled(cron, tz, key) }), 200) as { problems: { pointer: string; code: string; message: { en: string; 'zh-CN': string } }[] };
      expect(saved.problems.map((p) => [p.pointer, p.code])).toEqual([[pointer, code]]);
      expect(saved.problems[0]!.message['zh-CN']).toBeTruthy();
      const res = await kit.call('POST', `/definitions/${id}/publish`, 'eastAdmin');
      expect(res.statusCode).toBe(422);
      expect(res.json().errors.map((e: { pointer: string; code: string }) => [e.pointer, e.code])).toEqual([[pointer, code]]);
    }
    // The schema already refuses a cron without five fields.
    const six = await kit.call('POST', '/definitions', 'eastAdmin', { definition: scheduled('0 0 9 * * 1-5', undefined, 'six-fields') });
    expect(six.statusCode).toBe(422);
    expect(six.json().errors[0].pointer).toBe('/definition/trigger/cron');
  });
});

/**
 * Schedule triggers: five-field cron (minute hour day month weekday) read in an IANA
 * time zone, by croner (docs/decisions/0009-cron-schedules.md). The runtime stays pure,
 * so the cron library lives here: definitions are checked with it before they are saved
 * or published, and the scheduler computes fire times with it.
 *
 * Orgs carry no time zone, so a trigger without `timezone` reads its cron in
 * Asia/Shanghai (the first users are Chinese enterprises).
 */
import { Cron } from 'croner';
import type { Problem } from '@branchline/schemas';

export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

export interface ScheduleTrigger {
  readonly type: 'schedule';
  readonly cron: string;
  readonly timezone?: string;
}

const msg = (en: string, zh: string) => ({ en, 'zh-CN': zh });

/** True when the runtime's Intl knows `tz` as a time zone. */
export function knownTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function cronOf(t: ScheduleTrigger): Cron {
  return new Cron(t.cron, { paused: true, timezone: t.timezone ?? DEFAULT_TIMEZONE });
}

/**
 * Problems of a workflow's schedule trigger, pointing under `base` (e.g. `/definition`):
 * a cron croner cannot read or that never fires, a time zone that is not an IANA name.
 *
 * @example scheduleProblems({ trigger: { type: 'schedule', cron: '0 25 * * *' } }, '/definition') // → [{ pointer: '/definition/trigger/cron', code: 'cron_invalid', … }]
 */
export function scheduleProblems(wf: { trigger?: unknown }, base: string, now: number): Problem[] {
  const t = wf.trigger as Partial<ScheduleTrigger> | undefined;
  if (!t || t.type !== 'schedule' || typeof t.cron !== 'string') return [];
  const out: Problem[] = [];
  if (t.timezone !== undefined && !knownTimezone(t.timezone)) {
    out.push({ pointer: `${base}/trigger/timezone`, code: 'timezone_unknown', message: msg(`"${t.timezone}" is not an IANA time zone; write one such as "Asia/Shanghai" or "Europe/Berlin", or leave it out for Asia/Shanghai.`, `"${t.timezone}" 不是 IANA 时区；请填写如 "Asia/Shanghai" 或 "Europe/Berlin"，或留空（默认 Asia/Shanghai）。`) });
  }
  let cron: Cron | undefined;
  try {
    cron = new Cron(t.cron, { paused: true, timezone: out.length ? DEFAULT_TIMEZONE : (t.timezone ?? DEFAULT_TIMEZONE) });
  } catch (err) {
    const why = err instanceof Error ? err.message.replace(/^CronPattern: /, '') : String(err);
    out.push({ pointer: `${base}/trigger/cron`, code: 'cron_invalid', message: msg(`"${t.cron}" is not a five-field cron (minute hour day month weekday): ${why}`, `"${t.cron}" 不是有效的五段 cron（分 时 日 月 周）：${why}`) });
  }
  if (cron && cron.nextRun(new Date(now)) === null) {
    out.push({ pointer: `${base}/trigger/cron`, code: 'cron_never_fires', message: msg(`"${t.cron}" never fires (e.g. 31 February); pick a date that exists.`, `"${t.cron}" 永远不会触发（如 2 月 31 日）；请选择存在的日期。`) });
  }
  return out;
}

/** The first fire time strictly after `after` (epoch ms), or null when there is none or the trigger is unusable. */
export function nextFireAfter(t: ScheduleTrigger, after: number): number | null {
  try {
    return cronOf(t).nextRun(new Date(after))?.getTime() ?? null;
  } catch {
    return null;
  }
}

/**
 * The latest fire time at or before `now`, given that `due` (≤ now) was the first one
 * not yet fired: after a downtime the missed times collapse into this one.
 */
export function latestFireAtOrBefore(t: ScheduleTrigger, due: number, now: number): number {
  try {
    const prev = cronOf(t).previousRuns(1, new Date(now + 1))[0]?.getTime();
    return prev !== undefined && prev >= due ? prev : due;
  } catch {
    return due;
  }
}

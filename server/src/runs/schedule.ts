/**
 * Schedule triggers fire on the scheduler's tick. Each published schedule workflow of a
 * branch keeps its next fire time in `event_subscriptions.next_fire_at` (set when it is
 * published). A due schedule starts one run — no record, `event: {type: 'schedule',
 * firedAt}` — and its next fire time moves past `now` in the same transaction, guarded
 * by the value read: a fire time fires at most once, across ticks, processes and
 * restarts. After a downtime the missed fire times collapse into one run for the latest
 * of them (a catch-up, not a burst). A switched-off workflow's due times pass without a
 * run; `when` guards are evaluated as for every other trigger.
 */
import type { Services } from '../services';
import { iso } from '../ids';
import { latestFireAtOrBefore, nextFireAfter, type ScheduleTrigger } from '../domain/cron';
import type { RunEngine, RunLog } from './engine';

const BATCH = 500;

interface DueSchedule {
  id: string;
  definitionId: string;
  orgId: string;
  version: number;
  nextFireAt: number;
}

/** What one due schedule did: started a run (its id), passed without one, or was already taken. */
export type FireOutcome = { runId: string } | { skipped: 'inactive' | 'guard' | 'gone' } | { taken: true };

export class ScheduleFirer {
  private readonly due;
  private readonly current;
  private readonly advance;

  constructor(
    private readonly svc: Services,
    private readonly engine: RunEngine,
    private readonly log: RunLog,
  ) {
    const sqlite = svc.store.sqlite;
    this.due = sqlite.prepare(
      `SELECT id, definition_id AS definitionId, org_id AS orgId, version, next_fire_at AS nextFireAt FROM event_subscriptions
       WHERE next_fire_at IS NOT NULL AND next_fire_at <= @now AND definition_id IS NOT NULL ORDER BY next_fire_at LIMIT ${BATCH}`,
    );
    this.current = sqlite.prepare('SELECT next_fire_at AS nextFireAt FROM event_subscriptions WHERE id = ?');
    this.advance = sqlite.prepare('UPDATE event_subscriptions SET next_fire_at = @next WHERE id = @id AND next_fire_at = @due');
  }

  /** Fire every schedule due at `now`; resolves with the number of runs started. */
  async fireDue(now: number): Promise<number> {
    let started = 0;
    for (const s of this.due.all({ now }) as DueSchedule[]) {
      const outcome = await this.svc.writes.run(() => this.fireJob(s, now)).catch((err) => this.broken(s, now, err));
      if ('runId' in outcome) started += 1;
    }
    return started;
  }

  /** One due schedule, inside a write job: advance its fire time and start its run, or neither. */
  fireJob(s: DueSchedule, now: number): FireOutcome {
    const row = this.current.get(s.id) as { nextFireAt: number | null } | undefined;
    // Re-read under the write lock: another tick or process may have fired (or a publish replaced) it.
    if (!row || row.nextFireAt !== s.nextFireAt) return { taken: true };
    const trigger = this.triggerOf(s);
    if (!trigger) {
      this.advance.run({ id: s.id, due: s.nextFireAt, next: null });
      return { skipped: 'gone' };
    }
    const firedAt = latestFireAtOrBefore(trigger, s.nextFireAt, now);
    this.advance.run({ id: s.id, due: s.nextFireAt, next: nextFireAfter(trigger, now) });
    const target = this.engine.catalog.forDefinition(s.definitionId, s.orgId, `${s.definitionId}@${firedAt}`);
    if (!target || target.compiled.definition.trigger.type !== 'schedule') return { skipped: 'inactive' };
    const runId = this.engine.startJob(target, { orgId: s.orgId, event: { type: 'schedule', firedAt: iso(firedAt) } }, now);
    return runId ? { runId } : { skipped: 'guard' };
  }

  private triggerOf(s: DueSchedule): ScheduleTrigger | undefined {
    const wf = this.svc.definitions.version(s.definitionId, s.version)?.definition as { trigger?: { type?: string } } | undefined;
    return wf?.trigger?.type === 'schedule' ? (wf.trigger as ScheduleTrigger) : undefined;
  }

  /** A schedule whose start threw (a bug, not a user's doing): move it on so it does not fire forever. */
  private async broken(s: DueSchedule, now: number, err: unknown): Promise<FireOutcome> {
    this.log.error({ err, definitionId: s.definitionId }, 'schedule start failed; its fire time is moved on');
    const trigger = this.triggerOf(s);
    await this.svc.writes.run(() => this.advance.run({ id: s.id, due: s.nextFireAt, next: trigger ? nextFireAfter(trigger, now) : null })).catch(() => undefined);
    return { skipped: 'gone' };
  }
}

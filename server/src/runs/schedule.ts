/**
 * Schedule triggers fire on the scheduler's tick. Each published schedule workflow of a
 * branch keeps its next fire time in `event_subscriptions.next_fire_at` (set when it is
 * published). A due schedule starts one run — no record, `event: {type: 'schedule',
 * firedAt}` — and its next fire time moves past `now` in the same transaction, guarded
 * by the value read: a fire time fires at most once, across ticks, processes and
 * restarts. After a downtime the missed fire times collapse into one run for the latest
 * of them (a catch-up, not a burst). A switched-off workflow's due times pass without a
 * run; `when` guards are evaluated as for every other trigger.
 *
 * An HQ mandatory workflow template with a schedule trigger runs in every branch (every org
 * under HQ), so each branch keeps its own next fire time in `template_schedules` (rows of the
 * template's subscription, replaced with it by a new template version). The tick first adds
 * the row of each branch that has none — after a template is published, and for branches
 * created later — with the first fire time after the later of the template's publishing and
 * the branch's creation; then each due row fires exactly like a branch schedule, the run in
 * that branch's org. Where the branch's own published, active instance of the template
 * stands in, that instance fires on its own schedule and the template's time passes.
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

interface DueTemplateSchedule {
  subscriptionId: string;
  orgId: string;
  templateKey: string;
  version: number;
  nextFireAt: number;
}

interface MissingBranch {
  subscriptionId: string;
  orgId: string;
  templateKey: string;
  version: number;
  since: number;
}

/** What one due schedule did: started a run (its id), passed without one, or was already taken. */
export type FireOutcome = { runId: string } | { skipped: 'inactive' | 'guard' | 'gone' | 'replaced' } | { taken: true };

export class ScheduleFirer {
  private readonly due;
  private readonly current;
  private readonly advance;
  private readonly missing;
  private readonly addBranch;
  private readonly dueTemplates;
  private readonly currentTemplate;
  private readonly advanceTemplate;

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
    // Mandatory schedule templates (org_id NULL) × branches (orgs with a parent) without a fire time yet.
    this.missing = sqlite.prepare(
      `SELECT s.id AS subscriptionId, o.id AS orgId, s.template_key AS templateKey, s.version, max(s.created_at, o.created_at) AS since
       FROM event_subscriptions s JOIN orgs o ON o.parent_id IS NOT NULL
       WHERE s.trigger_type = 'schedule' AND s.definition_id IS NULL AND s.org_id IS NULL AND s.template_key IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM template_schedules t WHERE t.subscription_id = s.id AND t.org_id = o.id)
       LIMIT ${BATCH}`,
    );
    this.addBranch = sqlite.prepare(
      `INSERT INTO template_schedules (subscription_id, org_id, next_fire_at)
       SELECT @subscriptionId, @orgId, @next WHERE EXISTS (SELECT 1 FROM event_subscriptions WHERE id = @subscriptionId)
       ON CONFLICT DO NOTHING`,
    );
    this.dueTemplates = sqlite.prepare(
      `SELECT t.subscription_id AS subscriptionId, t.org_id AS orgId, s.template_key AS templateKey, s.version, t.next_fire_at AS nextFireAt
       FROM template_schedules t JOIN event_subscriptions s ON s.id = t.subscription_id
       WHERE t.next_fire_at IS NOT NULL AND t.next_fire_at <= @now ORDER BY t.next_fire_at LIMIT ${BATCH}`,
    );
    this.currentTemplate = sqlite.prepare('SELECT next_fire_at AS nextFireAt FROM template_schedules WHERE subscription_id = ? AND org_id = ?');
    this.advanceTemplate = sqlite.prepare(
      'UPDATE template_schedules SET next_fire_at = @next WHERE subscription_id = @subscriptionId AND org_id = @orgId AND next_fire_at = @due',
    );
  }

  /** Fire every schedule due at `now`; resolves with the number of runs started. */
  async fireDue(now: number): Promise<number> {
    let started = 0;
    for (const s of this.due.all({ now }) as DueSchedule[]) {
      const outcome = await this.svc.writes.run(() => this.fireJob(s, now)).catch((err) => this.broken(s, now, err));
      if ('runId' in outcome) started += 1;
    }
    await this.addBranches();
    for (const s of this.dueTemplates.all({ now }) as DueTemplateSchedule[]) {
      const outcome = await this.svc.writes.run(() => this.fireTemplateJob(s, now)).catch((err) => this.brokenTemplate(s, now, err));
      if ('runId' in outcome) started += 1;
    }
    return started;
  }

  /** Give each branch without one a fire time for each mandatory schedule template (first after both exist). */
  private async addBranches(): Promise<void> {
    const rows = this.missing.all() as MissingBranch[];
    if (!rows.length) return;
    await this.svc.writes.run(() => {
      for (const r of rows) {
        const trigger = this.templateTrigger(r);
        this.addBranch.run({ subscriptionId: r.subscriptionId, orgId: r.orgId, next: trigger ? nextFireAfter(trigger, r.since) : null });
      }
    });
  }

  /** One branch's due time of a mandatory schedule template, inside a write job: advance it and start the branch's run, or neither. */
  fireTemplateJob(s: DueTemplateSchedule, now: number): FireOutcome {
    const row = this.currentTemplate.get(s.subscriptionId, s.orgId) as { nextFireAt: number | null } | undefined;
    if (!row || row.nextFireAt !== s.nextFireAt) return { taken: true };
    const key = { subscriptionId: s.subscriptionId, orgId: s.orgId, due: s.nextFireAt };
    const trigger = this.templateTrigger(s);
    if (!trigger) {
      this.advanceTemplate.run({ ...key, next: null });
      return { skipped: 'gone' };
    }
    const firedAt = latestFireAtOrBefore(trigger, s.nextFireAt, now);
    this.advanceTemplate.run({ ...key, next: nextFireAfter(trigger, now) });
    const target = this.engine.catalog.forTemplateIn(s.templateKey, s.version, s.orgId);
    if (!target) return { skipped: 'replaced' };
    const runId = this.engine.startJob(target, { orgId: s.orgId, event: { type: 'schedule', firedAt: iso(firedAt) } }, now);
    return runId ? { runId } : { skipped: 'guard' };
  }

  private templateTrigger(s: { templateKey: string; version: number }): ScheduleTrigger | undefined {
    const wf = this.svc.templates.doc(s.templateKey, s.version)?.definition as { trigger?: { type?: string } } | undefined;
    return wf?.trigger?.type === 'schedule' ? (wf.trigger as ScheduleTrigger) : undefined;
  }

  private async brokenTemplate(s: DueTemplateSchedule, now: number, err: unknown): Promise<FireOutcome> {
    this.log.error({ err, templateKey: s.templateKey, orgId: s.orgId }, 'schedule start failed; its fire time is moved on');
    const trigger = this.templateTrigger(s);
    const next = trigger ? nextFireAfter(trigger, now) : null;
    await this.svc.writes.run(() => this.advanceTemplate.run({ subscriptionId: s.subscriptionId, orgId: s.orgId, due: s.nextFireAt, next })).catch(() => undefined);
    return { skipped: 'gone' };
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
    const wf = this.svc.definitions.version(null, s.definitionId, s.version)?.definition as { trigger?: { type?: string } } | undefined;
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

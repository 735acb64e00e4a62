/**
 * Which published workflows start on what (event_subscriptions), kept in step with
 * publishing so the run engine can find them with one indexed query:
 * `trigger_type = 'record.created' AND form_key = ? AND (org_id = ? OR org_id IS NULL)`.
 * A branch's schedule workflow also keeps its next fire time here (`next_fire_at`); a
 * mandatory schedule template keeps one per branch in `template_schedules`, rows of its
 * subscription (deleted with it when a new template version replaces it).
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { Template, WorkflowDefinition } from '@branchline/schemas';
import type { Db } from '../db/open';
import { eventSubscriptions } from '../db/schema';
import { newId, type Clock } from '../ids';
import { nextFireAfter } from '../domain/cron';

function triggerColumns(wf: WorkflowDefinition): { triggerType: string; formKey: string | null; eventType: string | null } {
  const t = wf.trigger as { type: string; form?: string; event?: string };
  return { triggerType: t.type, formKey: t.form ?? null, eventType: t.event ?? null };
}

export class SubscriptionRepo {
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Call `fn` whenever this process changes the subscriptions (caches of them drop their copy). */
  onChange(fn: () => void): void {
    this.listeners.push(fn);
  }

  private changed(): void {
    for (const fn of this.listeners) fn();
  }

  /** A mandatory workflow template runs in every org: one row with org_id NULL per newest version. */
  forTemplate(t: Template): void {
    if (t.definition.kind !== 'workflow') return;
    this.changed();
    this.db.delete(eventSubscriptions).where(and(eq(eventSubscriptions.templateKey, t.key), isNull(eventSubscriptions.definitionId))).run();
    if (t.mandatory !== true) return;
    this.db.insert(eventSubscriptions).values({ id: newId('sub', this.clock()), orgId: null, definitionId: null, templateKey: t.key, version: t.version, ...triggerColumns(t.definition), createdAt: this.clock() }).run();
  }

  /** A branch workflow's newest published version replaces its previous subscription. */
  forDefinition(definitionId: string, orgId: string, templateKey: string | null, version: number, wf: WorkflowDefinition): void {
    this.changed();
    const now = this.clock();
    this.db.delete(eventSubscriptions).where(eq(eventSubscriptions.definitionId, definitionId)).run();
    // A schedule's first fire time is the first one after publishing: a new version replaces the old schedule.
    const nextFireAt = wf.trigger.type === 'schedule' ? nextFireAfter(wf.trigger, now) : null;
    this.db.insert(eventSubscriptions).values({ id: newId('sub', now), orgId, definitionId, templateKey, version, ...triggerColumns(wf), nextFireAt, createdAt: now }).run();
  }
}

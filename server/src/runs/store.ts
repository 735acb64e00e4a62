/**
 * Persistence of workflow runs: the run row (its state JSON, trace included) and every
 * effect of a transition — tasks, timers and event waits, outbox entries — written by
 * the same write job, so a transition and its effects commit together or not at all.
 *
 * Every effect is applied idempotently by its key: a task by its id (derived from the
 * run id by the interpreter), a wait by its id, an outbox entry by its UNIQUE
 * idempotency key. Replaying a transition therefore never doubles anything.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Effect, RunState, Wait } from '@branchline/runtime';
import type { Db } from '../db/open';
import { outbox, runs, tasks, waits } from '../db/schema';
import { newId } from '../ids';

export type RunRow = typeof runs.$inferSelect;
export type TaskRow = typeof tasks.$inferSelect;

/** Which definition a run executes and which arm of a rollout it is in. */
export interface RunOrigin {
  readonly definitionId: string | null;
  readonly definitionVersion: number | null;
  readonly templateKey: string | null;
  readonly templateVersion: number | null;
  readonly workflowKey: string;
  readonly arm: 'control' | 'variant' | null;
}

type Outbox = Extract<Effect, { type: 'outbox' }>;
type TaskCreate = Extract<Effect, { type: 'task.create' }>;

/** The earliest due time among a state's waits: when the scheduler must look again. */
const wakeOf = (state: RunState): number | null => {
  let at: number | null = null;
  for (const w of state.waits) if (w.dueAt !== undefined && (at === null || w.dueAt < at)) at = w.dueAt;
  return at;
};

const finished = (s: RunState) => s.status === 'completed' || s.status === 'failed' || s.status === 'cancelled';

export class RunStore {
  private readonly insertRun;
  private readonly updateRun;
  private readonly byId;
  private readonly insertTask;
  private readonly endTask;
  private readonly upsertWait;
  private readonly endWait;
  private readonly insertOutbox;

  constructor(private readonly db: Db) {
    const p = (n: string) => sql.placeholder(n);
    // drizzle's update().set() takes SQL, not bare placeholders (and then does not JSON-encode: pass JSON text).
    const u = (n: string) => sql`${sql.placeholder(n)}`;
    this.insertRun = db
      .insert(runs)
      .values({
        id: p('id'), orgId: p('orgId'), definitionId: p('definitionId'), definitionVersion: p('definitionVersion'), templateKey: p('templateKey'),
        templateVersion: p('templateVersion'), workflowKey: p('workflowKey'), recordId: p('recordId'), status: p('status'), state: p('state'), arm: p('arm'),
        error: p('error'), wakeAt: p('wakeAt'), startedAt: p('startedAt'), updatedAt: p('updatedAt'), finishedAt: p('finishedAt'),
      })
      .prepare();
    this.updateRun = db
      .update(runs)
      .set({ status: u('status'), state: u('state'), error: u('error'), wakeAt: u('wakeAt'), updatedAt: u('updatedAt'), finishedAt: u('finishedAt') })
      .where(eq(runs.id, p('id')))
      .prepare();
    this.byId = db.select().from(runs).where(eq(runs.id, p('id'))).prepare();
    this.insertTask = db
      .insert(tasks)
      .values({
        id: p('id'), orgId: p('orgId'), runId: p('runId'), nodeId: p('nodeId'), recordId: p('recordId'), kind: p('kind'), title: p('title'), instructions: p('instructions'),
        facts: p('facts'), assigneeId: p('assigneeId'), assigneeRole: p('assigneeRole'), status: 'open', dueAt: p('dueAt'), createdAt: p('createdAt'),
      })
      .onConflictDoNothing()
      .prepare();
    this.endTask = db
      .update(tasks)
      .set({ status: u('status'), completedAt: u('at') })
      .where(and(eq(tasks.id, p('id')), eq(tasks.status, 'open')))
      .prepare();
    this.upsertWait = db
      .insert(waits)
      .values({ id: p('id'), runId: p('runId'), orgId: p('orgId'), nodeId: p('nodeId'), kind: p('kind'), dueAt: p('dueAt'), eventType: p('eventType'), correlationKey: p('correlationKey'), createdAt: p('createdAt') })
      .onConflictDoUpdate({
        target: waits.id,
        set: { dueAt: sql`coalesce(excluded.due_at, ${waits.dueAt})`, eventType: sql`coalesce(excluded.event_type, ${waits.eventType})`, correlationKey: sql`coalesce(excluded.correlation_key, ${waits.correlationKey})` },
      })
      .prepare();
    this.endWait = db.update(waits).set({ firedAt: u('at') }).where(and(eq(waits.id, p('id')), isNull(waits.firedAt))).prepare();
    this.insertOutbox = db
      .insert(outbox)
      .values({
        id: p('id'), orgId: p('orgId'), runId: p('runId'), kind: p('kind'), idempotencyKey: p('idempotencyKey'), payload: p('payload'),
        attempts: 0, maxAttempts: p('maxAttempts'), nextAttemptAt: p('nextAttemptAt'), createdAt: p('createdAt'),
      })
      .onConflictDoNothing()
      .prepare();
  }

  get(id: string): RunRow | undefined {
    return this.byId.get({ id });
  }

  /** The run's state as stored. */
  stateOf(row: RunRow): RunState {
    return (typeof row.state === 'string' ? JSON.parse(row.state) : row.state) as RunState;
  }

  /** Write a new run and the effects of its first transition. */
  create(origin: RunOrigin, state: RunState, effects: readonly Effect[], now: number, onRecordUpdate: (e: Extract<Effect, { type: 'record.update' }>) => void): void {
    this.insertRun.run({
      id: state.id, orgId: state.orgId, ...origin, recordId: state.recordId ?? null, status: state.status, state: state as unknown as string,
      error: state.error ? JSON.stringify(state.error) : null, wakeAt: wakeOf(state), startedAt: state.startedAt, updatedAt: now, finishedAt: finished(state) ? now : null,
    });
    this.applyEffects(state, effects, now, onRecordUpdate);
  }

  /** Write a run's new state and the effects of the transition that produced it. */
  save(state: RunState, effects: readonly Effect[], now: number, onRecordUpdate: (e: Extract<Effect, { type: 'record.update' }>) => void): void {
    this.updateRun.run({
      id: state.id, status: state.status, state: JSON.stringify(state), error: state.error ? JSON.stringify(state.error) : null,
      wakeAt: wakeOf(state), updatedAt: now, finishedAt: finished(state) ? now : null,
    });
    this.applyEffects(state, effects, now, onRecordUpdate);
  }

  /** Mark a wait ended (its timer fired, its event came, or the run let go of it). */
  endWaitRow(id: string, at: number): void {
    this.endWait.run({ id, at });
  }

  private applyEffects(state: RunState, effects: readonly Effect[], now: number, onRecordUpdate: (e: Extract<Effect, { type: 'record.update' }>) => void): void {
    for (const e of effects) {
      switch (e.type) {
        case 'task.create':
          this.createTask(e, now);
          break;
        case 'task.cancel':
          this.endTask.run({ id: e.taskId, status: e.reason === 'expired' ? 'expired' : 'cancelled', at: now });
          break;
        case 'timer.schedule':
          this.wait(state, e.waitId, { dueAt: e.dueAt }, now);
          break;
        case 'event.subscribe':
          this.wait(state, e.waitId, { eventType: e.eventType, correlationKey: e.correlationKey }, now);
          break;
        case 'timer.cancel':
        case 'event.unsubscribe':
          this.endWait.run({ id: e.waitId, at: now });
          break;
        case 'outbox':
          this.enqueue(state.orgId, e, now);
          break;
        case 'record.update':
          onRecordUpdate(e);
          break;
        case 'run.finished':
          break; // the run row's status, finished_at and error come from the state
      }
    }
  }

  private createTask(e: TaskCreate, now: number): void {
    const a = e.assignee;
    this.insertTask.run({
      id: e.taskId, orgId: e.orgId, runId: e.runId, nodeId: e.nodeId, recordId: e.recordId ?? null, kind: e.kind, title: e.title as unknown as string,
      instructions: (e.instructions ?? null) as unknown as string, facts: e.facts as unknown as string,
      assigneeId: 'userId' in a ? a.userId : null, assigneeRole: 'role' in a ? a.role : null, dueAt: e.dueAt ?? null, createdAt: now,
    });
  }

  private wait(state: RunState, id: string, set: { dueAt?: number; eventType?: string; correlationKey?: string }, now: number): void {
    const w: Wait | undefined = state.waits.find((x) => x.id === id);
    this.upsertWait.run({
      id, runId: state.id, orgId: state.orgId, nodeId: w?.nodeId ?? state.cursor[0] ?? '', kind: w?.kind ?? 'timer',
      dueAt: set.dueAt ?? null, eventType: set.eventType ?? null, correlationKey: set.correlationKey ?? null, createdAt: now,
    });
  }

  private enqueue(orgId: string, e: Outbox, now: number): void {
    const payload = { channel: e.channel, nodeId: e.nodeId, backoffMs: e.retry.backoffMs, body: e.payload };
    this.insertOutbox.run({
      id: newId('obx', now), orgId, runId: e.runId, kind: e.channel === 'http' ? 'http' : 'notify', idempotencyKey: e.idempotencyKey,
      payload: payload as unknown as string, maxAttempts: e.retry.maxAttempts, nextAttemptAt: now, createdAt: now,
    });
  }
}

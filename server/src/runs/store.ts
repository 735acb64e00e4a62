/**
 * Persistence of workflow runs: the run row (its state JSON, trace included) and every
 * effect of a transition — tasks, timers and event waits, outbox entries — written by
 * the same write job, so a transition and its effects commit together or not at all.
 *
 * Every effect is applied idempotently by its key: a task by its id (derived from the
 * run id by the interpreter), a wait by its id, an outbox entry by its UNIQUE
 * idempotency key. Replaying a transition therefore never doubles anything.
 */
import type Database from 'better-sqlite3';
import { eq, sql } from 'drizzle-orm';
import type { Effect, RunState, Wait } from '@branchline/runtime';
import type { Db } from '../db/open';
import { runs, tasks } from '../db/schema';
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
interface WaitRow {
  id: string;
  runId: string;
  orgId: string;
  nodeId: string;
  kind: string;
  dueAt: number | null;
  eventType: string | null;
  correlationKey: string | null;
  createdAt: number;
}
type TaskCreate = Extract<Effect, { type: 'task.create' }>;

/** The earliest due time among a state's waits: when the scheduler must look again. */
const wakeOf = (state: RunState): number | null => {
  let at: number | null = null;
  for (const w of state.waits) if (w.dueAt !== undefined && (at === null || w.dueAt < at)) at = w.dueAt;
  return at;
};

/** JSON of a definition's constant texts (a task's title, instructions), made once per object. */
const texts = new WeakMap<object, string>();
function jsonOf(value: object): string {
  let text = texts.get(value);
  if (text === undefined) texts.set(value, (text = JSON.stringify(value)));
  return text;
}

/** The id of the wait that times task `taskId` (its deadline timer), if the run scheduled one. */
function waitOfTask(state: RunState, taskId: string): string | null {
  for (const w of state.waits) if (w.taskId === taskId && w.dueAt !== undefined) return w.id;
  return null;
}

const finished = (s: RunState) => s.status === 'completed' || s.status === 'failed' || s.status === 'cancelled';

export class RunStore {
  private readonly insertRun;
  private readonly updateRun;
  private readonly byId;
  private readonly insertTask;
  private readonly endTask;
  private readonly insertWait;
  private readonly endWait;
  private readonly clearTaskTimer;
  private readonly insertOutbox;

  /**
   * The statements of the hot path are prepared on the raw better-sqlite3 handle: a
   * submission starts a run on every request, and drizzle's per-call parameter mapping
   * cost more than the inserts. Reads for the API go through drizzle.
   */
  constructor(db: Db, sqlite: Database.Database) {
    this.insertRun = sqlite.prepare(
      `INSERT INTO runs (id, org_id, definition_id, definition_version, template_key, template_version, workflow_key, record_id, status, state, arm, error, wake_at, started_at, updated_at, finished_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.updateRun = sqlite.prepare('UPDATE runs SET status = @status, state = @state, error = @error, wake_at = @wakeAt, updated_at = @updatedAt, finished_at = @finishedAt WHERE id = @id');
    this.byId = db.select().from(runs).where(eq(runs.id, sql.placeholder('id'))).prepare();
    this.insertTask = sqlite.prepare(
      `INSERT OR IGNORE INTO tasks (id, org_id, run_id, node_id, record_id, kind, title, instructions, facts, assignee_id, assignee_role, status, due_at, wait_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)`,
    );
    this.endTask = sqlite.prepare(`UPDATE tasks SET status = @status, completed_at = @at WHERE id = @id AND status = 'open'`);
    this.insertWait = sqlite.prepare(
      `INSERT OR IGNORE INTO waits (id, run_id, org_id, node_id, kind, due_at, event_type, correlation_key, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.endWait = sqlite.prepare('UPDATE waits SET fired_at = @at WHERE id = @id AND fired_at IS NULL');
    this.clearTaskTimer = sqlite.prepare('UPDATE tasks SET wait_id = NULL WHERE id = ?');
    this.insertOutbox = sqlite.prepare(
      `INSERT OR IGNORE INTO outbox (id, org_id, run_id, kind, idempotency_key, payload, attempts, max_attempts, next_attempt_at, created_at)
       VALUES (@id, @orgId, @runId, @kind, @idempotencyKey, @payload, 0, @maxAttempts, @nextAttemptAt, @createdAt)`,
    );
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
    const o = origin;
    this.insertRun.run(
      state.id, state.orgId, o.definitionId, o.definitionVersion, o.templateKey, o.templateVersion, o.workflowKey, state.recordId ?? null, state.status, JSON.stringify(state),
      o.arm, state.error ? JSON.stringify(state.error) : null, wakeOf(state), state.startedAt, now, finished(state) ? now : null,
    );
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

  /** A task's deadline timer fired: it must not fire again, whatever the run did with it. */
  endTaskTimer(taskId: string): void {
    this.clearTaskTimer.run(taskId);
  }

  private applyEffects(state: RunState, effects: readonly Effect[], now: number, onRecordUpdate: (e: Extract<Effect, { type: 'record.update' }>) => void): void {
    // A deadline on a task or approval (SLA, timeout) is kept on the task row (`wait_id`, `due_at`):
    // one row fewer per task; the scheduler reads open tasks by due time. Other timers and event waits go to `waits`.
    const taskTimers = new Map<string, string>();
    for (const w of state.waits) if (w.taskId !== undefined && w.dueAt !== undefined && w.kind !== 'event') taskTimers.set(w.id, w.taskId);
    let waitsToAdd: Map<string, WaitRow> | undefined;
    const addWait = (id: string, set: Partial<WaitRow>) => {
      waitsToAdd ??= new Map();
      const w = waitsToAdd.get(id) ?? this.waitRow(state, id, now);
      waitsToAdd.set(id, { ...w, ...set });
    };
    for (const e of effects) {
      switch (e.type) {
        case 'task.create':
          this.createTask(e, now, waitOfTask(state, e.taskId));
          break;
        case 'task.cancel':
          this.endTask.run({ id: e.taskId, status: e.reason === 'expired' ? 'expired' : 'cancelled', at: now });
          break;
        case 'timer.schedule':
          if (!taskTimers.has(e.waitId)) addWait(e.waitId, { dueAt: e.dueAt });
          break;
        case 'event.subscribe':
          addWait(e.waitId, { eventType: e.eventType, correlationKey: e.correlationKey });
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
    // A wait's timer and event subscription (an event wait with a timeout) make one row.
    if (waitsToAdd) for (const w of waitsToAdd.values()) this.insertWait.run(w.id, w.runId, w.orgId, w.nodeId, w.kind, w.dueAt, w.eventType, w.correlationKey, w.createdAt);
  }

  private createTask(e: TaskCreate, now: number, waitId: string | null): void {
    const a = e.assignee;
    this.insertTask.run(
      e.taskId, e.orgId, e.runId, e.nodeId, e.recordId ?? null, e.kind, jsonOf(e.title), e.instructions ? jsonOf(e.instructions) : null, JSON.stringify(e.facts),
      'userId' in a ? a.userId : null, 'role' in a ? a.role : null, e.dueAt ?? null, waitId, now,
    );
  }

  private waitRow(state: RunState, id: string, now: number): WaitRow {
    const w: Wait | undefined = state.waits.find((x) => x.id === id);
    return { id, runId: state.id, orgId: state.orgId, nodeId: w?.nodeId ?? state.cursor[0] ?? '', kind: w?.kind ?? 'timer', dueAt: null, eventType: null, correlationKey: null, createdAt: now };
  }

  private enqueue(orgId: string, e: Outbox, now: number): void {
    const payload = { channel: e.channel, nodeId: e.nodeId, backoffMs: e.retry.backoffMs, body: e.payload };
    this.insertOutbox.run({
      id: newId('obx', now), orgId, runId: e.runId, kind: e.channel === 'http' ? 'http' : 'notify', idempotencyKey: e.idempotencyKey,
      payload: JSON.stringify(payload), maxAttempts: e.retry.maxAttempts, nextAttemptAt: now, createdAt: now,
    });
  }
}

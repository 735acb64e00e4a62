/**
 * The server side of workflow runs: starts runs when records change or events arrive,
 * feeds them their inputs (timers, task completions, events, cancels) and persists each
 * transition with its effects in the caller's write job. The interpreter itself is the
 * runtime's pure `startRun` / `step`; this class is the host the runtime's contract asks
 * for (docs/workflows.md): clock, ids, directory in; state and effects out, stored in one
 * transaction.
 *
 * Every method whose name ends in `Job` must run inside `svc.writes.run(...)`.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { evaluateTrigger, startRun, step, type Effect, type JsonObject, type RunEnv, type RunInput, type StepResult } from '@branchline/runtime';
import type { Services } from '../services';
import type { RecordEvent } from '../domain/record-events';
import { runs } from '../db/schema';
import { newId } from '../ids';
import { WorkflowCatalog, type Target } from './catalog';
import { SqlDirectory } from './directory';
import { RunStore } from './store';
import { applyRecordUpdate } from './record-update';

export interface RunLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** What starts a run besides its definition: whose record, which event. */
export interface StartFacts {
  readonly orgId: string;
  readonly recordId?: string;
  readonly ownerId?: string;
  readonly record?: JsonObject;
  readonly event?: JsonObject;
  readonly changedFields?: readonly string[];
}

const UNFINISHED = ['running', 'waiting'];

export class RunEngine {
  readonly store: RunStore;
  readonly catalog: WorkflowCatalog;
  readonly directory: SqlDirectory;
  private readonly unfinishedOfRecord;

  constructor(
    private readonly svc: Services,
    private readonly log: RunLog,
  ) {
    this.store = new RunStore(svc.db, svc.store.sqlite);
    this.catalog = new WorkflowCatalog(svc.store.sqlite, svc.definitions, svc.templates, svc.forms, { writes: svc.writes, subscriptions: svc.subscriptions });
    this.directory = new SqlDirectory(svc.store.sqlite);
    this.unfinishedOfRecord = svc.db
      .select({ id: runs.id })
      .from(runs)
      .where(and(eq(runs.recordId, sql.placeholder('recordId')), inArray(runs.status, UNFINISHED)))
      .prepare();
  }

  /** The environment of one transition at `now`. */
  env(now: number): RunEnv {
    return { now, newId: (prefix) => newId(prefix, now), directory: this.directory };
  }

  /**
   * The record listener (registered on `svc.recordListeners`): runs inside the record's
   * write job, so the runs it starts commit with the record — or not at all.
   */
  readonly onRecordEvent = (ev: RecordEvent): void => {
    const r = ev.record;
    if (ev.type === 'deleted') {
      for (const { id } of this.unfinishedOfRecord.all({ recordId: r.id })) this.stepJob(id, { type: 'cancel', reason: 'record_deleted', ...(ev.ctx ? { by: ev.ctx.user.id } : {}) }, ev.at);
      return;
    }
    const facts: StartFacts = { orgId: r.orgId, recordId: r.id, ownerId: r.ownerId, record: r.data as JsonObject, changedFields: ev.changed };
    for (const target of this.catalog.forRecord(ev.type, r.orgId, r.definitionKey, r.templateKey, r.id)) this.startJob(target, facts, ev.at);
  };

  /** Start one run of `target` when its trigger guard matches; returns the run id. */
  startJob(target: Target, facts: StartFacts, now: number): string | undefined {
    const org = this.orgObject(facts.orgId);
    if (!this.triggerMatches(target, facts, org, now)) return undefined;
    const runId = newId('run', now);
    const version = target.origin.definitionVersion ?? target.origin.templateVersion ?? 1;
    const result = startRun(
      target.compiled,
      {
        type: 'start', version, orgId: facts.orgId, runId, org,
        ...(facts.recordId !== undefined ? { recordId: facts.recordId } : {}),
        ...(facts.ownerId !== undefined ? { ownerId: facts.ownerId } : {}),
        ...(facts.record ? { record: facts.record } : {}),
        ...(facts.event ? { event: facts.event } : {}),
      },
      this.env(now),
    );
    this.store.create(target.origin, result.state, result.effects, now, (e) => this.recordUpdate(e, now));
    return runId;
  }

  /**
   * Apply `input` to run `runId` and persist the transition. Returns the step result,
   * or undefined when the run does not exist or its definition is gone.
   */
  stepJob(runId: string, input: RunInput, now: number): StepResult | undefined {
    const row = this.store.get(runId);
    if (!row) return undefined;
    const compiled = this.catalog.compiledFor(row, row.orgId);
    if (!compiled) {
      this.log.error({ runId, workflow: row.workflowKey }, 'the definition of a run is missing; input not applied');
      return undefined;
    }
    const result = step(compiled, this.store.stateOf(row), input, this.env(now));
    if (result.ignored) return result;
    this.store.save(result.state, result.effects, now, (e) => this.recordUpdate(e, now));
    return result;
  }

  /**
   * A timer came due: end it — its `waits` row, or for a task's deadline the task's timer —
   * and step the run (inside a job).
   */
  fireTimerJob(waitId: string, runId: string, now: number, taskId?: string): boolean {
    if (taskId === undefined) this.store.endWaitRow(waitId, now);
    else this.store.endTaskTimer(taskId);
    const result = this.stepJob(runId, { type: 'timer', waitId }, now);
    return result !== undefined && !result.ignored;
  }

  private recordUpdate(e: Extract<Effect, { type: 'record.update' }>, now: number): void {
    applyRecordUpdate(this.svc, e, now);
  }

  /** The trigger's guard: `when`, and for field.changed whether a watched field changed. Without either it is a plain match. */
  private triggerMatches(target: Target, facts: StartFacts, org: JsonObject, now: number): boolean {
    const t = target.compiled.definition.trigger as { type: string; when?: string; fields?: string[] };
    if (t.when === undefined && t.type !== 'field.changed') return true;
    const guard = evaluateTrigger(target.compiled, { ...(facts.record ? { record: facts.record } : {}), ...(facts.event ? { event: facts.event } : {}), org, ...(facts.changedFields ? { changedFields: facts.changedFields } : {}) }, now);
    if (!guard.ok) this.log.warn({ workflow: target.origin.workflowKey, problem: guard.problem }, 'workflow trigger could not be evaluated; no run started');
    return guard.ok && guard.matched;
  }

  /** `org` as expressions see it; made once per org row (the org cache hands out new rows after a change). */
  private orgObject(orgId: string): JsonObject {
    const row = this.svc.orgs.getAny(orgId);
    if (!row) return { id: orgId };
    const hit = this.orgObjects.get(orgId);
    if (hit && hit.row === row) return hit.value;
    const value: JsonObject = { id: row.id, parentId: row.parentId, name: { 'zh-CN': row.nameZh, en: row.nameEn } };
    this.orgObjects.set(orgId, { row, value });
    return value;
  }
  private readonly orgObjects = new Map<string, { row: object; value: JsonObject }>();
}

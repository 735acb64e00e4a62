/**
 * The data of a workflow run, as the server persists it and the editor draws it.
 *
 * Everything here is plain JSON (no class instances, no functions, no `undefined`
 * that matters, no BigInt): `JSON.parse(JSON.stringify(state))` is the same run.
 * The interpreter is a pure state machine over these shapes:
 *
 *   startRun(definition, StartInput, env) → { state, effects }
 *   step(definition, state, RunInput, env) → { state, effects }
 *
 * Host contract (see docs/workflows.md): persist `state` and `effects` in one
 * transaction, then perform the effects; dedupe them by their keys
 * (`taskId`, `waitId`, `idempotencyKey`), so a transition replayed after a crash
 * never doubles a side effect.
 */
import type { LocalizedText, NodeKind, Problem } from '@branchline/schemas';

/** Epoch milliseconds. */
export type EpochMs = number;

/** A JSON object: record data, vars, event payloads. */
export type JsonObject = { [key: string]: unknown };

/* ------------------------------------------------------------------ run state */

export type RunStatus = 'running' | 'waiting' | 'completed' | 'failed' | 'cancelled';

/** Which definition a run executes; a run stays on the version it started with. */
export interface DefinitionRef {
  readonly key: string;
  readonly version: number;
}

export type WaitKind = 'timer' | 'task' | 'approval' | 'event';

/**
 * Something the run waits for. `id` is stable and derived from the run id, the
 * node id and the visit, so a replayed transition produces the same id.
 * - timer: a `wait` node (duration / until) — resumes when the timer `id` fires.
 * - task / approval: resumes when task `taskId` completes; if `dueAt` is set a timer
 *   with the same `id` is scheduled (task → port `overdue`, approval → `timeout`).
 * - event: resumes when an event `eventType` with `correlationKey` arrives; with
 *   `dueAt`, the timer `id` → port `timeout`.
 */
export interface Wait {
  readonly id: string;
  readonly kind: WaitKind;
  readonly nodeId: string;
  readonly dueAt?: EpochMs;
  readonly taskId?: string;
  readonly eventType?: string;
  readonly correlationKey?: string;
}

/** A split arm a run took, kept for experiment reporting. */
export interface ArmTaken {
  readonly arm: string;
  readonly control: boolean;
}

export interface RunState {
  readonly id: string;
  readonly definition: DefinitionRef;
  readonly orgId: string;
  readonly recordId?: string;
  /** The record owner's user id, for `owner` assignment. */
  readonly ownerId?: string;
  /** The record's data as this run sees it (set nodes with target `record` change it). */
  readonly record: JsonObject;
  readonly vars: JsonObject;
  /** The triggering event, then the last awaited event / task completion (`event` in expressions). */
  readonly event: JsonObject | null;
  /** The record's branch (`org` in expressions), at least `{ id }`. */
  readonly org: JsonObject;
  readonly status: RunStatus;
  /** Node ids holding a token. One token per run: at most one entry. */
  readonly cursor: readonly string[];
  readonly waits: readonly Wait[];
  readonly trace: readonly TraceEntry[];
  /** How often each step that makes effects or waits (not condition/switch/split/end) was entered; makes ids and keys of loops unique. */
  readonly visits: Readonly<Record<string, number>>;
  /** Split arms taken, by split node id. */
  readonly arms: Readonly<Record<string, ArmTaken>>;
  readonly startedAt: EpochMs;
  readonly updatedAt: EpochMs;
  /** The `outcome` of the end node reached. */
  readonly outcome?: string;
  /** Why the run failed. */
  readonly error?: Problem;
}

/* --------------------------------------------------------------------- inputs */

/** What starts a run. `version` is the definition version the host chose (see `chooseVersion`). */
export interface StartInput {
  readonly type: 'start';
  readonly version: number;
  readonly orgId: string;
  /** Defaults to `env.newId('run')`. */
  readonly runId?: string;
  readonly recordId?: string;
  readonly ownerId?: string;
  readonly record?: JsonObject;
  readonly vars?: JsonObject;
  readonly event?: JsonObject;
  readonly org?: JsonObject;
}

export interface TimerFired {
  readonly type: 'timer';
  readonly waitId: string;
}

export type TaskOutcome = 'done' | 'approved' | 'rejected';

export interface TaskCompleted {
  readonly type: 'task';
  readonly taskId: string;
  readonly outcome: TaskOutcome;
  readonly data?: JsonObject;
  /** The user who completed it. */
  readonly by?: string;
}

export interface ExternalEvent {
  readonly type: 'event';
  /** Dotted event name, e.g. `usage.dropped`. */
  readonly event: string;
  /** Correlation key, compared with the wait node's `correlation` value. */
  readonly key: string;
  readonly data?: JsonObject;
}

export interface CancelRun {
  readonly type: 'cancel';
  readonly reason?: string;
  readonly by?: string;
}

/** What `step` accepts after the start. */
export type RunInput = TimerFired | TaskCompleted | ExternalEvent | CancelRun;

/** Every input a run can receive, as a host queues them: the start, then `RunInput`s. */
export type RunEvent = StartInput | RunInput;

/* -------------------------------------------------------------------- effects */

/** Who a task or notification goes to: one user, or the queue of a role in a branch. */
export type ResolvedAssignee =
  | { readonly userId: string }
  | { readonly role: string; readonly orgId: string };

export interface RetryPolicy {
  readonly maxAttempts: number;
  /** First back-off; the host doubles it after each failed attempt. */
  readonly backoffMs: number;
}

export type OutboxChannel = 'inbox' | 'email' | 'sms' | 'im' | 'http';

export type Effect =
  | {
      readonly type: 'task.create';
      readonly taskId: string;
      readonly runId: string;
      readonly nodeId: string;
      readonly orgId: string;
      readonly recordId?: string;
      readonly kind: 'task' | 'approval';
      readonly assignee: ResolvedAssignee;
      readonly title: LocalizedText;
      readonly instructions?: LocalizedText;
      readonly dueAt?: EpochMs;
      /** The background pack: record fields named by the node's `facts`. */
      readonly facts: JsonObject;
    }
  | { readonly type: 'task.cancel'; readonly taskId: string; readonly runId: string; readonly reason: 'cancelled' | 'expired' }
  | { readonly type: 'timer.schedule'; readonly waitId: string; readonly runId: string; readonly dueAt: EpochMs }
  | { readonly type: 'timer.cancel'; readonly waitId: string; readonly runId: string }
  | { readonly type: 'event.subscribe'; readonly waitId: string; readonly runId: string; readonly eventType: string; readonly correlationKey: string }
  | { readonly type: 'event.unsubscribe'; readonly waitId: string; readonly runId: string; readonly eventType: string; readonly correlationKey: string }
  | {
      readonly type: 'outbox';
      /** Unique per logical effect; the outbox performs each key at most once. */
      readonly idempotencyKey: string;
      readonly runId: string;
      readonly nodeId: string;
      readonly channel: OutboxChannel;
      readonly payload: JsonObject;
      readonly retry: RetryPolicy;
    }
  | {
      readonly type: 'record.update';
      readonly idempotencyKey: string;
      readonly runId: string;
      readonly nodeId: string;
      readonly orgId: string;
      readonly recordId?: string;
      readonly changes: JsonObject;
    }
  | {
      readonly type: 'run.finished';
      readonly runId: string;
      readonly status: 'completed' | 'failed' | 'cancelled';
      readonly outcome?: string;
      readonly error?: Problem;
    };

export type EffectType = Effect['type'];

/* ---------------------------------------------------------------------- trace */

/**
 * What happened at a node:
 * entered (passed through, e.g. notify/http/task without wait), branch (condition,
 * switch, split), set (set, score), wait (the run now waits here), resumed (a wait
 * ended), error (the run failed here), end (the run completed), cancelled.
 */
export type TraceEvent = 'entered' | 'branch' | 'set' | 'wait' | 'resumed' | 'error' | 'end' | 'cancelled';

export interface TraceEntry {
  /** 0, 1, 2 … within the run. */
  readonly seq: number;
  readonly at: EpochMs;
  readonly nodeId: string;
  readonly kind: NodeKind;
  readonly event: TraceEvent;
  /** The port the run left by. */
  readonly port?: string;
  /** The values the node's expressions read, by path (`record.tier` → `"S"`). */
  readonly inputs?: JsonObject;
  /** Values the node produced: fields set, the score, the arm, the assignee, the due time … */
  readonly values?: JsonObject;
  readonly error?: Problem;
}

/* ---------------------------------------------------------------- environment */

/** A user who may be assigned work: one row of the directory. */
export interface Candidate {
  readonly id: string;
  readonly role: string;
  readonly orgId: string;
  /** Matching attributes such as `region`, `industries`; seen as `rep.*` in a best-match score. */
  readonly attributes: JsonObject;
  readonly openTasks: number;
  /** When this user was last assigned work (epoch ms); absent = never. */
  readonly lastAssignedAt?: EpochMs;
}

/**
 * Who can take work. Synchronous on purpose, so `step` stays pure and fast: a host
 * with an async database preloads the candidates of the roles the definition uses
 * (`rolesUsed(definition)`) into an in-memory directory before calling `step`.
 */
export interface Directory {
  candidates(orgId: string, role: string): readonly Candidate[];
}

/** Everything outside the run that a transition may read. */
export interface RunEnv {
  /** The current time, epoch ms, from the host's (or a test's fake) clock. */
  readonly now: EpochMs;
  /** A new unique id; used only for a run id not given in the start input. */
  newId(prefix: string): string;
  readonly directory: Directory;
}

/** The result of a transition: the new state and the effects the host performs, in order. */
export interface StepResult {
  readonly state: RunState;
  readonly effects: readonly Effect[];
  /** Set when the input did not apply to this run (e.g. a replayed event); `state` is then the input state. */
  readonly ignored?: string;
}

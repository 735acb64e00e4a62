/**
 * Workflow runs, tasks, events and version rollouts in the HTTP API (server/src/routes/runs.ts,
 * tasks.ts, events.ts). A run's `trace` is the interpreter's own trace (runtime/src/workflow/types.ts),
 * which the editor overlays on the canvas.
 */
import { Type, type Static } from '@sinclair/typebox';
import { DefinitionKey, LocalizedText, StringEnum } from '../common';
import { Cursor, EntityId, Instant, Limit, OrgId } from './common';

export const RunStatusEnum = StringEnum(['running', 'waiting', 'completed', 'failed', 'cancelled']);
const Json = Type.Record(Type.String(), Type.Unknown());

export const RunWait = Type.Object(
  {
    id: Type.String(),
    kind: StringEnum(['timer', 'task', 'approval', 'event']),
    nodeId: Type.String(),
    dueAt: Type.Optional(Instant),
    taskId: Type.Optional(Type.String()),
    eventType: Type.Optional(Type.String()),
    correlationKey: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const RunSummary = Type.Object(
  {
    id: EntityId,
    orgId: OrgId,
    workflowKey: DefinitionKey,
    definitionId: Type.Union([EntityId, Type.Null()], { description: 'the branch workflow; null when a mandatory HQ template runs directly' }),
    definitionVersion: Type.Union([Type.Integer(), Type.Null()]),
    templateKey: Type.Union([DefinitionKey, Type.Null()]),
    templateVersion: Type.Union([Type.Integer(), Type.Null()]),
    recordId: Type.Union([EntityId, Type.Null()]),
    status: RunStatusEnum,
    arm: Type.Union([StringEnum(['control', 'variant']), Type.Null()], { description: 'set while a rollout runs two versions side by side' }),
    outcome: Type.Optional(Type.String()),
    error: Type.Optional(Json),
    waits: Type.Array(RunWait),
    startedAt: Instant,
    updatedAt: Instant,
    finishedAt: Type.Union([Instant, Type.Null()]),
  },
  { additionalProperties: false },
);
export type RunSummary = Static<typeof RunSummary>;

export const RunTraceEntry = Type.Object(
  {
    seq: Type.Integer(),
    at: Instant,
    nodeId: Type.String(),
    kind: Type.String(),
    event: Type.String(),
    port: Type.Optional(Type.String()),
    inputs: Type.Optional(Json),
    values: Type.Optional(Json),
    error: Type.Optional(Json),
  },
  { additionalProperties: false },
);

export const RunDetail = Type.Composite([
  RunSummary,
  Type.Object({ trace: Type.Array(RunTraceEntry), vars: Json, record: Json, event: Type.Union([Json, Type.Null()]) }),
], { additionalProperties: false });
export type RunDetail = Static<typeof RunDetail>;

export const RunListQuery = Type.Object(
  {
    recordId: Type.Optional(EntityId),
    definitionId: Type.Optional(EntityId),
    workflowKey: Type.Optional(DefinitionKey),
    status: Type.Optional(RunStatusEnum),
    orgId: Type.Optional(OrgId),
    limit: Type.Optional(Limit),
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);
export type RunListQuery = Static<typeof RunListQuery>;
export const RunList = Type.Object({ items: Type.Array(RunSummary), nextCursor: Type.Optional(Type.String()) }, { additionalProperties: false });
export type RunList = Static<typeof RunList>;

/* ------------------------------------------------------------------ rollouts */

export const RolloutShare = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    percent: Type.Number({ minimum: 0, maximum: 100 }),
    control: Type.Optional(Type.Boolean({ description: 'the version the others are measured against' })),
  },
  { additionalProperties: false },
);
export const Rollout = Type.Object(
  {
    shares: Type.Array(RolloutShare, { minItems: 2, maxItems: 10, description: 'percentages in order, summing to 100; one control' }),
    salt: Type.Optional(Type.String({ maxLength: 64, description: 'change it to reshuffle which records take which version' })),
  },
  { additionalProperties: false },
);
export type Rollout = Static<typeof Rollout>;
export const RolloutRequest = Type.Object({ rollout: Type.Union([Rollout, Type.Null()], { description: 'null ends the parallel run: every new run takes the newest version' }) }, { additionalProperties: false });
export type RolloutRequest = Static<typeof RolloutRequest>;
export const RolloutState = Type.Object({ definitionId: EntityId, version: Type.Integer(), rollout: Type.Union([Rollout, Type.Null()]) }, { additionalProperties: false });
export type RolloutState = Static<typeof RolloutState>;

/* --------------------------------------------------------------------- tasks */

export const TaskStatus = StringEnum(['open', 'done', 'approved', 'rejected', 'cancelled', 'expired']);
export const TaskItem = Type.Object(
  {
    id: Type.String(),
    orgId: OrgId,
    runId: Type.Union([EntityId, Type.Null()]),
    nodeId: Type.Union([Type.String(), Type.Null()]),
    recordId: Type.Union([EntityId, Type.Null()]),
    kind: StringEnum(['task', 'approval']),
    title: LocalizedText,
    instructions: Type.Optional(LocalizedText),
    facts: Json,
    assigneeId: Type.Union([EntityId, Type.Null()]),
    assigneeRole: Type.Union([Type.String(), Type.Null()], { description: "a role's queue in orgId when no single user was chosen" }),
    status: TaskStatus,
    dueAt: Type.Union([Instant, Type.Null()]),
    overdue: Type.Boolean({ description: 'open and past its due time' }),
    createdAt: Instant,
    completedAt: Type.Union([Instant, Type.Null()]),
    completedBy: Type.Union([EntityId, Type.Null()]),
    outcome: Type.Union([Type.String(), Type.Null()]),
    data: Type.Union([Json, Type.Null()]),
  },
  { additionalProperties: false },
);
export type TaskItem = Static<typeof TaskItem>;

export const TaskListQuery = Type.Object(
  {
    assignee: Type.Optional(Type.String({ maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description: '"me" (my tasks and my role\'s queue in my branch) or a user id' })),
    recordId: Type.Optional(EntityId),
    runId: Type.Optional(EntityId),
    status: Type.Optional(TaskStatus),
    orgId: Type.Optional(OrgId),
    limit: Type.Optional(Limit),
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);
export type TaskListQuery = Static<typeof TaskListQuery>;
export const TaskList = Type.Object({ items: Type.Array(TaskItem), nextCursor: Type.Optional(Type.String()) }, { additionalProperties: false });
export type TaskList = Static<typeof TaskList>;

export const CompleteTaskRequest = Type.Object(
  {
    outcome: StringEnum(['done', 'approved', 'rejected'], { description: 'a task takes done; an approval approved or rejected' }),
    data: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'what the person entered; seen as event.data by the run' })),
  },
  { additionalProperties: false },
);
export type CompleteTaskRequest = Static<typeof CompleteTaskRequest>;

/* ------------------------------------------------------------- manual starts */

export const StartRunRequest = Type.Object(
  {
    recordId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description: 'the record the run works on; required when the manual trigger names a form' })),
  },
  { additionalProperties: false },
);
export type StartRunRequest = Static<typeof StartRunRequest>;

/* -------------------------------------------------------------------- events */

export const PostEventRequest = Type.Object(
  {
    type: Type.String({ pattern: '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*$', maxLength: 100, description: 'dotted event name, e.g. usage.dropped' }),
    key: Type.String({ minLength: 1, maxLength: 200, description: 'correlation key, matched against waiting runs' }),
    data: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    orgId: Type.Optional(OrgId),
  },
  { additionalProperties: false },
);
export type PostEventRequest = Static<typeof PostEventRequest>;
export const PostEventResult = Type.Object(
  { accepted: Type.Literal(true), started: Type.Array(EntityId), resumed: Type.Array(EntityId) },
  { additionalProperties: false },
);
export type PostEventResult = Static<typeof PostEventResult>;

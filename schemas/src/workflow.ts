/**
 * Workflow definitions: one trigger, a graph of nodes joined by edges, and the
 * designer's layout kept apart in `ui` so that a diff of the logic stays clean.
 *
 * Expressions in a workflow see `record` (the record's fields), `vars` (values the
 * run set), `event` (the triggering or awaited event), `org` (the record's branch)
 * and `now` (the injected clock); see docs/expressions.md.
 *
 * Every node leaves through named ports, and an edge names the port it leaves by:
 * condition → `true` / `false`; switch → each case id and `default`;
 * task → `done` and, with an SLA, `overdue`; approval → `approved` / `rejected` / `timeout`;
 * wait → `next` and, for event waits with a timeout, `timeout`; split → each arm id;
 * set, notify, http, score → `next`; end has no ports.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { DefinitionKey, Discriminated, StringEnum, Duration, ElementId, Expression, FieldKey, JsonValue, LocalizedText, SchemaVersion } from './common';

const EventType = Type.String({ pattern: '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*$', maxLength: 100, description: 'dotted event name, e.g. usage.dropped' });

/* ------------------------------------------------------------------ triggers */

const trigger = <K extends string, P extends Record<string, TSchema>>(type: K, props: P) =>
  Type.Object(
    { type: Type.Literal(type), when: Type.Optional(Expression), ...props },
    { additionalProperties: false },
  );

export const Trigger = Discriminated('type', [
  trigger('record.created', { form: DefinitionKey }),
  trigger('record.updated', { form: DefinitionKey }),
  trigger('field.changed', { form: DefinitionKey, fields: Type.Array(FieldKey, { minItems: 1, maxItems: 50 }) }),
  trigger('event', {
    event: EventType,
    form: Type.Optional(DefinitionKey),
    recordId: Type.Optional(Expression),
  }),
  trigger('schedule', {
    cron: Type.String({ pattern: '^\\S+( \\S+){4}$', description: 'five-field cron: minute hour day month weekday' }),
    timezone: Type.Optional(Type.String({ maxLength: 64 })),
  }),
  trigger('manual', { form: Type.Optional(DefinitionKey) }),
]);
export type Trigger = Static<typeof Trigger>;
export const TRIGGER_TYPES = ['record.created', 'record.updated', 'field.changed', 'event', 'schedule', 'manual'] as const;

/* ---------------------------------------------------------------- assignment */

/**
 * Who a task or approval goes to. Candidates for `role`, `round_robin`,
 * `least_loaded` and `best_match` are the users with that role in the record's branch.
 */
export const Assignee = Discriminated('strategy', [
  Type.Object({ strategy: Type.Literal('user'), userId: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
  Type.Object({ strategy: Type.Literal('owner') }, { additionalProperties: false }),
  Type.Object({ strategy: Type.Literal('role'), role: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
  Type.Object({ strategy: Type.Literal('round_robin'), role: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
  Type.Object({ strategy: Type.Literal('least_loaded'), role: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
  Type.Object(
    {
      strategy: Type.Literal('best_match'),
      role: Type.String({ minLength: 1, maxLength: 64 }),
      score: Expression,
    },
    { additionalProperties: false, description: '`score` sees `rep` ({id, region, industries, openTasks, …}) and `record`; the highest score wins' },
  ),
]);
export type Assignee = Static<typeof Assignee>;
export const ASSIGNEE_STRATEGIES = ['user', 'owner', 'role', 'round_robin', 'least_loaded', 'best_match'] as const;

/** A deadline: a fixed duration, or an expression returning hours. */
export const Sla = Type.Object(
  {
    within: Type.Optional(Duration),
    withinHours: Type.Optional(Expression),
  },
  { additionalProperties: false, minProperties: 1, maxProperties: 1, description: 'give either `within` (ISO duration) or `withinHours` (an expression)' },
);
export type Sla = Static<typeof Sla>;

/* --------------------------------------------------------------------- nodes */

const base = {
  id: ElementId,
  title: Type.Optional(LocalizedText),
  description: Type.Optional(LocalizedText),
};
const node = <K extends string, P extends Record<string, TSchema>>(kind: K, props: P, options: Record<string, unknown> = {}) =>
  Type.Object({ ...base, kind: Type.Literal(kind), ...props }, { additionalProperties: false, ...options });

export const Assignment = Type.Object(
  {
    target: StringEnum(['record', 'vars']),
    key: FieldKey,
    expression: Expression,
  },
  { additionalProperties: false },
);
export type Assignment = Static<typeof Assignment>;

export const SplitArm = Type.Object(
  {
    id: ElementId,
    label: Type.Optional(LocalizedText),
    percent: Type.Number({ minimum: 0, maximum: 100 }),
    control: Type.Optional(Type.Boolean({ description: 'the control group: measured, but takes the unchanged path' })),
  },
  { additionalProperties: false },
);

export const ScoreFactor = Type.Object(
  {
    id: ElementId,
    label: Type.Optional(LocalizedText),
    expression: Expression,
    weight: Type.Number({ minimum: -1000, maximum: 1000 }),
  },
  { additionalProperties: false },
);

const HttpMethod = StringEnum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

export const WorkflowNode = Discriminated('kind', [
  node('condition', { expression: Expression }),
  node('switch', {
    cases: Type.Array(
      Type.Object({ id: ElementId, label: Type.Optional(LocalizedText), when: Expression }, { additionalProperties: false }),
      { minItems: 1, maxItems: 50 },
    ),
  }),
  node('set', { assignments: Type.Array(Assignment, { minItems: 1, maxItems: 50 }) }),
  node('task', {
    name: LocalizedText,
    instructions: Type.Optional(LocalizedText),
    assignee: Assignee,
    sla: Type.Optional(Sla),
    facts: Type.Optional(Type.Array(FieldKey, { maxItems: 50, description: 'record fields copied into the task as its background pack' })),
    wait: Type.Optional(Type.Boolean({ description: 'wait for the task to be done before going on (default true)' })),
  }),
  node('approval', {
    name: LocalizedText,
    instructions: Type.Optional(LocalizedText),
    approver: Assignee,
    timeout: Type.Optional(Duration),
  }),
  node('notify', {
    channel: StringEnum(['inbox', 'email', 'sms', 'im']),
    to: Assignee,
    subject: Type.Optional(LocalizedText),
    message: LocalizedText,
  }),
  node('wait', {
    mode: StringEnum(['duration', 'until', 'event']),
    duration: Type.Optional(Duration),
    until: Type.Optional(Expression),
    event: Type.Optional(EventType),
    correlation: Type.Optional(Expression),
    timeout: Type.Optional(Duration),
  }, { description: 'duration: `duration`; until: `until` (a date expression); event: `event` + `correlation`, optional `timeout`' }),
  node('http', {
    method: HttpMethod,
    url: Type.String({ minLength: 1, maxLength: 2000, pattern: '^https?://' }),
    headers: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z0-9-]{1,64}$' }), Type.String({ maxLength: 2000 }))),
    body: Type.Optional(Expression),
    idempotencyKey: Type.Optional(Expression),
    retry: Type.Optional(
      Type.Object(
        { maxAttempts: Type.Integer({ minimum: 1, maximum: 20 }), backoff: Duration },
        { additionalProperties: false },
      ),
    ),
  }),
  node('score', {
    target: Type.Object({ target: StringEnum(['record', 'vars']), key: FieldKey }, { additionalProperties: false }),
    factors: Type.Array(ScoreFactor, { minItems: 1, maxItems: 50 }),
    min: Type.Optional(Type.Number()),
    max: Type.Optional(Type.Number()),
  }),
  node('split', {
    arms: Type.Array(SplitArm, { minItems: 2, maxItems: 10 }),
    salt: Type.Optional(Type.String({ maxLength: 64 })),
  }),
  node('end', { outcome: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{0,31}$' })) }),
]);
export type WorkflowNode = Static<typeof WorkflowNode>;
export type NodeKind = WorkflowNode['kind'];
export type NodeOfKind<K extends NodeKind> = Extract<WorkflowNode, { kind: K }>;
export const NODE_KINDS = ['condition', 'switch', 'set', 'task', 'approval', 'notify', 'wait', 'http', 'score', 'split', 'end'] as const;

export const WorkflowEdge = Type.Object(
  {
    id: ElementId,
    from: ElementId,
    to: ElementId,
    port: Type.Optional(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$', description: 'the port of `from` this edge leaves by; default `next`' })),
  },
  { additionalProperties: false },
);
export type WorkflowEdge = Static<typeof WorkflowEdge>;

/** Designer layout: positions per node id. Never read by the interpreter. */
export const WorkflowUi = Type.Object(
  {
    nodes: Type.Optional(Type.Record(Type.String(), Type.Object({ x: Type.Number(), y: Type.Number() }, { additionalProperties: false }))),
    viewport: Type.Optional(Type.Object({ x: Type.Number(), y: Type.Number(), zoom: Type.Number() }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

export const RunVariable = Type.Object(
  {
    key: FieldKey,
    type: StringEnum(['number', 'text', 'boolean', 'date', 'datetime']),
    default: Type.Optional(JsonValue),
  },
  { additionalProperties: false },
);

export const WorkflowDefinition = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    schemaVersion: SchemaVersion,
    kind: Type.Literal('workflow'),
    key: DefinitionKey,
    title: LocalizedText,
    description: Type.Optional(LocalizedText),
    trigger: Trigger,
    start: ElementId,
    variables: Type.Optional(Type.Array(RunVariable, { maxItems: 100 })),
    nodes: Type.Array(WorkflowNode, { minItems: 1, maxItems: 1000 }),
    edges: Type.Array(WorkflowEdge, { maxItems: 3000 }),
    ui: Type.Optional(WorkflowUi),
  },
  { additionalProperties: false, $id: 'https://branchline.dev/schemas/workflow.json', title: 'Branchline workflow definition' },
);
export type WorkflowDefinition = Static<typeof WorkflowDefinition>;

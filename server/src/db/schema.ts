/**
 * Every table of Branchline, in one drizzle module (SQLite dialect). Migrations are
 * generated beside it into server/drizzle/sqlite by drizzle-kit; a PostgreSQL twin of this
 * module keeps the same table and column names.
 *
 * Conventions: times are epoch milliseconds (INTEGER); JSON documents are TEXT holding
 * JSON; ids are text made by `newId()` (prefix + time-ordered suffix) except orgs, whose id
 * is a short stable code chosen at creation.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const json = (name: string) => text(name, { mode: 'json' });
const bool = (name: string) => integer(name, { mode: 'boolean' });
const ms = (name: string) => integer(name);

/* ------------------------------------------------------------ orgs and people */

export const orgs = sqliteTable('orgs', {
  id: text('id').primaryKey(),
  parentId: text('parent_id'),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  createdAt: ms('created_at').notNull(),
});

export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    orgId: text('org_id').notNull().references(() => orgs.id),
    role: text('role').notNull(),
    passwordHash: text('password_hash').notNull(),
    /** {region, industries, languages, managerId}: read by best-match assignment. */
    attributes: json('attributes').notNull().default('{}'),
    disabled: bool('disabled').notNull().default(false),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [uniqueIndex('users_email').on(t.email), index('users_org_role').on(t.orgId, t.role)],
);

/** Bearer tokens, stored only as SHA-256 of the token. */
export const tokens = sqliteTable(
  'tokens',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull().references(() => users.id),
    createdAt: ms('created_at').notNull(),
    expiresAt: ms('expires_at').notNull(),
    revokedAt: ms('revoked_at'),
  },
  (t) => [index('tokens_user').on(t.userId)],
);

/* ------------------------------------------------------- templates, definitions */

/** HQ templates: one row per published version. `document` is the whole Template JSON. */
export const templates = sqliteTable(
  'templates',
  {
    key: text('key').notNull(),
    version: integer('version').notNull(),
    /** kind of the template's definition: form | workflow */
    kind: text('kind').notNull(),
    title: json('title').notNull(),
    document: json('document').notNull(),
    mandatory: bool('mandatory').notNull().default(false),
    /** After this instant HQ may force instances onto this version. */
    upgradeDeadline: ms('upgrade_deadline'),
    publishedAt: ms('published_at').notNull(),
    publishedBy: text('published_by'),
  },
  (t) => [primaryKey({ columns: [t.key, t.version] })],
);

/**
 * A branch's form or workflow: its own, or an instance of a template (template_key set,
 * overlay = what the branch changed). `draft` is the working copy the designer edits;
 * `version` is the published version in effect (0 = never published).
 */
export const definitions = sqliteTable(
  'definitions',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull().references(() => orgs.id),
    kind: text('kind').notNull(),
    key: text('key').notNull(),
    title: json('title').notNull(),
    status: text('status').notNull(), // draft | pending_approval | published
    version: integer('version').notNull().default(0),
    draft: json('draft').notNull(),
    overlay: json('overlay'),
    templateKey: text('template_key'),
    templateVersion: integer('template_version'),
    mandatory: bool('mandatory').notNull().default(false),
    /**
     * Parallel run of versions (set by the runs API): `{shares: [{version, percent, control?}], salt}`.
     * New runs pick a version with `chooseVersion`; NULL = every new run uses `version`.
     */
    rollout: json('rollout'),
    /**
     * Whether new runs start from this workflow's trigger (records, events). A branch switches an
     * opt-in workflow off and on (POST /definitions/:id/deactivate | activate); runs in flight go on
     * to their end either way. Instances of a mandatory template cannot be switched off.
     */
    active: bool('active').notNull().default(true),
    /** Branch changes a forced upgrade set aside (overlay changes against the new template version): kept, not deleted. */
    setAside: json('set_aside'),
    createdBy: text('created_by'),
    createdAt: ms('created_at').notNull(),
    updatedBy: text('updated_by'),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [index('definitions_org_kind').on(t.orgId, t.kind), index('definitions_template').on(t.templateKey, t.templateVersion), index('definitions_key').on(t.key)],
);

/** Every published version of a definition, immutable: records and runs name one. */
export const definitionVersions = sqliteTable(
  'definition_versions',
  {
    definitionId: text('definition_id').notNull().references(() => definitions.id),
    version: integer('version').notNull(),
    /** The effective definition (template resolved with the overlay). */
    definition: json('definition').notNull(),
    overlay: json('overlay'),
    templateVersion: integer('template_version'),
    publishedAt: ms('published_at').notNull(),
    publishedBy: text('published_by'),
    approvedBy: text('approved_by'),
    changeRequestId: text('change_request_id'),
  },
  (t) => [primaryKey({ columns: [t.definitionId, t.version] })],
);

/** A designer's publish waiting for a branch admin: "approval before effect". */
export const changeRequests = sqliteTable(
  'change_requests',
  {
    id: text('id').primaryKey(),
    definitionId: text('definition_id').notNull().references(() => definitions.id),
    orgId: text('org_id').notNull(),
    status: text('status').notNull(), // pending | approved | rejected | superseded
    proposed: json('proposed').notNull(),
    overlay: json('overlay'),
    templateVersion: integer('template_version'),
    requestedBy: text('requested_by').notNull(),
    requestedAt: ms('requested_at').notNull(),
    decidedBy: text('decided_by'),
    decidedAt: ms('decided_at'),
    comment: text('comment'),
  },
  (t) => [index('change_requests_definition').on(t.definitionId, t.status), index('change_requests_org').on(t.orgId, t.status)],
);

/* -------------------------------------------------------------------- records */

export const records = sqliteTable(
  'records',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    definitionId: text('definition_id').notNull(),
    definitionVersion: integer('definition_version').notNull(),
    definitionKey: text('definition_key').notNull(),
    templateKey: text('template_key'),
    ownerId: text('owner_id').notNull(),
    data: json('data').notNull(),
    /** Lower-cased text values, for `?q=` search. */
    search: text('search').notNull().default(''),
    /** Bumped by every change; PATCH may name it (If-Match) to refuse lost updates. */
    rev: integer('rev').notNull().default(1),
    createdBy: text('created_by').notNull(),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
    deletedAt: ms('deleted_at'),
  },
  (t) => [
    index('records_definition_created').on(t.definitionId, t.createdAt),
    index('records_org_created').on(t.orgId, t.createdAt),
    index('records_template_org').on(t.templateKey, t.orgId, t.createdAt),
    index('records_owner').on(t.ownerId),
  ],
);

/**
 * Reporting rollup, maintained in the same transaction as every record write.
 * One row per (template, org, UTC day, dimension, value): `dim` is a reportable dimension
 * of the template (a locked select / text-computed / checkbox field, e.g. `tier`) and
 * `value` its value; dim '' with value '' is the total of the day. `count` counts live
 * records; `s0`…`s7` are sums of the template's measures (locked numeric fields) in the
 * slots `report_fields` assigns. An HQ aggregate "group by org and tier" thus reads
 * orgs × days × 3 rows instead of every record.
 *
 * Keyed (template, dim, org, value, day) and stored WITHOUT ROWID (migration 0004), so
 * the rows of one dimension lie in org-and-value order: grouping by org and value reads
 * them in order with no row lookups and no sort.
 */
export const recordRollups = sqliteTable(
  'record_rollups',
  {
    templateKey: text('template_key').notNull(),
    orgId: text('org_id').notNull(),
    day: text('day').notNull(), // YYYY-MM-DD (UTC)
    dim: text('dim').notNull(),
    value: text('value').notNull(),
    count: integer('count').notNull().default(0),
    s0: real('s0').notNull().default(0),
    s1: real('s1').notNull().default(0),
    s2: real('s2').notNull().default(0),
    s3: real('s3').notNull().default(0),
    s4: real('s4').notNull().default(0),
    s5: real('s5').notNull().default(0),
    s6: real('s6').notNull().default(0),
    s7: real('s7').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.templateKey, t.dim, t.orgId, t.value, t.day] })],
);

/** Which fields of a template are reported, and in which sum slot a measure sits (stable across versions). */
export const reportFields = sqliteTable(
  'report_fields',
  {
    templateKey: text('template_key').notNull(),
    field: text('field').notNull(),
    role: text('role').notNull(), // dim | measure
    slot: integer('slot'), // 0..7 for measures
    type: text('type').notNull(),
  },
  (t) => [primaryKey({ columns: [t.templateKey, t.field] })],
);

/* ----------------------------------------------------------------- audit log */

/** Append-only, hash-chained: hash = SHA-256(prev_hash + canonical JSON of the entry). */
export const auditLog = sqliteTable(
  'audit_log',
  {
    seq: integer('seq').primaryKey(),
    at: ms('at').notNull(),
    actorId: text('actor_id'),
    orgId: text('org_id'),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    diff: text('diff').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_actor').on(t.actorId, t.seq),
    index('audit_entity').on(t.entity, t.entityId, t.seq),
    // No (org_id, seq) index: only HQ roles read the log, unscoped; an index costs every write of the server.
    index('audit_at').on(t.at),
  ],
);

/** The chain's head (one row), written with every append: finds a deleted last entry. */
export const auditHead = sqliteTable('audit_head', {
  id: integer('id').primaryKey(),
  seq: integer('seq').notNull(),
  hash: text('hash').notNull(),
});

/* ---------------------------------------------------------- workflow runs */

/**
 * A workflow run: `state` is the interpreter's RunState JSON (trace included). `wake_at`
 * is its earliest timer, for reading only: the scheduler polls `waits` by due time.
 * `lease_*` are for several server processes on PostgreSQL (unused on SQLite, where
 * every step runs inside the single writer's transaction).
 */
export const runs = sqliteTable(
  'runs',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    definitionId: text('definition_id'),
    definitionVersion: integer('definition_version'),
    templateKey: text('template_key'),
    templateVersion: integer('template_version'),
    workflowKey: text('workflow_key').notNull(),
    recordId: text('record_id'),
    status: text('status').notNull(), // running | waiting | completed | failed | cancelled
    state: json('state').notNull(),
    arm: text('arm'),
    error: text('error'),
    wakeAt: ms('wake_at'),
    leaseOwner: text('lease_owner'),
    leaseUntil: ms('lease_until'),
    startedAt: ms('started_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
    finishedAt: ms('finished_at'),
  },
  (t) => [
    index('runs_record').on(t.recordId),
    // Listing a branch's runs newest first; timers are found through `waits`, not here.
    index('runs_org_started').on(t.orgId, t.startedAt),
  ],
);

/** The trace of a run, one row per entry (node entered, branch taken, values set, error). */
export const runTrace = sqliteTable(
  'run_trace',
  {
    runId: text('run_id').notNull(),
    seq: integer('seq').notNull(),
    at: ms('at').notNull(),
    entry: json('entry').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] })],
);

/** Timers and waits: a due time (duration, until, timeout) and/or an awaited event + correlation key. */
export const waits = sqliteTable(
  'waits',
  {
    id: text('id').primaryKey(),
    runId: text('run_id').notNull(),
    orgId: text('org_id').notNull(),
    nodeId: text('node_id').notNull(),
    kind: text('kind').notNull(), // timer | event | task | approval
    dueAt: ms('due_at'),
    eventType: text('event_type'),
    correlationKey: text('correlation_key'),
    firedAt: ms('fired_at'),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    index('waits_due').on(t.dueAt).where(sql`fired_at IS NULL AND due_at IS NOT NULL`),
    index('waits_event').on(t.eventType, t.correlationKey).where(sql`fired_at IS NULL AND event_type IS NOT NULL`),
  ],
);

/** Tasks and approvals in people's inboxes. */
export const tasks = sqliteTable(
  'tasks',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    runId: text('run_id'),
    nodeId: text('node_id'),
    recordId: text('record_id'),
    kind: text('kind').notNull(), // task | approval
    title: json('title').notNull(),
    instructions: json('instructions'),
    facts: json('facts'),
    assigneeId: text('assignee_id'),
    /** A role's queue in `org_id` when no single user was chosen (assignee_id NULL). */
    assigneeRole: text('assignee_role'),
    /** The run's wait on this task when it has a deadline timer (SLA → overdue, approval timeout): the scheduler fires it from here. */
    waitId: text('wait_id'),
    status: text('status').notNull(), // open | done | approved | rejected | cancelled | escalated
    dueAt: ms('due_at'),
    createdAt: ms('created_at').notNull(),
    completedAt: ms('completed_at'),
    completedBy: text('completed_by'),
    outcome: text('outcome'),
    data: json('data'),
  },
  (t) => [
    // One index answers an inbox (open tasks of a user), open-task counts and the last assignment (max per status).
    index('tasks_assignee').on(t.assigneeId, t.status, t.createdAt),
    index('tasks_record').on(t.recordId),
    index('tasks_org_status').on(t.orgId, t.status),
    // Deadline timers of open tasks: a task's SLA timer lives on the task, not in `waits`.
    index('tasks_timer').on(t.dueAt).where(sql`status = 'open' AND wait_id IS NOT NULL`),
    index('tasks_queue').on(t.orgId, t.assigneeRole, t.status).where(sql`assignee_role IS NOT NULL`),
  ],
);

/** Notifications delivered by the outbox's notify channel (inbox, email, sms, im): one per idempotency key. */
export const notifications = sqliteTable(
  'notifications',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    /** The user it is for, or NULL for a role's queue (`role`). */
    userId: text('user_id'),
    role: text('role'),
    channel: text('channel').notNull(),
    subject: json('subject'),
    message: json('message').notNull(),
    recordId: text('record_id'),
    runId: text('run_id'),
    idempotencyKey: text('idempotency_key').notNull(),
    createdAt: ms('created_at').notNull(),
    readAt: ms('read_at'),
  },
  (t) => [uniqueIndex('notifications_idempotency').on(t.idempotencyKey), index('notifications_user').on(t.userId, t.createdAt), index('notifications_org_role').on(t.orgId, t.role, t.createdAt)],
);

/** Side effects (webhooks, notifications) delivered at most once per idempotency key. */
export const outbox = sqliteTable(
  'outbox',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id').notNull(),
    runId: text('run_id'),
    kind: text('kind').notNull(), // http | notify
    idempotencyKey: text('idempotency_key').notNull(),
    payload: json('payload').notNull(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    nextAttemptAt: ms('next_attempt_at').notNull(),
    deliveredAt: ms('delivered_at'),
    failedAt: ms('failed_at'),
    lastError: text('last_error'),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('outbox_idempotency').on(t.idempotencyKey),
    index('outbox_pending').on(t.nextAttemptAt).where(sql`delivered_at IS NULL AND failed_at IS NULL`),
  ],
);

/**
 * Which published workflows start on what: maintained when a workflow definition (or a
 * mandatory workflow template) is published. org_id NULL = every org (HQ-mandated).
 */
export const eventSubscriptions = sqliteTable(
  'event_subscriptions',
  {
    id: text('id').primaryKey(),
    orgId: text('org_id'),
    definitionId: text('definition_id'),
    templateKey: text('template_key'),
    version: integer('version').notNull(),
    triggerType: text('trigger_type').notNull(),
    formKey: text('form_key'),
    eventType: text('event_type'),
    /** For a schedule trigger: the next time it fires (epoch ms); advanced in the transaction that starts the run. */
    nextFireAt: ms('next_fire_at'),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    index('subscriptions_form').on(t.triggerType, t.formKey),
    index('subscriptions_event').on(t.eventType),
    index('subscriptions_due').on(t.nextFireAt).where(sql`next_fire_at IS NOT NULL`),
  ],
);

/**
 * Per-branch fire times of a mandatory HQ workflow template with a schedule trigger: the
 * template runs in every branch, so each branch keeps its own next fire time, advanced in
 * the transaction that starts that branch's run. Rows belong to the template's
 * subscription (a new template version replaces the subscription, and with it these);
 * the scheduler adds the row of a branch that has none (new branches included).
 */
export const templateSchedules = sqliteTable(
  'template_schedules',
  {
    subscriptionId: text('subscription_id')
      .notNull()
      .references(() => eventSubscriptions.id, { onDelete: 'cascade' }),
    orgId: text('org_id')
      .notNull()
      .references(() => orgs.id),
    /** The branch's next fire time (epoch ms); null when the cron fires no more. */
    nextFireAt: ms('next_fire_at'),
  },
  (t) => [primaryKey({ columns: [t.subscriptionId, t.orgId] }), index('template_schedules_due').on(t.nextFireAt).where(sql`next_fire_at IS NOT NULL`)],
);

/** Rows counted per table by /health and tests; keep in step with the tables above. */
export const ALL_TABLES = {
  orgs, users, tokens, templates, definitions, definitionVersions, changeRequests, records, recordRollups, reportFields,
  auditLog, auditHead, runs, runTrace, waits, tasks, outbox, notifications, eventSubscriptions, templateSchedules,
} as const;

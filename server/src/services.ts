/**
 * The parts of one running app, built by `buildApp` and handed to every route plugin
 * as `app.svc` — no module singletons, so each test gets a fresh set.
 */
import type { Store, Db } from './db/open';
import { WriteQueue } from './db/write-queue';
import { Checkpointer } from './db/checkpointer';
import { AuditLog, type AuditInput } from './audit/audit-log';
import { TokenService } from './auth/tokens';
import { DEFAULT_SCRYPT, type ScryptParams } from './auth/password';
import { OrgRepo } from './repos/orgs';
import { UserRepo } from './repos/users';
import { TemplateRepo } from './repos/templates';
import { DefinitionRepo } from './repos/definitions';
import { RecordRepo } from './repos/records';
import { RollupRepo } from './repos/rollups';
import { SubscriptionRepo } from './repos/subscriptions';
import { TaskRepo } from './repos/tasks';
import { RunRepo } from './repos/runs';
import { FormCache } from './domain/forms';
import type { RecordListener } from './domain/record-events';
import type { Clock } from './ids';
import type { RequestContext } from './policy/context';

export interface Services {
  readonly store: Store;
  readonly db: Db;
  readonly clock: Clock;
  readonly writes: WriteQueue;
  /** WAL checkpoints in a worker thread (file databases; started by the first commit). */
  readonly checkpoints: Checkpointer | undefined;
  readonly audit: AuditLog;
  readonly tokens: TokenService;
  readonly orgs: OrgRepo;
  readonly users: UserRepo;
  readonly templates: TemplateRepo;
  readonly definitions: DefinitionRepo;
  readonly records: RecordRepo;
  readonly rollups: RollupRepo;
  readonly subscriptions: SubscriptionRepo;
  /** Inbox reads and completion, scoped by the caller's orgs (the run engine writes tasks through its store). */
  readonly tasks: TaskRepo;
  /** Run and event-wait reads, scoped by the caller's orgs (the run engine writes them through its store). */
  readonly runs: RunRepo;
  readonly forms: FormCache;
  /**
   * Called inside the write job of every record create / update / delete, after the
   * record row, rollup and audit entry are written: the run engine registers here to
   * start workflows in the same transaction. A listener that throws refuses the write.
   */
  readonly recordListeners: RecordListener[];
  readonly scrypt: ScryptParams;
  /** Facts about this start: whether the demo seed ran. */
  readonly meta: { seeded: boolean };
  /** Append an audit entry for `ctx`'s user; call inside a write job. */
  auditAs(ctx: RequestContext | null, entry: Omit<AuditInput, 'actorId'> & { actorId?: string | null }): number;
  /** Run extra clean-up on close (the runs engineer's scheduler registers here). */
  onClose(fn: () => void | Promise<void>): void;
  close(): Promise<void>;
}

export function createServices(store: Store, clock: Clock, scrypt: ScryptParams = DEFAULT_SCRYPT): Services {
  const { db } = store;
  const writes = new WriteQueue(store.sqlite);
  const checkpoints = store.file === ':memory:' ? undefined : new Checkpointer(store.sqlite, store.file);
  if (checkpoints) writes.beforeCommit(() => checkpoints.wake());
  const audit = new AuditLog(db, clock);
  audit.attach(writes);
  const orgs = new OrgRepo(db);
  const users = new UserRepo(db);
  const tokens = new TokenService(db, users, clock);
  const templates = new TemplateRepo(db);
  const definitions = new DefinitionRepo(db);
  const closers: (() => void | Promise<void>)[] = [];
  return {
    store,
    db,
    clock,
    writes,
    checkpoints,
    audit,
    tokens,
    orgs,
    users,
    templates,
    definitions,
    records: new RecordRepo(db),
    rollups: new RollupRepo(db, store.sqlite, writes),
    subscriptions: new SubscriptionRepo(db, clock),
    tasks: new TaskRepo(db),
    runs: new RunRepo(db),
    forms: new FormCache(db, definitions, templates),
    recordListeners: [],
    scrypt,
    meta: { seeded: false },
    auditAs: (ctx, e) => audit.append({ ...e, actorId: e.actorId !== undefined ? e.actorId : (ctx?.user.id ?? null) }),
    onClose: (fn) => void closers.push(fn),
    close: async () => {
      for (const fn of closers.reverse()) await fn();
      await checkpoints?.stop();
      writes.close();
      store.close();
    },
  };
}

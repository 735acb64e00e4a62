/**
 * The outbox dispatcher: delivers the side effects runs committed (notifications and
 * HTTP calls), at least once to the receiver and marked delivered exactly once per
 * idempotency key.
 *
 * - notify (inbox, email, sms, im): written into `notifications` in the same job that
 *   marks the entry delivered — exactly once by construction.
 * - http: only to hosts on the allow-list (`BRANCHLINE_HTTP_ALLOW`, default empty, so
 *   every call is refused and the refusal recorded on the entry and in the audit log).
 *   The entry is claimed (attempts + 1, a lease) before the call; the call carries the
 *   key as `Idempotency-Key`; a 2xx marks it delivered. A 5xx, 408, 429 or network error
 *   is retried after `backoff · 2^(attempt-1)` up to the node's `maxAttempts`; another
 *   status fails it at once. Redirects are not followed (an allowed host must not send
 *   the call elsewhere). A crash between the call and the mark re-sends after the
 *   lease with the same key, which the receiver dedupes.
 */
import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm';
import type { JsonObject, ResolvedAssignee } from '@branchline/runtime';
import { notifications, outbox } from '../db/schema';
import { newId } from '../ids';
import type { Services } from '../services';
import type { RunLog } from './engine';
import { hostAllowed, type AllowList } from './allow-list';

type OutboxRow = typeof outbox.$inferSelect;
interface Payload {
  channel: string;
  nodeId: string;
  backoffMs: number;
  body: JsonObject;
}

export const LEASE_MS = 60_000;
const BATCH = 100;
const TIMEOUT_MS = 10_000;

export interface DispatchOptions {
  allow: AllowList;
  fetch?: typeof fetch;
  /** Default {@link LEASE_MS}; a call is aborted when its lease ends. */
  leaseMs?: number;
}

export class OutboxDispatcher {
  private readonly inFlight = new Set<string>();
  private readonly fetchFn: typeof fetch;
  private readonly due;

  constructor(
    private readonly svc: Services,
    private readonly opts: DispatchOptions,
    private readonly log: RunLog,
  ) {
    this.fetchFn = opts.fetch ?? fetch;
    this.due = svc.db
      .select()
      .from(outbox)
      .where(and(isNull(outbox.deliveredAt), isNull(outbox.failedAt), lte(outbox.nextAttemptAt, sql.placeholder('now'))))
      .orderBy(asc(outbox.nextAttemptAt))
      .limit(BATCH)
      .prepare();
  }

  /** Deliver every entry due at `now`; resolves when this round's attempts have ended. Returns how many were attempted. */
  async dispatch(now = this.svc.clock()): Promise<number> {
    const rows = this.due.all({ now }).filter((r) => !this.inFlight.has(r.id));
    await Promise.all(rows.map((r) => this.deliver(r, now)));
    return rows.length;
  }

  private async deliver(row: OutboxRow, now: number): Promise<void> {
    this.inFlight.add(row.id);
    try {
      const p = payloadOf(row);
      if (row.kind === 'notify') await this.svc.writes.run(() => this.notifyJob(row, p, now));
      else await this.http(row, p, now);
    } catch (err) {
      this.log.error({ err, outboxId: row.id }, 'outbox delivery failed unexpectedly');
    } finally {
      this.inFlight.delete(row.id);
    }
  }

  private notifyJob(row: OutboxRow, p: Payload, now: number): void {
    const to = p.body.to as ResolvedAssignee;
    this.svc.db
      .insert(notifications)
      .values({
        id: newId('ntf', now), orgId: (p.body.orgId as string | undefined) ?? row.orgId, userId: 'userId' in to ? to.userId : null, role: 'role' in to ? to.role : null,
        channel: p.channel, subject: p.body.subject ?? null, message: p.body.message ?? {}, recordId: (p.body.recordId as string | undefined) ?? null,
        runId: row.runId, idempotencyKey: row.idempotencyKey, createdAt: now,
      })
      .onConflictDoNothing()
      .run();
    this.svc.db.update(outbox).set({ deliveredAt: now, attempts: row.attempts + 1 }).where(and(eq(outbox.id, row.id), isNull(outbox.deliveredAt))).run();
  }

  private async http(row: OutboxRow, p: Payload, now: number): Promise<void> {
    const req = p.body as { method: string; url: string; headers?: Record<string, string>; body?: unknown };
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      return this.refuse(row, `invalid URL: ${req.url}`, now);
    }
    if (!hostAllowed(this.opts.allow, url)) return this.refuse(row, `host not on the allow-list (BRANCHLINE_HTTP_ALLOW): ${url.host}`, now);
    const claimed = await this.svc.writes.run(
      () => this.svc.db.update(outbox).set({ attempts: sql`${outbox.attempts} + 1`, nextAttemptAt: now + (this.opts.leaseMs ?? LEASE_MS) }).where(and(eq(outbox.id, row.id), isNull(outbox.deliveredAt), isNull(outbox.failedAt), lte(outbox.nextAttemptAt, now))).run().changes === 1,
    );
    if (!claimed) return;
    const attempt = row.attempts + 1;
    let status = 0;
    let error = '';
    try {
      const res = await this.fetchFn(url, {
        method: req.method,
        headers: { ...(req.headers ?? {}), 'content-type': 'application/json', 'idempotency-key': row.idempotencyKey, 'user-agent': 'Branchline-outbox/1' },
        ...(req.method !== 'GET' && req.body !== null && req.body !== undefined ? { body: JSON.stringify(req.body) } : {}),
        redirect: 'manual',
        // A call never outlives its lease, so no other attempt can overlap it.
        signal: AbortSignal.timeout(Math.min(TIMEOUT_MS, this.opts.leaseMs ?? LEASE_MS)),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    const at = this.svc.clock();
    if (status >= 200 && status < 300) {
      await this.svc.writes.run(() => this.svc.db.update(outbox).set({ deliveredAt: at, lastError: null }).where(eq(outbox.id, row.id)).run());
      return;
    }
    const why = status ? `HTTP ${status}` : `network error: ${error}`;
    const retryable = status === 0 || status >= 500 || status === 408 || status === 429;
    await this.svc.writes.run(() => {
      if (retryable && attempt < row.maxAttempts) {
        const next = at + p.backoffMs * 2 ** (attempt - 1);
        this.svc.db.update(outbox).set({ nextAttemptAt: next, lastError: why }).where(eq(outbox.id, row.id)).run();
      } else {
        this.svc.db.update(outbox).set({ failedAt: at, lastError: `${why} (attempt ${attempt} of ${row.maxAttempts})` }).where(eq(outbox.id, row.id)).run();
      }
    });
  }

  private async refuse(row: OutboxRow, reason: string, now: number): Promise<void> {
    await this.svc.writes.run(() => {
      const n = this.svc.db.update(outbox).set({ failedAt: now, lastError: `refused: ${reason}` }).where(and(eq(outbox.id, row.id), isNull(outbox.deliveredAt), isNull(outbox.failedAt))).run().changes;
      if (n === 1) this.svc.auditAs(null, { actorId: null, orgId: row.orgId, action: 'outbox.refuse', entity: 'outbox', entityId: row.id, diff: { runId: row.runId, idempotencyKey: row.idempotencyKey, reason } });
    });
    this.log.warn({ outboxId: row.id, reason }, 'outbox HTTP call refused');
  }
}

function payloadOf(row: OutboxRow): Payload {
  return (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as Payload;
}

/**
 * The audit log: append-only and hash-chained. Each entry's hash is
 * SHA-256(prev_hash + canonical JSON of {seq, at, actorId, orgId, action, entity, entityId, diff});
 * `audit_head` holds the last seq and hash, written with every append, so deleting the
 * newest entry is found too. Appends run inside the caller's transaction (the write
 * queue), so an entry exists exactly when its change does.
 */
import { hash as digest } from 'node:crypto';
import { asc, desc, eq, gt, sql } from 'drizzle-orm';
import { rawSqlite, type Db } from '../db/open';
import { auditHead, auditLog } from '../db/schema';
import { canonicalJson } from './canonical';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditInput {
  actorId: string | null;
  orgId: string | null;
  action: string;
  entity: string;
  entityId: string;
  diff: unknown;
  /** `JSON.stringify(diff)` when the caller already has it (the record's data was serialised once for its row). */
  diffJson?: string;
}

export type AuditRow = typeof auditLog.$inferSelect;

type EntryFields = { seq: number; at: number; actorId: string | null; orgId: string | null; action: string; entity: string; entityId: string; diff: string };

/** `"key":value` of one hashed field as canonicalJson writes it; '' when it drops the field (undefined). */
function member(key: string, v: unknown, first: boolean): string {
  const text = v === null || typeof v !== 'object' ? JSON.stringify(v) : canonicalJson(v);
  if (text === undefined) return '';
  return (first ? '"' : ',"') + key + '":' + text;
}

/**
 * `canonicalJson({seq, at, actorId, orgId, action, entity, entityId, diff})` written out
 * with its keys already in sorted order: the same text, without sorting keys per entry.
 */
export function entryBody(e: EntryFields): string {
  let out = member('action', e.action, true);
  out += member('actorId', e.actorId, out === '');
  out += member('at', e.at, out === '');
  out += member('diff', e.diff, out === '');
  out += member('entity', e.entity, out === '');
  out += member('entityId', e.entityId, out === '');
  out += member('orgId', e.orgId, out === '');
  out += member('seq', e.seq, out === '');
  return '{' + out + '}';
}

export function entryHash(prevHash: string, e: EntryFields): string {
  return digest('sha256', prevHash + entryBody(e), 'hex');
}

export interface VerifyResult {
  ok: boolean;
  count: number;
  firstBroken?: { seq: number; reason: string };
}

/** The audit log of one database; statements are prepared once. */
export class AuditLog {
  private readonly head;
  private readonly insert;
  private readonly setHead;
  private readonly page;
  private readonly lastEntry;
  private readonly bySeq;
  /** The chain's head as of the current transaction; undefined = read it from the database. */
  private cached: { seq: number; hash: string } | undefined;
  private dirty = false;

  constructor(
    db: Db,
    private readonly clock: () => number,
  ) {
    const sqlite = rawSqlite(db);
    const p = (name: string) => sql.placeholder(name);
    this.head = db.select({ seq: auditHead.seq, hash: auditHead.hash }).from(auditHead).where(eq(auditHead.id, 1)).prepare();
    // Every write appends here: a plain statement on the raw handle (no per-call parameter mapping).
    this.insert = sqlite.prepare('INSERT INTO audit_log (seq, at, actor_id, org_id, action, entity, entity_id, diff, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    this.setHead = db
      .insert(auditHead)
      .values({ id: 1, seq: p('seq'), hash: p('hash') })
      .onConflictDoUpdate({ target: auditHead.id, set: { seq: sql`excluded.seq`, hash: sql`excluded.hash` } })
      .prepare();
    this.lastEntry = db.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1).prepare();
    this.page = db.select().from(auditLog).where(gt(auditLog.seq, p('after'))).orderBy(asc(auditLog.seq)).limit(5000).prepare();
    this.bySeq = db.select({ prevHash: auditLog.prevHash }).from(auditLog).where(eq(auditLog.seq, p('seq'))).prepare();
  }

  /**
   * Keep the head in memory between appends and write `audit_head` once per
   * transaction (`flushHead`, called by the write queue before COMMIT); `forget` after
   * a rollback so the head is read again.
   */
  attach(queue: { beforeCommit(fn: () => void): void; onAbort(fn: () => void): void; onExternalChange?(fn: () => void): void }): void {
    this.attached = true;
    queue.beforeCommit(() => this.flushHead());
    queue.onAbort(() => this.forget());
    // Another process appended (e.g. a second server on the same file): read the head again
    // instead of failing the batch on a taken seq and replaying it.
    queue.onExternalChange?.(() => this.forget());
  }
  private attached = false;

  flushHead(): void {
    if (!this.dirty) return;
    if (this.cached) this.setHead.run({ seq: this.cached.seq, hash: this.cached.hash });
    this.dirty = false;
  }

  /** After a rollback: the newest surviving entry is the head (earlier jobs of the batch may have appended). */
  forget(): void {
    const last = this.lastEntry.get();
    this.cached = last ? { seq: last.seq, hash: last.hash } : undefined;
    this.dirty = true;
  }

  /** Append one entry; call inside a transaction. Returns its seq. */
  append(input: AuditInput): number {
    const last = this.cached ?? this.head.get();
    const seq = (last?.seq ?? 0) + 1;
    const prevHash = last?.hash ?? GENESIS_HASH;
    const at = this.clock();
    // The diff is hashed as the text stored, so any stable serialisation will do.
    const diffText = input.diffJson ?? JSON.stringify(input.diff ?? {});
    const hash = entryHash(prevHash, { seq, at, actorId: input.actorId, orgId: input.orgId, action: input.action, entity: input.entity, entityId: input.entityId, diff: diffText });
    this.insert.run(seq, at, input.actorId, input.orgId, input.action, input.entity, input.entityId, diffText, prevHash, hash);
    if (this.attached) {
      this.cached = { seq, hash };
      this.dirty = true;
    } else this.setHead.run({ seq, hash });
    return seq;
  }

  /**
   * Walk the whole chain in seq order and report the first entry that was edited,
   * deleted, inserted or reordered. Reads in pages so a long log does not sit in memory.
   */
  verify(): VerifyResult {
    let prevHash = GENESIS_HASH;
    let expectSeq = 1;
    let count = 0;
    let after = 0;
    for (;;) {
      const rows = this.page.all({ after });
      if (rows.length === 0) break;
      for (const r of rows) {
        count += 1;
        if (r.seq !== expectSeq) return { ok: false, count, firstBroken: { seq: expectSeq, reason: `entry ${expectSeq} is missing (next is ${r.seq})` } };
        const h = entryHash(r.prevHash, r);
        if (r.prevHash !== prevHash) {
          // Either this entry's link was changed (or it was moved or inserted here), or the entry
          // before it was rewritten with a recomputed hash. In the second case this entry is
          // intact: its own hash holds and what follows it (the next entry, or the head) still
          // chains to it — so the broken entry is the one before.
          if (r.seq > 1 && h === r.hash && this.chainsTo(r.seq, r.hash)) {
            return { ok: false, count, firstBroken: { seq: r.seq - 1, reason: 'the entry was altered and its hash recomputed: the entry after it was chained to a different hash' } };
          }
          return { ok: false, count, firstBroken: { seq: r.seq, reason: 'prev_hash does not match the hash of the entry before it (an entry was removed, inserted or reordered)' } };
        }
        if (h !== r.hash) return { ok: false, count, firstBroken: { seq: r.seq, reason: 'the entry was altered: its hash does not match its content' } };
        prevHash = r.hash;
        expectSeq += 1;
        after = r.seq;
      }
    }
    const head = this.head.get();
    const lastSeq = expectSeq - 1;
    const headSeq = head?.seq ?? 0;
    if (headSeq > lastSeq) return { ok: false, count, firstBroken: { seq: lastSeq + 1, reason: `the chain ends at ${lastSeq} but its head records entry ${headSeq} (the newest entries were removed)` } };
    if (headSeq < lastSeq) return { ok: false, count, firstBroken: { seq: headSeq + 1, reason: `the chain goes on to ${lastSeq} past its head at entry ${headSeq} (entries were appended outside the log)` } };
    if (head && head.hash !== prevHash) return { ok: false, count, firstBroken: { seq: lastSeq, reason: 'the newest entry was altered and its hash recomputed: the head records a different hash' } };
    return { ok: true, count };
  }

  /** Whether what follows entry `seq` — the next entry, or the head when it is the newest — is chained to `hash`. */
  private chainsTo(seq: number, hash: string): boolean {
    const next = this.bySeq.get({ seq: seq + 1 });
    if (next) return next.prevHash === hash;
    const head = this.head.get();
    return head?.seq === seq && head.hash === hash;
  }
}

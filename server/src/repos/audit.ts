/** Reading the audit log, scoped to the caller's visible orgs. */
import { and, desc, eq, gte, inArray, lt, lte, type SQL } from 'drizzle-orm';
import type { AuditEntry, AuditQuery } from '@branchline/schemas';
import type { Db } from '../db/open';
import { auditLog } from '../db/schema';
import { AppError } from '../errors/app-error';
import { iso } from '../ids';
import type { RequestContext } from '../policy/context';

type Row = typeof auditLog.$inferSelect;
export const toAuditEntry = (r: Row): AuditEntry => ({
  seq: r.seq,
  at: iso(r.at),
  actorId: r.actorId,
  orgId: r.orgId,
  action: r.action,
  entity: r.entity,
  entityId: r.entityId,
  diff: JSON.parse(r.diff) as unknown,
  prevHash: r.prevHash,
  hash: r.hash,
});

export function listAudit(db: Db, ctx: RequestContext, q: AuditQuery): { items: AuditEntry[]; nextCursor?: string } {
  const limit = q.limit ?? 100;
  const where: (SQL | undefined)[] = [];
  if (!ctx.allOrgs) where.push(inArray(auditLog.orgId, [...ctx.visibleOrgIds]));
  if (q.actor) where.push(eq(auditLog.actorId, q.actor));
  if (q.action) where.push(eq(auditLog.action, q.action));
  if (q.entity) {
    const i = q.entity.indexOf(':');
    if (i < 0) where.push(eq(auditLog.entity, q.entity));
    else where.push(eq(auditLog.entity, q.entity.slice(0, i)), eq(auditLog.entityId, q.entity.slice(i + 1)));
  }
  if (q.from) where.push(gte(auditLog.at, Date.parse(q.from)));
  if (q.to) where.push(lte(auditLog.at, Date.parse(q.to)));
  if (q.cursor) {
    const seq = Number.parseInt(q.cursor, 36);
    if (!Number.isSafeInteger(seq) || seq <= 0) throw new AppError('bad_cursor');
    where.push(lt(auditLog.seq, seq));
  }
  const rows = db.select().from(auditLog).where(and(...where)).orderBy(desc(auditLog.seq)).limit(limit + 1).all();
  const items = rows.slice(0, limit).map(toAuditEntry);
  return rows.length > limit ? { items, nextCursor: items[items.length - 1]!.seq.toString(36) } : { items };
}

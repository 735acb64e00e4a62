/** Records (form submissions), always read through the caller's visible orgs; deleted ones are invisible. */
import { and, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { RecordItem } from '@branchline/schemas';
import { rawSqlite, type Db } from '../db/open';
import { records } from '../db/schema';
import { AppError } from '../errors/app-error';
import { iso } from '../ids';
import type { RequestContext } from '../policy/context';
import { canSeeOrg } from '../policy/context';
import { decodeCursor, encodeCursor } from './keyset-cursor';

export type RecordRow = typeof records.$inferSelect;
export type NewRecord = typeof records.$inferInsert;

export const toRecordItem = (r: RecordRow): RecordItem => ({
  id: r.id,
  orgId: r.orgId,
  definitionId: r.definitionId,
  definitionVersion: r.definitionVersion,
  definitionKey: r.definitionKey,
  templateKey: r.templateKey,
  ownerId: r.ownerId,
  data: r.data as Record<string, unknown>,
  rev: r.rev,
  createdAt: iso(r.createdAt),
  updatedAt: iso(r.updatedAt),
});

/** Lower-cased text values of a record (tables included), for `?q=` search. */
export function searchText(data: Record<string, unknown>): string {
  const parts: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') parts.push(v.toLowerCase());
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(data);
  return parts.join('\n').slice(0, 4000);
}

export interface RecordFilter {
  definitionId?: string | undefined;
  templateKey?: string | undefined;
  orgId?: string | undefined;
  ownerId?: string | undefined;
  q?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}


const cursorOf = (r: RecordRow) => encodeCursor(r.createdAt, r.id);

export class RecordRepo {
  private readonly byIdStmt;
  private readonly insertStmt;

  constructor(private readonly db: Db) {
    this.byIdStmt = db.select().from(records).where(and(eq(records.id, sql.placeholder('id')), isNull(records.deletedAt))).prepare();
    // Every submission inserts here: a plain statement on the raw handle (no per-call parameter mapping).
    this.insertStmt = rawSqlite(db).prepare(
      `INSERT INTO records (id, org_id, definition_id, definition_version, definition_key, template_key, owner_id, data, search, rev, created_by, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
    );
  }

  getAny(id: string): RecordRow | undefined {
    const r = this.byIdStmt.get({ id });
    return r ? { ...r, data: typeof r.data === 'string' ? JSON.parse(r.data) : r.data } : undefined;
  }

  get(ctx: RequestContext, id: string): RecordRow | undefined {
    const r = this.getAny(id);
    return r && canSeeOrg(ctx, r.orgId) ? r : undefined;
  }

  /**
   * Record `id` of org `orgId` — for a run, which works only on records of its own org.
   * `ctx`: the caller, who must see that org (filtered in the WHERE); null: the system itself
   * with no caller (a run's own step, authorised when the run started), as the writes of the
   * definitions repository take it. Another org's record, or an invisible one, is undefined
   * like a missing id (the caller answers 404 record_not_found).
   */
  getInOrg(ctx: RequestContext | null, orgId: string, id: string): RecordRow | undefined {
    const where: SQL[] = [eq(records.id, id), eq(records.orgId, orgId), isNull(records.deletedAt)];
    if (ctx && !ctx.allOrgs) where.push(inArray(records.orgId, [...ctx.visibleOrgIds]));
    const r = this.db.select().from(records).where(and(...where)).get();
    return r ? { ...r, data: typeof r.data === 'string' ? JSON.parse(r.data) : r.data } : undefined;
  }

  list(ctx: RequestContext, f: RecordFilter): { items: RecordItem[]; nextCursor?: string } {
    const where: SQL[] = [isNull(records.deletedAt)];
    if (!ctx.allOrgs) where.push(ctx.visibleOrgIds.length === 1 ? eq(records.orgId, ctx.visibleOrgIds[0]!) : inArray(records.orgId, [...ctx.visibleOrgIds]));
    if (f.definitionId) where.push(eq(records.definitionId, f.definitionId));
    if (f.templateKey) where.push(eq(records.templateKey, f.templateKey));
    if (f.orgId) where.push(eq(records.orgId, f.orgId));
    if (f.ownerId) where.push(eq(records.ownerId, f.ownerId));
    if (f.q) where.push(sql`${records.search} LIKE ${'%' + f.q.toLowerCase().replace(/[\\%_]/g, (m) => '\\' + m) + '%'} ESCAPE '\\'`);
    if (f.cursor) {
      const c = decodeCursor(f.cursor);
      where.push(sql`(${records.createdAt}, ${records.id}) < (${c.at}, ${c.id})`);
    }
    const rows = this.db.select().from(records).where(and(...where)).orderBy(desc(records.createdAt), desc(records.id)).limit(f.limit + 1).all();
    const page = rows.slice(0, f.limit);
    const items = page.map(toRecordItem);
    return rows.length > f.limit ? { items, nextCursor: cursorOf(page[page.length - 1]!) } : { items };
  }

  /** Inside a write job; `data` is stored as JSON text (`dataJson` when the caller already serialised it). */
  insert(r: Omit<NewRecord, 'data'> & { data: Record<string, unknown> }, dataJson = JSON.stringify(r.data)): void {
    this.insertStmt.run(r.id, r.orgId, r.definitionId, r.definitionVersion, r.definitionKey, r.templateKey ?? null, r.ownerId, dataJson, searchText(r.data), r.createdBy, r.createdAt, r.updatedAt);
  }

  update(id: string, set: { data: Record<string, unknown>; rev: number; updatedAt: number; definitionVersion: number }): void {
    this.db.update(records).set({ ...set, search: searchText(set.data) }).where(eq(records.id, id)).run();
  }

  softDelete(id: string, at: number): void {
    this.db.update(records).set({ deletedAt: at, updatedAt: at }).where(eq(records.id, id)).run();
  }
}

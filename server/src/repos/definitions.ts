/**
 * Branch definitions, their published versions and change requests — always read
 * through the caller's visible orgs: a definition of another branch does not exist
 * for the caller (404).
 */
import { and, asc, desc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/open';
import { changeRequests, definitionVersions, definitions } from '../db/schema';
import { AppError } from '../errors/app-error';
import { canSeeOrg, type RequestContext } from '../policy/context';

export type DefinitionRow = typeof definitions.$inferSelect;
export type DefinitionVersionRow = typeof definitionVersions.$inferSelect;
export type ChangeRequestRow = typeof changeRequests.$inferSelect;
/** What may change of a definition: not the id, and not the org (a move could leave the caller's scope). */
export type DefinitionChange = Partial<Omit<typeof definitions.$inferInsert, 'id' | 'orgId'>>;
/**
 * Who writes: the caller's context (writes are refused outside its visible orgs), or null for
 * the system itself with no caller (seeding, the 1M bench generator) — the same `null` the
 * domain jobs and `auditAs` take for it.
 */
type Writer = RequestContext | null;

export interface DefinitionFilter {
  kind?: string | undefined;
  orgId?: string | undefined;
  templateKey?: string | undefined;
  status?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** What the submission hot path needs of a definition (no JSON documents to parse). */
export interface DefinitionMeta {
  readonly id: string;
  readonly orgId: string;
  readonly kind: string;
  readonly key: string;
  readonly version: number;
  readonly templateKey: string | null;
}

/** How long another process's publish may take to be seen by this one's meta cache. */
export const META_TTL_MS = 2000;

export class DefinitionRepo {
  private readonly byIdStmt;
  private readonly versionStmt;
  private readonly metaStmt;
  private readonly metaCache = new Map<string, { meta: DefinitionMeta; at: number }>();

  constructor(private readonly db: Db) {
    this.byIdStmt = db.select().from(definitions).where(eq(definitions.id, sql.placeholder('id'))).prepare();
    this.versionStmt = db
      .select()
      .from(definitionVersions)
      .where(and(eq(definitionVersions.definitionId, sql.placeholder('id')), eq(definitionVersions.version, sql.placeholder('version'))))
      .prepare();
    this.metaStmt = db
      .select({ id: definitions.id, orgId: definitions.orgId, kind: definitions.kind, key: definitions.key, version: definitions.version, templateKey: definitions.templateKey })
      .from(definitions)
      .where(eq(definitions.id, sql.placeholder('id')))
      .prepare();
  }

  /**
   * The narrow, cached view of a definition the caller may see (submission hot path).
   * Changes made by this process drop the entry at once (see {@link update}); `now` bounds
   * the staleness of changes made by other processes.
   */
  meta(ctx: RequestContext, id: string, now: number): DefinitionMeta | undefined {
    const hit = this.metaCache.get(id);
    let meta = hit && now - hit.at < META_TTL_MS ? hit.meta : undefined;
    if (!meta) {
      meta = this.metaStmt.get({ id });
      if (!meta) return undefined;
      if (this.metaCache.size >= 5000) this.metaCache.clear();
      this.metaCache.set(id, { meta, at: now });
    }
    return canSeeOrg(ctx, meta.orgId) ? meta : undefined;
  }

  /** Unscoped: for the seed and internal lookups with no caller (routes and domain use {@link get}). */
  getAny(id: string): DefinitionRow | undefined {
    return this.byIdStmt.get({ id });
  }

  get(ctx: RequestContext, id: string): DefinitionRow | undefined {
    const row = this.getAny(id);
    return row && canSeeOrg(ctx, row.orgId) ? row : undefined;
  }

  list(ctx: RequestContext, f: DefinitionFilter): { rows: DefinitionRow[]; nextCursor?: string } {
    const where: SQL[] = [];
    if (!ctx.allOrgs) where.push(inArray(definitions.orgId, [...ctx.visibleOrgIds]));
    if (f.kind) where.push(eq(definitions.kind, f.kind));
    if (f.orgId) where.push(eq(definitions.orgId, f.orgId));
    if (f.templateKey) where.push(eq(definitions.templateKey, f.templateKey));
    if (f.status) where.push(eq(definitions.status, f.status));
    if (f.cursor) where.push(gt(definitions.id, f.cursor));
    const rows = this.db.select().from(definitions).where(and(...where)).orderBy(asc(definitions.id)).limit(f.limit + 1).all();
    const page = rows.slice(0, f.limit);
    return rows.length > f.limit ? { rows: page, nextCursor: page[page.length - 1]!.id } : { rows: page };
  }

  /** Instances of a template in the visible orgs. */
  instancesOf(ctx: RequestContext, templateKey: string): DefinitionRow[] {
    const where: SQL[] = [eq(definitions.templateKey, templateKey)];
    if (!ctx.allOrgs) where.push(inArray(definitions.orgId, [...ctx.visibleOrgIds]));
    return this.db.select().from(definitions).where(and(...where)).orderBy(asc(definitions.orgId), asc(definitions.id)).all();
  }

  /**
   * A published version of a definition the caller may see; `null`: the system itself (the run
   * catalog, the scheduler, the form cache — no caller; named exceptions in tests/architecture.test.ts).
   */
  version(ctx: RequestContext | null, id: string, version: number): DefinitionVersionRow | undefined {
    if (ctx && !this.get(ctx, id)) return undefined;
    return this.versionStmt.get({ id, version });
  }

  /** Published versions, newest first, of a definition the caller may see (none elsewhere). */
  versions(ctx: RequestContext, id: string): DefinitionVersionRow[] {
    if (!this.get(ctx, id)) return [];
    return this.db.select().from(definitionVersions).where(eq(definitionVersions.definitionId, id)).orderBy(desc(definitionVersions.version)).all();
  }

  /** The pending change request of a definition, in the caller's visible orgs (filtered in the WHERE). */
  pendingRequest(ctx: RequestContext, id: string): ChangeRequestRow | undefined {
    return this.db.select().from(changeRequests).where(and(eq(changeRequests.definitionId, id), eq(changeRequests.status, 'pending'), ...requestScope(ctx))).get();
  }

  /** The newest change request of a definition, in the caller's visible orgs (filtered in the WHERE). */
  latestRequest(ctx: RequestContext, id: string): ChangeRequestRow | undefined {
    return this.db.select().from(changeRequests).where(and(eq(changeRequests.definitionId, id), ...requestScope(ctx))).orderBy(desc(changeRequests.requestedAt), desc(changeRequests.id)).limit(1).get();
  }

  /* Writes: inside a write job. Each refuses, storing nothing, outside the writer's visible orgs. */

  /** A definition in an org the caller may see; any other org does not exist for the caller (404). */
  insert(ctx: Writer, row: typeof definitions.$inferInsert): DefinitionRow {
    if (ctx && !canSeeOrg(ctx, row.orgId)) throw new AppError('org_not_found');
    return this.db.insert(definitions).values(row).returning().get();
  }

  /** Changes a definition of the caller's visible orgs (filtered in the WHERE); one elsewhere does not exist for the caller (404). */
  update(ctx: Writer, id: string, set: DefinitionChange): DefinitionRow {
    this.metaCache.delete(id);
    const where: SQL[] = [eq(definitions.id, id)];
    if (ctx && !ctx.allOrgs) where.push(inArray(definitions.orgId, [...ctx.visibleOrgIds]));
    const r = this.db.update(definitions).set(set).where(and(...where)).returning().get();
    if (!r) throw new AppError('definition_not_found');
    return r;
  }

  /** A version of a definition the caller may see (404 definition_not_found elsewhere). */
  insertVersion(ctx: Writer, row: typeof definitionVersions.$inferInsert): void {
    if (ctx && !this.get(ctx, row.definitionId)) throw new AppError('definition_not_found');
    this.db.insert(definitionVersions).values(row).run();
  }

  /** A change request in an org the caller may see (404 definition_not_found elsewhere, as for its definition). */
  insertRequest(ctx: RequestContext, row: typeof changeRequests.$inferInsert): ChangeRequestRow {
    if (!canSeeOrg(ctx, row.orgId)) throw new AppError('definition_not_found');
    return this.db.insert(changeRequests).values(row).returning().get();
  }

  /** Decides a change request of the caller's visible orgs (filtered in the WHERE; 404 definition_not_found elsewhere). */
  decideRequest(ctx: RequestContext, id: string, set: Pick<typeof changeRequests.$inferInsert, 'status' | 'decidedBy' | 'decidedAt' | 'comment'>): ChangeRequestRow {
    const r = this.db.update(changeRequests).set(set).where(and(eq(changeRequests.id, id), ...requestScope(ctx))).returning().get();
    if (!r) throw new AppError('definition_not_found');
    return r;
  }
}

/** The caller's visible orgs as a condition on change requests (none for a caller who sees every org). */
function requestScope(ctx: RequestContext): SQL[] {
  return ctx.allOrgs ? [] : [inArray(changeRequests.orgId, [...ctx.visibleOrgIds])];
}

/** Users, always read through the caller's visible orgs. */
import { and, asc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import type { Role, User, UserAttributes } from '@branchline/schemas';
import type { Db } from '../db/open';
import { users } from '../db/schema';
import { iso } from '../ids';
import { AppError } from '../errors/app-error';
import { canSeeOrg, type RequestContext, type SessionUser } from '../policy/context';

export type UserRow = typeof users.$inferSelect;
/** What may change of a user: not the id, and not the org (a move could leave the caller's scope). */
export type UserChange = Partial<Omit<typeof users.$inferInsert, 'id' | 'orgId'>>;

export const toUser = (r: UserRow): User => ({
  id: r.id,
  email: r.email,
  name: r.name,
  orgId: r.orgId,
  role: r.role as Role,
  attributes: r.attributes as UserAttributes,
  disabled: r.disabled,
  createdAt: iso(r.createdAt),
});

export const toSessionUser = (r: UserRow): SessionUser => ({ id: r.id, email: r.email, name: r.name, orgId: r.orgId, role: r.role as Role, attributes: r.attributes as UserAttributes });

export class UserRepo {
  private readonly byIdStmt;
  private readonly byEmailStmt;

  constructor(private readonly db: Db) {
    this.byIdStmt = db.select().from(users).where(eq(users.id, sql.placeholder('id'))).prepare();
    this.byEmailStmt = db.select().from(users).where(eq(users.email, sql.placeholder('email'))).prepare();
  }

  /** Unscoped: for sign-in and token resolution only. */
  byIdAny(id: string): UserRow | undefined {
    return this.byIdStmt.get({ id });
  }

  /** Unscoped: for sign-in only. */
  byEmailAny(email: string): UserRow | undefined {
    return this.byEmailStmt.get({ email: email.trim().toLowerCase() });
  }

  get(ctx: RequestContext, id: string): User | undefined {
    const r = this.byIdAny(id);
    return r && canSeeOrg(ctx, r.orgId) ? toUser(r) : undefined;
  }

  list(ctx: RequestContext, q: { orgId?: string; role?: Role; limit: number; cursor?: string }): { items: User[]; nextCursor?: string } {
    const where: SQL[] = [];
    if (!ctx.allOrgs) where.push(inArray(users.orgId, [...ctx.visibleOrgIds]));
    if (q.orgId) where.push(eq(users.orgId, q.orgId));
    if (q.role) where.push(eq(users.role, q.role));
    if (q.cursor) where.push(gt(users.id, q.cursor));
    const rows = this.db.select().from(users).where(and(...where)).orderBy(asc(users.id)).limit(q.limit + 1).all();
    const page = rows.slice(0, q.limit).map(toUser);
    return rows.length > q.limit ? { items: page, nextCursor: page[page.length - 1]!.id } : { items: page };
  }

  /* Writes: inside a write job. */

  /** A user in an org the caller may see; any other org does not exist for the caller (404). */
  insert(ctx: RequestContext, row: typeof users.$inferInsert): UserRow {
    if (!canSeeOrg(ctx, row.orgId)) throw new AppError('org_not_found');
    return this.insertAny(row);
  }

  /** Unscoped: for seeding only. */
  insertAny(row: typeof users.$inferInsert): UserRow {
    return this.db.insert(users).values({ ...row, email: row.email.trim().toLowerCase() }).returning().get();
  }

  /** Changes a user of the caller's visible orgs; a user elsewhere does not exist for the caller (404). */
  update(ctx: RequestContext, id: string, set: UserChange): UserRow {
    const where: SQL[] = [eq(users.id, id)];
    if (!ctx.allOrgs) where.push(inArray(users.orgId, [...ctx.visibleOrgIds]));
    const r = this.db.update(users).set(set).where(and(...where)).returning().get();
    if (!r) throw new AppError('user_not_found');
    return r;
  }

  emailTaken(email: string): boolean {
    return this.byEmailAny(email) !== undefined;
  }
}

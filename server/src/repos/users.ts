/** Users, always read through the caller's visible orgs. */
import { and, asc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import type { Role, User, UserAttributes } from '@branchline/schemas';
import type { Db } from '../db/open';
import { users } from '../db/schema';
import { iso } from '../ids';
import type { RequestContext, SessionUser } from '../policy/context';

export type UserRow = typeof users.$inferSelect;

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
    return r && (ctx.allOrgs || ctx.visibleOrgIds.includes(r.orgId)) ? toUser(r) : undefined;
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

  /** Inside a write job. */
  insert(row: typeof users.$inferInsert): UserRow {
    return this.db.insert(users).values({ ...row, email: row.email.trim().toLowerCase() }).returning().get();
  }

  update(id: string, set: Partial<typeof users.$inferInsert>): UserRow {
    return this.db.update(users).set(set).where(eq(users.id, id)).returning().get();
  }

  emailTaken(email: string): boolean {
    return this.byEmailAny(email) !== undefined;
  }
}

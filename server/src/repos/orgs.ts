/** Orgs: the tree of HQ and its branches. Small, so the whole tree is cached in memory and reloaded after a change. */
import { asc, eq } from 'drizzle-orm';
import type { Org } from '@branchline/schemas';
import type { Db } from '../db/open';
import { orgs } from '../db/schema';
import { iso } from '../ids';
import { AppError } from '../errors/app-error';
import { canSeeOrg, type RequestContext } from '../policy/context';

type OrgRow = typeof orgs.$inferSelect;

export const toOrg = (r: OrgRow): Org => ({ id: r.id, parentId: r.parentId, name: { 'zh-CN': r.nameZh, en: r.nameEn }, createdAt: iso(r.createdAt) });

export class OrgRepo {
  private cache: OrgRow[] | undefined;
  private subtrees = new Map<string, string[]>();
  private ids: string[] | undefined;

  constructor(private readonly db: Db) {}

  private all(): OrgRow[] {
    this.cache ??= this.db.select().from(orgs).orderBy(asc(orgs.createdAt), asc(orgs.id)).all();
    return this.cache;
  }

  /** Forget the cached tree; call after a committed change. */
  invalidate(): void {
    this.cache = undefined;
    this.ids = undefined;
    this.subtrees = new Map();
  }

  /** Every org id (cached; do not mutate). */
  allIds(): string[] {
    this.ids ??= this.all().map((o) => o.id);
    return this.ids;
  }

  getAny(id: string): OrgRow | undefined {
    return this.all().find((o) => o.id === id);
  }

  isRoot(id: string): boolean {
    const o = this.getAny(id);
    return !!o && o.parentId === null;
  }

  /** `id` and every org below it (cached; do not mutate). */
  subtree(id: string): string[] {
    const hit = this.subtrees.get(id);
    if (hit) return hit;
    const out = this.computeSubtree(id);
    this.subtrees.set(id, out);
    return out;
  }

  private computeSubtree(id: string): string[] {
    const all = this.all();
    const out = [id];
    for (let i = 0; i < out.length; i++) for (const o of all) if (o.parentId === out[i]) out.push(o.id);
    return out;
  }

  list(ctx: RequestContext): Org[] {
    return this.all().filter((o) => canSeeOrg(ctx, o.id)).map(toOrg);
  }

  get(ctx: RequestContext, id: string): Org | undefined {
    const o = this.getAny(id);
    return o && canSeeOrg(ctx, o.id) ? toOrg(o) : undefined;
  }

  /**
   * The orgs a query for the caller is restricted to, `orgId` narrowing them (404 org_not_found when the
   * caller cannot see it); undefined: every org (an HQ caller who named none). For queries built outside
   * a repository (reports), so they filter by the caller's orgs without reading the context themselves.
   */
  scope(ctx: RequestContext, orgId?: string): readonly string[] | undefined {
    if (orgId !== undefined) {
      if (!this.get(ctx, orgId)) throw new AppError('org_not_found');
      return [orgId];
    }
    return ctx.allOrgs ? undefined : [...ctx.visibleOrgIds];
  }

  /* Writes: inside a write job; call {@link invalidate} once committed. */

  /** A branch under an org the caller may see; any other parent does not exist for the caller (404). */
  insert(ctx: RequestContext, row: typeof orgs.$inferInsert & { parentId: string }): OrgRow {
    if (!this.get(ctx, row.parentId)) throw new AppError('org_not_found');
    return this.insertAny(row);
  }

  /** Unscoped (a root org included): for seeding only. */
  insertAny(row: typeof orgs.$inferInsert): OrgRow {
    return this.db.insert(orgs).values(row).returning().get();
  }

  exists(id: string): boolean {
    return this.db.select({ id: orgs.id }).from(orgs).where(eq(orgs.id, id)).get() !== undefined;
  }

  count(): number {
    return this.all().length;
  }
}

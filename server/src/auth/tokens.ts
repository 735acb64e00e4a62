/**
 * Bearer tokens: 32 random bytes, given to the client once; the database keeps only
 * their SHA-256. Tokens expire and can be revoked. Resolved sessions are cached for a
 * few seconds so the submission hot path does not read the token and user on every
 * request; a revocation in this process drops the cache entry at once, and other
 * processes see it within {@link SESSION_CACHE_MS}.
 */
import { hash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/open';
import { tokens } from '../db/schema';
import type { Clock } from '../ids';
import type { SessionUser } from '../policy/context';
import { toSessionUser, type UserRepo } from '../repos/users';

export const TOKEN_TTL_MS = 12 * 60 * 60 * 1000;
export const SESSION_CACHE_MS = 10_000;
const CACHE_MAX = 10_000;

export const tokenId = (token: string) => hash('sha256', token, 'hex');

interface Cached {
  user: SessionUser;
  expiresAt: number;
  checkedAt: number;
}

export class TokenService {
  private readonly cache = new Map<string, Cached>();
  private readonly byId;

  constructor(
    private readonly db: Db,
    private readonly users: UserRepo,
    private readonly clock: Clock,
    readonly ttlMs = TOKEN_TTL_MS,
  ) {
    this.byId = db.select().from(tokens).where(eq(tokens.id, sql.placeholder('id'))).prepare();
  }

  /** A new token for `userId`; `insert` must run inside a write job. */
  create(userId: string): { token: string; id: string; expiresAt: number; insert: () => void } {
    const token = randomBytes(32).toString('base64url');
    const id = tokenId(token);
    const now = this.clock();
    const expiresAt = now + this.ttlMs;
    return {
      token,
      id,
      expiresAt,
      insert: () => {
        // Expired tokens of this user are of no further use: the table stays the size of live sessions.
        this.db.delete(tokens).where(and(eq(tokens.userId, userId), lt(tokens.expiresAt, now))).run();
        this.db.insert(tokens).values({ id, userId, createdAt: now, expiresAt }).run();
      },
    };
  }

  /** The signed-in user of a bearer token, or undefined when unknown, expired, revoked or disabled. */
  resolve(token: string): { user: SessionUser; id: string } | undefined {
    if (token.length < 20 || token.length > 200) return undefined;
    const id = tokenId(token);
    const now = this.clock();
    const hit = this.cache.get(id);
    if (hit && now - hit.checkedAt < SESSION_CACHE_MS) {
      if (hit.expiresAt <= now) {
        this.cache.delete(id);
        return undefined;
      }
      return { user: hit.user, id };
    }
    const row = this.byId.get({ id });
    if (!row || row.revokedAt !== null || row.expiresAt <= now) {
      this.cache.delete(id);
      return undefined;
    }
    const userRow = this.users.byIdAny(row.userId);
    if (!userRow || userRow.disabled) return undefined;
    const user = toSessionUser(userRow);
    if (this.cache.size >= CACHE_MAX) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(id, { user, expiresAt: row.expiresAt, checkedAt: now });
    return { user, id };
  }

  /** Revoke inside a write job; call {@link forget} after commit. */
  revoke(id: string): void {
    this.db.update(tokens).set({ revokedAt: this.clock() }).where(eq(tokens.id, id)).run();
  }

  /**
   * Revoke every live token of `userId` except `exceptId` (the caller's own session when
   * users change their own password); inside a write job, then {@link forgetAll}.
   * Returns how many were revoked.
   */
  revokeAllOf(userId: string, exceptId?: string): number {
    const now = this.clock();
    const live = and(eq(tokens.userId, userId), isNull(tokens.revokedAt), gt(tokens.expiresAt, now));
    const where = exceptId === undefined ? live : and(live, ne(tokens.id, exceptId));
    return this.db.update(tokens).set({ revokedAt: now }).where(where).run().changes;
  }

  forget(id: string): void {
    this.cache.delete(id);
  }

  /** Drop every cached session (after a user or role change). */
  forgetAll(): void {
    this.cache.clear();
  }
}

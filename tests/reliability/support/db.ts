/**
 * Direct database access for the proofs: read a server's SQLite file (while it runs —
 * WAL lets a reader in — or after it stopped), and a content hash of every table to
 * prove that a refused request changed nothing.
 */
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';

export function openReadOnly(file: string): Database.Database {
  return new Database(file, { readonly: true, fileMustExist: true });
}

/** Every user table (drizzle's bookkeeping included), by name. */
export function tableNames(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[]);
}

/**
 * A SHA-256 over every row of every table (rows sorted, so physical order does not matter): equal before and after
 * means nothing was stored, changed or removed. `skip` leaves out tables whose changes are
 * expected (e.g. `tokens` when a test signs in).
 */
export function contentHash(db: Database.Database, skip: readonly string[] = []): string {
  const h = createHash('sha256');
  for (const name of tableNames(db)) {
    if (skip.includes(name)) continue;
    h.update(`\u0000table ${name}\u0000`);
    const rows = (db.prepare(`SELECT * FROM "${name}"`).raw().all() as unknown[][]).map((row) => JSON.stringify(row, (_k, v) => (Buffer.isBuffer(v) ? v.toString('hex') : typeof v === 'bigint' ? String(v) : v)));
    // Sorted as text: the same rows in any physical order give the same hash.
    rows.sort();
    for (const row of rows) h.update(`${row}\n`);
  }
  return h.digest('hex');
}

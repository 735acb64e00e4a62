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

/**
 * Count every row change that is committed, through TEMP triggers on every table of the
 * connection the app writes with: a refused request must leave the count where it was.
 * A change inside a savepoint that is rolled back takes its trigger rows with it, and an
 * UPDATE that writes the same values is not counted — so this sees stored changes only,
 * in O(1) per check rather than a hash of the whole database.
 */
export function watchChanges(db: Database.Database): { count(): number; since(n: number): string[]; dispose(): void } {
  db.exec('CREATE TEMP TABLE IF NOT EXISTS fuzz_changes (n INTEGER PRIMARY KEY, tbl TEXT NOT NULL, op TEXT NOT NULL)');
  const made: string[] = [];
  for (const name of tableNames(db)) {
    const cols = (db.prepare(`PRAGMA main.table_info("${name}")`).all() as { name: string }[]).map((c) => c.name);
    const differs = cols.map((c) => `OLD."${c}" IS NOT NEW."${c}"`).join(' OR ');
    const q = (op: string) => `INSERT INTO temp.fuzz_changes (tbl, op) VALUES ('${name}', '${op}')`;
    for (const [op, when] of [['INSERT', ''], ['DELETE', ''], ['UPDATE', ` WHEN ${differs}`]] as const) {
      const trigger = `fuzz_${op.toLowerCase()}_${name}`;
      db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS "${trigger}" AFTER ${op} ON main."${name}"${when} BEGIN ${q(op)}; END`);
      made.push(trigger);
    }
  }
  const count = db.prepare('SELECT count(*) FROM temp.fuzz_changes').pluck();
  const since = db.prepare("SELECT tbl || ' ' || op FROM temp.fuzz_changes WHERE n > ? ORDER BY n").pluck();
  return {
    count: () => count.get() as number,
    since: (n) => since.all(n) as string[],
    dispose: () => {
      for (const t of made) db.exec(`DROP TRIGGER IF EXISTS temp."${t}"`);
      db.exec('DROP TABLE IF EXISTS temp.fuzz_changes');
    },
  };
}

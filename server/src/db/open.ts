/**
 * Open the SQLite database (a file, or ':memory:' for tests), set the pragmas a
 * server needs (WAL, foreign keys, a busy timeout) and apply the generated migrations.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema>;
export interface Store {
  readonly db: Db;
  readonly sqlite: Database.Database;
  readonly file: string;
  close(): void;
}

/** The better-sqlite3 handle under a drizzle database, for statements on the hot path. */
export const rawSqlite = (db: Db): Database.Database => (db as unknown as { $client: Database.Database }).$client;

export const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), '../../drizzle/sqlite');

export function openStore(file: string): Store {
  if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a commit is durable against process crashes (the WAL is written
  // before the 201 goes out); only a power loss may lose the newest commits.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('temp_store = MEMORY');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return {
    db,
    sqlite,
    file,
    close: () => {
      if (!sqlite.open) return;
      if (file !== ':memory:') sqlite.pragma('wal_checkpoint(TRUNCATE)');
      sqlite.close();
    },
  };
}

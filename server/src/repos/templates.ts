/**
 * HQ templates: published versions are immutable, so parsed documents are cached by
 * key@version. Templates are global (every org reads them); publishing is HQ's.
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Template } from '@branchline/schemas';
import type { Db } from '../db/open';
import { templates } from '../db/schema';

export type TemplateRow = typeof templates.$inferSelect;

export class TemplateRepo {
  private readonly docs = new Map<string, Template>();
  private readonly latestStmt;
  private readonly getStmt;

  constructor(private readonly db: Db) {
    this.latestStmt = db.select().from(templates).where(eq(templates.key, sql.placeholder('key'))).orderBy(desc(templates.version)).limit(1).prepare();
    this.getStmt = db.select().from(templates).where(and(eq(templates.key, sql.placeholder('key')), eq(templates.version, sql.placeholder('version')))).prepare();
  }

  latest(key: string): TemplateRow | undefined {
    return this.latestStmt.get({ key });
  }

  get(key: string, version: number): TemplateRow | undefined {
    return this.getStmt.get({ key, version });
  }

  /** The parsed Template document of key@version (cached; versions never change). */
  doc(key: string, version: number): Template | undefined {
    const id = `${key}@${version}`;
    const hit = this.docs.get(id);
    if (hit) return hit;
    const row = this.get(key, version);
    if (!row) return undefined;
    const doc = row.document as Template;
    this.docs.set(id, doc);
    return doc;
  }

  versions(key: string): number[] {
    return this.db.select({ v: templates.version }).from(templates).where(eq(templates.key, key)).orderBy(asc(templates.version)).all().map((r) => r.v);
  }

  /** The newest version of every template key. */
  listLatest(): TemplateRow[] {
    const rows = this.db.select().from(templates).orderBy(asc(templates.key), desc(templates.version)).all();
    const seen = new Set<string>();
    return rows.filter((r) => (seen.has(r.key) ? false : (seen.add(r.key), true)));
  }

  /** Every version of every mandatory workflow template's newest version. */
  mandatoryLatest(): Template[] {
    return this.listLatest()
      .filter((r) => r.mandatory)
      .map((r) => r.document as Template);
  }

  /** Inside a write job. */
  insert(row: typeof templates.$inferInsert): void {
    this.db.insert(templates).values(row).run();
  }
}

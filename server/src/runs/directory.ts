/**
 * The interpreter's {@link Directory} over SQL: the enabled users of a role in an org,
 * their attributes (region, industries … for best-match), their open task count and
 * when they were last assigned work. Synchronous like better-sqlite3, and read inside
 * the write job that steps the run, so tasks created earlier in the same transaction
 * already count.
 */
import type Database from 'better-sqlite3';
import type { Candidate, Directory } from '@branchline/runtime';

interface Row {
  id: string;
  role: string;
  org_id: string;
  attributes: string;
  open_tasks: number;
  last_assigned: number | null;
}

/** The last assignment of user u.id: the newest task per status (one seek each on tasks_assignee). */
const STATUSES = ['open', 'done', 'approved', 'rejected', 'expired', 'cancelled'];
const LAST_ASSIGNED = STATUSES.map((s) => `SELECT (SELECT max(t.created_at) FROM tasks t WHERE t.assignee_id = u.id AND t.status = '${s}') AS m`).join(' UNION ALL ');

export class SqlDirectory implements Directory {
  private readonly stmt;

  constructor(sqlite: Database.Database) {
    this.stmt = sqlite.prepare(
      `SELECT u.id, u.role, u.org_id, u.attributes,
              (SELECT count(*) FROM tasks t WHERE t.assignee_id = u.id AND t.status = 'open') AS open_tasks,
              (SELECT max(m) FROM (${LAST_ASSIGNED})) AS last_assigned
         FROM users u
        WHERE u.org_id = ? AND u.role = ? AND u.disabled = 0
        ORDER BY u.id`,
    );
  }

  candidates(orgId: string, role: string): readonly Candidate[] {
    return (this.stmt.all(orgId, role) as Row[]).map((r) => ({
      id: r.id,
      role: r.role,
      orgId: r.org_id,
      attributes: JSON.parse(r.attributes) as Record<string, unknown>,
      openTasks: r.open_tasks,
      ...(r.last_assigned !== null ? { lastAssignedAt: r.last_assigned } : {}),
    }));
  }
}

/**
 * A workflow's `set` node with target `record` changes the record it runs on. The
 * change is written in the same job as the transition: the record row (rev + 1), its
 * reporting rollup (old contribution out, new in) and an audit entry naming the run.
 *
 * Workflow-made changes do not fire record.updated / field.changed triggers — a
 * workflow that sets a field its own trigger watches would otherwise start itself
 * forever — and computed fields are not recomputed (the workflow's values are final).
 *
 * A step has no caller context (a timer, another user's task, an event may drive it); whoever
 * started the run was authorised then. The record is read as the system (`getInOrg(null, …)`),
 * narrowed to the run's own org: a run never changes a record of another branch.
 */
import type { Effect } from '@branchline/runtime';
import type { Services } from '../services';

type RecordUpdate = Extract<Effect, { type: 'record.update' }>;

export function applyRecordUpdate(svc: Services, e: RecordUpdate, now: number): void {
  if (e.recordId === undefined) return;
  // No caller: the run acts as the system, on a record of its own org only (null context).
  const rec = svc.records.getInOrg(null, e.orgId, e.recordId);
  if (!rec) return;
  const before = rec.data as Record<string, unknown>;
  const changed = Object.keys(e.changes).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(e.changes[k]));
  if (changed.length === 0) return;
  const data = { ...before, ...e.changes };
  svc.records.update(rec.id, { data, rev: rec.rev + 1, updatedAt: now, definitionVersion: rec.definitionVersion });
  if (rec.templateKey) {
    svc.rollups.apply(rec.templateKey, rec.orgId, rec.createdAt, before, -1);
    svc.rollups.apply(rec.templateKey, rec.orgId, rec.createdAt, data, 1);
  }
  svc.auditAs(null, {
    actorId: null,
    orgId: rec.orgId,
    action: 'record.update',
    entity: 'record',
    entityId: rec.id,
    diff: { before: Object.fromEntries(changed.map((k) => [k, before[k] ?? null])), after: Object.fromEntries(changed.map((k) => [k, e.changes[k]])), by: { runId: e.runId, nodeId: e.nodeId } },
  });
}

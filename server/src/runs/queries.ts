/**
 * Reading runs, always through the caller's visible orgs: a run of another branch is 404.
 * The org filter is the repository's (`svc.runs`, repos/runs.ts); this file only shapes the answers.
 */
import type { RunDetail, RunListQuery, RunSummary } from '@branchline/schemas';
import type { RunState } from '@branchline/runtime';
import { iso } from '../ids';
import type { RequestContext } from '../policy/context';
import type { RunRow } from '../repos/runs';
import type { Services } from '../services';

const stateOf = (r: RunRow): RunState => (typeof r.state === 'string' ? JSON.parse(r.state) : r.state) as RunState;

function summary(r: RunRow, s: RunState): RunSummary {
  const out: RunSummary = {
    id: r.id,
    orgId: r.orgId,
    workflowKey: r.workflowKey,
    definitionId: r.definitionId,
    definitionVersion: r.definitionVersion,
    templateKey: r.templateKey,
    templateVersion: r.templateVersion,
    recordId: r.recordId,
    status: r.status as RunSummary['status'],
    arm: (r.arm as RunSummary['arm']) ?? null,
    waits: s.waits.map((w) => ({ ...w, ...(w.dueAt !== undefined ? { dueAt: iso(w.dueAt) } : {}) })) as RunSummary['waits'],
    startedAt: iso(r.startedAt),
    updatedAt: iso(r.updatedAt),
    finishedAt: r.finishedAt === null ? null : iso(r.finishedAt),
  };
  if (s.outcome !== undefined) out.outcome = s.outcome;
  if (s.error !== undefined) out.error = s.error as unknown as Record<string, unknown>;
  return out;
}

export const toRunSummary = (r: RunRow): RunSummary => summary(r, stateOf(r));

export function toRunDetail(r: RunRow): RunDetail {
  const s = stateOf(r);
  return {
    ...summary(r, s),
    trace: s.trace.map((t) => ({ ...t, at: iso(t.at) })) as RunDetail['trace'],
    vars: s.vars,
    record: s.record,
    event: s.event,
  };
}

/** Runs of the caller's visible orgs, newest first (scoped by `svc.runs`). */
export function listRuns(svc: Services, ctx: RequestContext, q: RunListQuery): { items: RunSummary[]; nextCursor?: string } {
  const { rows, nextCursor } = svc.runs.list(ctx, q);
  const items = rows.map(toRunSummary);
  return nextCursor ? { items, nextCursor } : { items };
}

/** A run of the caller's visible orgs; another branch's is undefined like a missing one (404 run_not_found). */
export function getRun(svc: Services, ctx: RequestContext, id: string): RunRow | undefined {
  return svc.runs.get(ctx, id);
}

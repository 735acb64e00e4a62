/**
 * Who gets a task, an approval or a notification. Candidates come from the injected
 * {@link Directory}; every strategy is deterministic (stable tie-break by user id),
 * so a replayed transition picks the same person.
 *
 * - user: the given user id
 * - owner: the record's owner (`ownerId` of the run, else the record's `owner_id` / `ownerId`)
 * - role: the role's queue in the record's branch (anyone with the role may take it)
 * - round_robin: the candidate assigned longest ago (never assigned first)
 * - least_loaded: the candidate with the fewest open tasks
 * - best_match: the highest `score` over `rep` and `record`; ties → fewer open tasks → id
 *
 * With no candidate in the branch, the three choosing strategies fall back to the
 * role's queue, and the trace says so.
 */
import type { Assignee } from '@branchline/schemas';
import type { CompiledNode } from './compile';
import { evaluate, type Ctx } from './context';
import { runProblems } from './problems';
import type { Candidate, JsonObject, ResolvedAssignee } from './types';
import type { Problem } from '@branchline/schemas';

export type Assigned = { ok: true; assignee: ResolvedAssignee; values: JsonObject } | { ok: false; problem: Problem };

const byId = (a: Candidate, b: Candidate) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Resolve the assignee at `path` (`assignee`, `approver`, `to`) of a node. */
export function resolveAssignee(ctx: Ctx, cn: CompiledNode, assignee: Assignee, path: string, inputs: JsonObject): Assigned {
  switch (assignee.strategy) {
    case 'user':
      return { ok: true, assignee: { userId: assignee.userId }, values: { strategy: 'user' } };
    case 'owner':
      return owner(ctx, cn, path);
    case 'role':
      return { ok: true, assignee: { role: assignee.role, orgId: ctx.run.orgId }, values: { strategy: 'role' } };
    default:
      return choose(ctx, cn, assignee, path, inputs);
  }
}

function owner(ctx: Ctx, cn: CompiledNode, path: string): Assigned {
  const r = ctx.run.record;
  const id = ctx.run.ownerId ?? (typeof r.owner_id === 'string' ? r.owner_id : typeof r.ownerId === 'string' ? r.ownerId : undefined);
  if (!id) return { ok: false, problem: runProblems.noOwner(cn, `/nodes/${cn.index}/${path}`) };
  return { ok: true, assignee: { userId: id }, values: { strategy: 'owner' } };
}

function choose(ctx: Ctx, cn: CompiledNode, assignee: Assignee & { role: string }, path: string, inputs: JsonObject): Assigned {
  const orgId = ctx.run.orgId;
  const pool = ctx.env.directory.candidates(orgId, assignee.role).filter((c) => c.role === assignee.role && c.orgId === orgId);
  const strategy = assignee.strategy;
  if (pool.length === 0) return { ok: true, assignee: { role: assignee.role, orgId }, values: { strategy, fallback: 'no_candidates' } };
  if (strategy === 'round_robin') {
    const pick = pool.slice().sort((a, b) => (a.lastAssignedAt ?? -Infinity) - (b.lastAssignedAt ?? -Infinity) || byId(a, b))[0]!;
    return picked(pick, { strategy, lastAssignedAt: pick.lastAssignedAt ?? null });
  }
  if (strategy === 'least_loaded') {
    const pick = pool.slice().sort((a, b) => a.openTasks - b.openTasks || byId(a, b))[0]!;
    return picked(pick, { strategy, openTasks: pick.openTasks });
  }
  if (strategy === 'best_match') return bestMatch(ctx, cn, pool, path, inputs);
  return { ok: true, assignee: { role: assignee.role, orgId }, values: { strategy } };
}

const picked = (c: Candidate, values: JsonObject): Assigned => ({ ok: true, assignee: { userId: c.id }, values });

/**
 * How a candidate looks to a score expression: its attributes, then the fixed fields.
 * @example repOf({ id: 'u1', role: 'sales_rep', orgId: 'sh', attributes: { region: 'east' }, openTasks: 2 })
 * // → { region: 'east', id: 'u1', role: 'sales_rep', orgId: 'sh', openTasks: 2, lastAssignedAt: null }
 */
export function repOf(c: Candidate): JsonObject {
  return { ...c.attributes, id: c.id, role: c.role, orgId: c.orgId, openTasks: c.openTasks, lastAssignedAt: c.lastAssignedAt ?? null };
}

function bestMatch(ctx: Ctx, cn: CompiledNode, pool: readonly Candidate[], path: string, inputs: JsonObject): Assigned {
  const scored: { c: Candidate; score: number }[] = [];
  for (const c of pool) {
    const result = evaluate(ctx, cn, `${path}/score`, scored.length === 0 ? inputs : undefined, { rep: repOf(c) });
    if (!result.ok) return result;
    if (typeof result.value !== 'number' || !Number.isFinite(result.value)) {
      return { ok: false, problem: runProblems.wrongType(cn, `/nodes/${cn.index}/${path}/score`, 'a number', '数字', result.value) };
    }
    scored.push({ c, score: result.value });
  }
  scored.sort((a, b) => b.score - a.score || a.c.openTasks - b.c.openTasks || byId(a.c, b.c));
  const best = scored[0]!;
  const ranking = scored.slice(0, 10).map((s) => ({ id: s.c.id, score: s.score }));
  return picked(best.c, { strategy: 'best_match', score: best.score, ranking });
}

/**
 * Given candidates in the directory, when a task is assigned with each strategy,
 * then the right person (or queue) gets it, ties break the same way every time,
 * and the trace says why.
 */
import { describe, expect, it } from 'vitest';
import type { Assignee } from '@branchline/schemas';
import { startRun } from './interpreter';
import { deepFreeze, envAt, T0, text, workflow } from './test-kit';
import type { Candidate, StartInput } from './types';

const rep = (id: string, extra: Partial<Candidate> = {}): Candidate => ({ id, role: 'sales_rep', orgId: 'org-sh', attributes: {}, openTasks: 0, ...extra });
const start = (record: Record<string, unknown> = {}, extra: Partial<StartInput> = {}): StartInput =>
  deepFreeze({ type: 'start', version: 1, orgId: 'org-sh', runId: 'run-1', recordId: 'rec-1', record, ...extra });

function assign(assignee: Assignee, candidates: Candidate[], record: Record<string, unknown> = {}, extra: Partial<StartInput> = {}) {
  const def = workflow([{ id: 't', kind: 'task', name: text('Call'), assignee, wait: false }], []);
  const r = startRun(def, start(record, extra), envAt(T0, deepFreeze(candidates)));
  const created = r.effects.find((e) => e.type === 'task.create');
  return { assignee: created && 'assignee' in created ? created.assignee : undefined, state: r.state, values: r.state.trace[0]?.values };
}

describe('assignment strategies', () => {
  it('user: the named user', () => {
    expect(assign({ strategy: 'user', userId: 'u-7' }, []).assignee).toEqual({ userId: 'u-7' });
  });

  it("owner: the run's owner, else the record's owner_id; fails clearly without one", () => {
    expect(assign({ strategy: 'owner' }, [], {}, { ownerId: 'u-own' }).assignee).toEqual({ userId: 'u-own' });
    expect(assign({ strategy: 'owner' }, [], { owner_id: 'u-rec' }).assignee).toEqual({ userId: 'u-rec' });
    const none = assign({ strategy: 'owner' }, []);
    expect(none.state.status).toBe('failed');
    expect(none.state.error).toMatchObject({ code: 'workflow.no_owner', pointer: '/nodes/0/assignee' });
  });

  it("role: the role's queue in the record's branch", () => {
    expect(assign({ strategy: 'role', role: 'branch_admin' }, []).assignee).toEqual({ role: 'branch_admin', orgId: 'org-sh' });
  });

  it('round_robin: never assigned first, then the one assigned longest ago, ties by id', () => {
    const people = [rep('c', { lastAssignedAt: 300 }), rep('a', { lastAssignedAt: 100 }), rep('b', { lastAssignedAt: 100 })];
    expect(assign({ strategy: 'round_robin', role: 'sales_rep' }, people).assignee).toEqual({ userId: 'a' });
    expect(assign({ strategy: 'round_robin', role: 'sales_rep' }, [...people, rep('z')]).assignee).toEqual({ userId: 'z' });
  });

  it('round_robin rotates when the host records each assignment', () => {
    let people = [rep('a', { lastAssignedAt: 1 }), rep('b', { lastAssignedAt: 2 }), rep('c', { lastAssignedAt: 3 })];
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      const who = (assign({ strategy: 'round_robin', role: 'sales_rep' }, people).assignee as { userId: string }).userId;
      order.push(who);
      people = people.map((p) => (p.id === who ? { ...p, lastAssignedAt: 10 + i } : p));
    }
    expect(order).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('least_loaded: fewest open tasks, ties by id', () => {
    const people = [rep('m', { openTasks: 4 }), rep('k', { openTasks: 2 }), rep('j', { openTasks: 2 })];
    const r = assign({ strategy: 'least_loaded', role: 'sales_rep' }, people);
    expect(r.assignee).toEqual({ userId: 'j' });
    expect(r.values).toMatchObject({ strategy: 'least_loaded', openTasks: 2 });
  });

  it('best_match: the highest score over rep and record, ties → fewer open tasks → id', () => {
    const people = [
      rep('east-busy', { attributes: { region: 'east', industries: ['saas'] }, openTasks: 9 }),
      rep('east-free', { attributes: { region: 'east', industries: ['retail'] }, openTasks: 1 }),
      rep('west', { attributes: { region: 'west', industries: ['saas'] }, openTasks: 0 }),
    ];
    const score = "(rep.region == record.region ? 50 : 0) + (record.industry in rep.industries ? 30 : 0) - rep.openTasks";
    const r = assign({ strategy: 'best_match', role: 'sales_rep', score }, people, { region: 'east', industry: 'saas' });
    expect(r.assignee).toEqual({ userId: 'east-busy' }); // 50 + 30 - 9 = 71 beats 49 and 30
    expect(r.values).toMatchObject({ strategy: 'best_match', score: 71, ranking: [{ id: 'east-busy', score: 71 }, { id: 'east-free', score: 49 }, { id: 'west', score: 30 }] });
    const tie = assign({ strategy: 'best_match', role: 'sales_rep', score: '1' }, people, {});
    expect(tie.assignee).toEqual({ userId: 'west' }); // all 1 → fewest open tasks
  });

  it('best_match fails the run when the score is not a number', () => {
    const r = assign({ strategy: 'best_match', role: 'sales_rep', score: 'record.label' }, [rep('a')], { label: 'x' });
    expect(r.state.status).toBe('failed');
    expect(r.state.error?.pointer).toBe('/nodes/0/assignee/score');
  });

  it('falls back to the role queue when the branch has no candidate, and says so', () => {
    const elsewhere = [rep('far', { orgId: 'org-bj' })];
    for (const strategy of ['round_robin', 'least_loaded'] as const) {
      const r = assign({ strategy, role: 'sales_rep' }, elsewhere);
      expect(r.assignee).toEqual({ role: 'sales_rep', orgId: 'org-sh' });
      expect(r.values).toMatchObject({ fallback: 'no_candidates' });
    }
    expect(assign({ strategy: 'best_match', role: 'sales_rep', score: '1' }, []).assignee).toEqual({ role: 'sales_rep', orgId: 'org-sh' });
  });
});

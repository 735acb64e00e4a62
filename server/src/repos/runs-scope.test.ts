/**
 * The runs repository, and the record read runs make, scope by the caller's orgs themselves
 * (issue 5), so runs/queries.ts, runs/events.ts and runs/manual.ts need no org checks of their
 * own: a run, an event wait or a record outside the caller's orgs is not found, and a run's own
 * step (no caller) reads a record of its own org only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { contextOf, testApp } from '../test-support';
import type { RequestContext } from '../policy/context';
import { records, runs, waits } from '../db/schema';

let app: FastifyInstance;
let east: RequestContext;
let south: RequestContext;
let hq: RequestContext;
beforeAll(async () => {
  app = await testApp();
  east = contextOf(app, 'admin@east.demo');
  south = contextOf(app, 'admin@south.demo');
  hq = contextOf(app, 'admin@hq.demo');
  const run = (id: string, orgId: string, startedAt: number) => ({
    id, orgId, workflowKey: 'wf_scope', status: 'waiting', state: { id, orgId, waits: [], trace: [] }, startedAt, updatedAt: startedAt,
  });
  app.svc.db.insert(runs).values([run('run_scope_east1', 'east', 10), run('run_scope_south', 'south', 20), run('run_scope_east2', 'east', 30)]).run();
  const wait = (id: string, runId: string, orgId: string, firedAt: number | null = null) => ({
    id, runId, orgId, nodeId: 'n', kind: 'event', eventType: 'scope.ping', correlationKey: 'k1', firedAt, createdAt: 1,
  });
  app.svc.db.insert(waits).values([wait('wt_scope_east', 'run_scope_east1', 'east'), wait('wt_scope_south', 'run_scope_south', 'south'), wait('wt_scope_fired', 'run_scope_east2', 'east', 5)]).run();
  const rec = (id: string, orgId: string, deletedAt: number | null = null) => ({
    id, orgId, definitionId: 'def_scope', definitionVersion: 1, definitionKey: 'scope_form', ownerId: 'u', data: { n: id }, createdBy: 'u', createdAt: 1, updatedAt: 1, deletedAt,
  });
  app.svc.db.insert(records).values([rec('rec_scope_east', 'east'), rec('rec_scope_south', 'south'), rec('rec_scope_gone', 'east', 2)]).run();
});
afterAll(() => app.close());

const ids = (rows: { id: string }[]) => rows.map((r) => r.id).filter((id) => id.startsWith('run_scope_'));

describe('runs repository', () => {
  it('reads a run of another branch as missing', () => {
    expect(app.svc.runs.get(east, 'run_scope_south')).toBeUndefined();
    expect(app.svc.runs.get(east, 'run_scope_east1')?.orgId).toBe('east');
    expect(app.svc.runs.get(south, 'run_scope_east1')).toBeUndefined();
    expect(app.svc.runs.get(hq, 'run_scope_south')?.orgId).toBe('south');
  });

  it('lists only the runs of the visible orgs, newest first, and another branch named as a filter gives nothing', () => {
    expect(ids(app.svc.runs.list(east, { limit: 200 }).rows)).toEqual(['run_scope_east2', 'run_scope_east1']);
    expect(app.svc.runs.list(east, { orgId: 'south', limit: 200 }).rows).toEqual([]);
    expect(ids(app.svc.runs.list(south, { limit: 200 }).rows)).toEqual(['run_scope_south']);
    expect(ids(app.svc.runs.list(hq, { limit: 200 }).rows)).toEqual(['run_scope_east2', 'run_scope_south', 'run_scope_east1']);
  });

  it('pages within the visible orgs: the cursor never leads into another branch', () => {
    const first = app.svc.runs.list(east, { workflowKey: 'wf_scope', limit: 1 });
    expect(ids(first.rows)).toEqual(['run_scope_east2']);
    const second = app.svc.runs.list(east, { workflowKey: 'wf_scope', limit: 1, cursor: first.nextCursor! });
    expect(ids(second.rows)).toEqual(['run_scope_east1']);
    expect(second.nextCursor).toBeUndefined();
  });

  it('finds the runs waiting for an event only in the visible orgs, and not a wait that already fired', () => {
    expect(app.svc.runs.waitingFor(east, 'scope.ping', 'k1')).toEqual(['run_scope_east1']);
    expect(app.svc.runs.waitingFor(south, 'scope.ping', 'k1')).toEqual(['run_scope_south']);
    expect([...app.svc.runs.waitingFor(hq, 'scope.ping', 'k1')].sort()).toEqual(['run_scope_east1', 'run_scope_south']);
    expect(app.svc.runs.waitingFor(hq, 'scope.ping', 'other')).toEqual([]);
  });
});

describe('records repository: a record of one org, for a run', () => {
  it('for a caller: of the named org and visible to the caller, else missing', () => {
    expect(app.svc.records.getInOrg(east, 'east', 'rec_scope_east')?.data).toEqual({ n: 'rec_scope_east' });
    expect(app.svc.records.getInOrg(east, 'south', 'rec_scope_south')).toBeUndefined();
    expect(app.svc.records.getInOrg(south, 'east', 'rec_scope_east')).toBeUndefined();
    expect(app.svc.records.getInOrg(hq, 'south', 'rec_scope_south')?.orgId).toBe('south');
  });

  it("a record of another org than the named one is missing, even for HQ (a manual run's record lives in the workflow's branch)", () => {
    expect(app.svc.records.getInOrg(hq, 'east', 'rec_scope_south')).toBeUndefined();
    expect(app.svc.records.getInOrg(east, 'east', 'rec_scope_south')).toBeUndefined();
  });

  it("as the system (a run's step, null context): only a record of the run's own org", () => {
    expect(app.svc.records.getInOrg(null, 'south', 'rec_scope_south')?.id).toBe('rec_scope_south');
    expect(app.svc.records.getInOrg(null, 'east', 'rec_scope_south')).toBeUndefined();
  });

  it('a deleted record is missing', () => {
    expect(app.svc.records.getInOrg(hq, 'east', 'rec_scope_gone')).toBeUndefined();
    expect(app.svc.records.getInOrg(null, 'east', 'rec_scope_gone')).toBeUndefined();
  });
});

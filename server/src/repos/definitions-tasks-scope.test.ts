/**
 * The definitions, orgs and tasks repositories scope by the caller's orgs themselves (issue 5),
 * so the domain operations, reports and task inbox built on them need no org checks of their
 * own: a read outside the caller's orgs finds nothing, and a write there is refused with the
 * entity's 404 and stores nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { contextOf, testApp } from '../test-support';
import type { RequestContext } from '../policy/context';
import type { DefinitionRow } from './definitions';
import { changeRequests, definitionVersions, definitions, tasks } from '../db/schema';

let app: FastifyInstance;
let east: RequestContext;
let hq: RequestContext;
let southDef: DefinitionRow;
beforeAll(async () => {
  app = await testApp();
  east = contextOf(app, 'admin@east.demo');
  hq = contextOf(app, 'admin@hq.demo');
  southDef = app.svc.definitions.insert(hq, defRow('def_scope_south_own', 'south'));
});
afterAll(() => app.close());

const defRow = (id: string, orgId: string) => ({
  id, orgId, kind: 'form', key: id, title: { en: id, 'zh-CN': id }, status: 'draft', version: 0, draft: {}, overlay: null,
  templateKey: null, templateVersion: null, mandatory: false, createdBy: null, createdAt: 1, updatedBy: null, updatedAt: 1,
});
const stored = (id: string) => app.svc.db.select().from(definitions).where(eq(definitions.id, id)).get();

describe('definitions repository', () => {
  it('reads a definition of another branch as missing', () => {
    expect(app.svc.definitions.get(east, southDef.id)).toBeUndefined();
    expect(app.svc.definitions.meta(east, southDef.id, 0)).toBeUndefined();
    expect(app.svc.definitions.get(hq, southDef.id)?.id).toBe(southDef.id);
  });

  it('inserts only into a visible org', () => {
    expect(() => app.svc.definitions.insert(east, defRow('def_scope_south', 'south'))).toThrow(expect.objectContaining({ code: 'org_not_found' }));
    expect(stored('def_scope_south')).toBeUndefined();
    expect(app.svc.definitions.insert(east, defRow('def_scope_east', 'east')).orgId).toBe('east');
  });

  it('updates only a definition of a visible org (filtered in the WHERE)', () => {
    expect(() => app.svc.definitions.update(east, southDef.id, { status: 'draft', updatedBy: east.user.id })).toThrow(expect.objectContaining({ code: 'definition_not_found' }));
    expect(stored(southDef.id)).toEqual(southDef);
    expect(app.svc.definitions.update(hq, southDef.id, { updatedBy: hq.user.id }).updatedBy).toBe(hq.user.id);
  });

  it('writes no version of a definition of another branch', () => {
    const before = app.svc.definitions.versions(hq, southDef.id).length;
    const version = { definitionId: southDef.id, version: 99, definition: {}, overlay: null, templateVersion: null, publishedAt: 1, publishedBy: east.user.id, approvedBy: null, changeRequestId: null };
    expect(() => app.svc.definitions.insertVersion(east, version)).toThrow(expect.objectContaining({ code: 'definition_not_found' }));
    expect(app.svc.db.select().from(definitionVersions).where(eq(definitionVersions.definitionId, southDef.id)).all()).toHaveLength(before);
  });

  it('opens and decides change requests only in a visible org', () => {
    const request = (id: string) => ({ id, definitionId: southDef.id, orgId: 'south', status: 'pending', proposed: {}, overlay: null, templateVersion: null, requestedBy: 'x', requestedAt: 1 });
    expect(() => app.svc.definitions.insertRequest(east, request('chg_scope_east'))).toThrow(expect.objectContaining({ code: 'definition_not_found' }));
    expect(app.svc.db.select().from(changeRequests).where(eq(changeRequests.id, 'chg_scope_east')).get()).toBeUndefined();
    app.svc.definitions.insertRequest(hq, request('chg_scope_hq'));
    const decision = { status: 'approved', decidedBy: east.user.id, decidedAt: 2, comment: null };
    expect(() => app.svc.definitions.decideRequest(east, 'chg_scope_hq', decision)).toThrow(expect.objectContaining({ code: 'definition_not_found' }));
    expect(app.svc.db.select().from(changeRequests).where(eq(changeRequests.id, 'chg_scope_hq')).get()?.status).toBe('pending');
    expect(app.svc.definitions.decideRequest(hq, 'chg_scope_hq', { ...decision, status: 'rejected', decidedBy: hq.user.id }).status).toBe('rejected');
  });
});

describe('orgs repository: the scope of a report', () => {
  it('is the caller\'s subtree, HQ\'s everything, and an invisible org is missing', () => {
    expect(app.svc.orgs.scope(east)).toEqual(['east']);
    expect(app.svc.orgs.scope(hq)).toBeUndefined();
    expect(app.svc.orgs.scope(hq, 'south')).toEqual(['south']);
    expect(app.svc.orgs.scope(east, 'east')).toEqual(['east']);
    expect(() => app.svc.orgs.scope(east, 'south')).toThrow(expect.objectContaining({ code: 'org_not_found' }));
    expect(() => app.svc.orgs.scope(hq, 'nowhere')).toThrow(expect.objectContaining({ code: 'org_not_found' }));
  });
});

describe('tasks repository', () => {
  const task = (id: string, orgId: string) => ({ id, orgId, kind: 'task', title: { en: id, 'zh-CN': id }, assigneeRole: 'sales_rep', status: 'open', createdAt: 1 });
  const storedTask = (id: string) => app.svc.db.select().from(tasks).where(eq(tasks.id, id)).get();
  const done = (ctx: RequestContext) => ({ status: 'done', outcome: 'done', completedAt: 2, completedBy: ctx.user.id, data: null });
  beforeAll(() => {
    app.svc.db.insert(tasks).values([task('tsk_scope_south', 'south'), task('tsk_scope_east', 'east')]).run();
  });

  it('reads and lists a task of another branch as missing', () => {
    expect(app.svc.tasks.get(east, 'tsk_scope_south')).toBeUndefined();
    expect(app.svc.tasks.get(east, 'tsk_scope_east')?.orgId).toBe('east');
    const listed = app.svc.tasks.list(east, { limit: 200 }).rows.map((t) => t.id);
    expect(listed).toContain('tsk_scope_east');
    expect(listed).not.toContain('tsk_scope_south');
    expect(app.svc.tasks.list(east, { orgId: 'south', limit: 200 }).rows).toEqual([]);
    expect(app.svc.tasks.list(hq, { limit: 200 }).rows.map((t) => t.id)).toContain('tsk_scope_south');
  });

  it('completes only a task of a visible org (filtered in the WHERE)', () => {
    expect(() => app.svc.tasks.complete(east, 'tsk_scope_south', done(east))).toThrow(expect.objectContaining({ code: 'task_not_found' }));
    expect(storedTask('tsk_scope_south')).toMatchObject({ status: 'open', completedBy: null, completedAt: null });
    expect(app.svc.tasks.complete(hq, 'tsk_scope_south', done(hq))).toMatchObject({ status: 'done', completedBy: hq.user.id });
    expect(app.svc.tasks.complete(east, 'tsk_scope_east', done(east)).status).toBe('done');
  });

  it('does not complete a task twice', () => {
    expect(() => app.svc.tasks.complete(hq, 'tsk_scope_east', done(hq))).toThrow(expect.objectContaining({ code: 'task_not_found' }));
    expect(storedTask('tsk_scope_east')?.completedBy).toBe(east.user.id);
  });
});

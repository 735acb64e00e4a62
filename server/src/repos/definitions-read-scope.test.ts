/**
 * Request-facing reads of definition versions and change requests are scoped by the caller's
 * orgs in the repository (issue 5): another branch's versions, pending and latest requests
 * do not exist for the caller; `version(null, …)` is the system's explicit unscoped read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { contextOf, testApp } from '../test-support';
import type { RequestContext } from '../policy/context';

let app: FastifyInstance;
let east: RequestContext;
let south: RequestContext;
let hq: RequestContext;
const ID = 'def_read_scope_south';
beforeAll(async () => {
  app = await testApp();
  east = contextOf(app, 'admin@east.demo');
  south = contextOf(app, 'admin@south.demo');
  hq = contextOf(app, 'admin@hq.demo');
  app.svc.definitions.insert(hq, {
    id: ID, orgId: 'south', kind: 'form', key: ID, title: { en: ID, 'zh-CN': ID }, status: 'pending_approval', version: 1, draft: {}, overlay: null,
    templateKey: null, templateVersion: null, mandatory: false, createdBy: null, createdAt: 1, updatedBy: null, updatedAt: 1,
  });
  app.svc.definitions.insertVersion(hq, { definitionId: ID, version: 1, definition: { v: 1 }, overlay: null, templateVersion: null, publishedAt: 1, publishedBy: null, approvedBy: null, changeRequestId: null });
  app.svc.definitions.insertRequest(south, { id: 'chg_read_scope_old', definitionId: ID, orgId: 'south', status: 'rejected', proposed: {}, overlay: null, templateVersion: null, requestedBy: 'x', requestedAt: 1 });
  app.svc.definitions.insertRequest(south, { id: 'chg_read_scope', definitionId: ID, orgId: 'south', status: 'pending', proposed: {}, overlay: null, templateVersion: null, requestedBy: 'x', requestedAt: 2 });
});
afterAll(() => app.close());

describe('definition version and change-request reads', () => {
  it("find another branch's versions and requests missing, the own branch's and HQ's present", () => {
    expect(app.svc.definitions.versions(east, ID)).toEqual([]);
    expect(app.svc.definitions.version(east, ID, 1)).toBeUndefined();
    expect(app.svc.definitions.pendingRequest(east, ID)).toBeUndefined();
    expect(app.svc.definitions.latestRequest(east, ID)).toBeUndefined();
    for (const ctx of [south, hq]) {
      expect(app.svc.definitions.versions(ctx, ID).map((v) => v.version)).toEqual([1]);
      expect(app.svc.definitions.version(ctx, ID, 1)?.definition).toEqual({ v: 1 });
      expect(app.svc.definitions.pendingRequest(ctx, ID)?.id).toBe('chg_read_scope');
      expect(app.svc.definitions.latestRequest(ctx, ID)?.id).toBe('chg_read_scope');
    }
  });

  it('the system (null) reads a version with no caller', () => {
    expect(app.svc.definitions.version(null, ID, 1)?.definition).toEqual({ v: 1 });
    expect(app.svc.definitions.version(null, ID, 2)).toBeUndefined();
  });
});

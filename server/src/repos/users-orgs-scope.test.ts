/**
 * The users and orgs repositories scope writes by the caller's orgs themselves, not only the
 * routes' reads before them: a write for another branch is refused and stores nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { contextOf, testApp } from '../test-support';
import type { RequestContext } from '../policy/context';

let app: FastifyInstance;
let east: RequestContext;
let hq: RequestContext;
beforeAll(async () => {
  app = await testApp();
  east = contextOf(app, 'admin@east.demo');
  hq = contextOf(app, 'admin@hq.demo');
});
afterAll(() => app.close());

const userRow = (id: string, orgId: string) => ({ id, email: `${id}@x.test`, name: id, orgId, role: 'sales_rep', passwordHash: 'x', attributes: {}, createdAt: 1, updatedAt: 1 });
const orgRow = (id: string, parentId: string) => ({ id, parentId, nameZh: id, nameEn: id, createdAt: 1 });

describe('users repository', () => {
  it('reads a user of another branch as missing', () => {
    const south = app.svc.users.byEmailAny('rep@south.demo')!;
    expect(app.svc.users.get(east, south.id)).toBeUndefined();
    expect(app.svc.users.get(hq, south.id)?.email).toBe('rep@south.demo');
  });
  it('inserts only into a visible org', () => {
    expect(() => app.svc.users.insert(east, userRow('usr_scope_south', 'south'))).toThrow(expect.objectContaining({ code: 'org_not_found' }));
    expect(app.svc.users.byIdAny('usr_scope_south')).toBeUndefined();
    expect(app.svc.users.insert(east, userRow('usr_scope_east', 'east')).orgId).toBe('east');
  });
  it('updates only a user of a visible org', () => {
    const south = app.svc.users.byEmailAny('rep@south.demo')!;
    expect(() => app.svc.users.update(east, south.id, { name: 'renamed' })).toThrow(expect.objectContaining({ code: 'user_not_found' }));
    expect(app.svc.users.byIdAny(south.id)!.name).toBe(south.name);
    expect(app.svc.users.update(hq, south.id, { name: 'renamed' }).name).toBe('renamed');
  });
});

describe('orgs repository', () => {
  it('inserts a branch only under a visible parent', () => {
    expect(() => app.svc.orgs.insert(east, orgRow('under-south', 'south'))).toThrow(expect.objectContaining({ code: 'org_not_found' }));
    expect(app.svc.orgs.exists('under-south')).toBe(false);
    expect(app.svc.orgs.insert(east, orgRow('under-east', 'east')).parentId).toBe('east');
  });
});

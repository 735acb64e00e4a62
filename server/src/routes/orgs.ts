/**
 * The org tree: list what one may see; HQ admins create branches.
 * Org scoping is the repository's (`svc.orgs` takes the request context): this file compares no org ids.
 */
import type { FastifyInstance } from 'fastify';
import { CreateOrgRequest, Org, OrgList, type CreateOrgRequest as CreateOrgBody } from '@branchline/schemas';
import { routeSchema } from '../http/route-schema';
import { AppError } from '../errors/app-error';
import { toOrg } from '../repos/orgs';

export default async function orgRoutes(app: FastifyInstance) {
  app.get('/orgs', {
    config: { permission: 'orgs.read' },
    schema: routeSchema({ summary: 'Orgs the caller may see (HQ: all)', tags: ['orgs'], response: { 200: OrgList } }),
    handler: async (req) => ({ items: app.svc.orgs.list(req.ctx) }),
  });

  app.post<{ Body: CreateOrgBody }>('/orgs', {
    config: { permission: 'orgs.create' },
    schema: routeSchema({ summary: 'Create a branch under an org', tags: ['orgs'], body: CreateOrgRequest, response: { 201: Org } }),
    handler: async (req, reply) => {
      const { id, parentId, name } = req.body;
      if (!app.svc.orgs.get(req.ctx, parentId)) {
        throw new AppError('org_not_found', { problems: [{ pointer: '/parentId', code: 'org_not_found', message: { en: `There is no org "${parentId}".`, 'zh-CN': `不存在组织"${parentId}"。` } }] });
      }
      const row = await app.svc.writes.run(() => {
        if (app.svc.orgs.exists(id)) throw new AppError('org_exists');
        const r = app.svc.orgs.insert(req.ctx, { id, parentId, nameZh: name['zh-CN'], nameEn: name.en, createdAt: app.svc.clock() });
        app.svc.auditAs(req.ctx, { orgId: id, action: 'org.create', entity: 'org', entityId: id, diff: { after: toOrg(r) } });
        return r;
      });
      app.svc.orgs.invalidate();
      return reply.code(201).send(toOrg(row));
    },
  });
}

/** Reading and verifying the audit log. There is deliberately no route that changes it. */
import type { FastifyInstance } from 'fastify';
import { AuditPage, AuditQuery, AuditVerify, type AuditQuery as Query } from '@branchline/schemas';
import { routeSchema } from '../http/route-schema';
import { listAudit } from '../repos/audit';

export default async function auditRoutes(app: FastifyInstance) {
  app.get<{ Querystring: Query }>('/audit', {
    config: { permission: 'audit.read' },
    schema: routeSchema({
      summary: 'Audit entries, newest first',
      description: '`entity` is a kind ("record") or kind:id ("record:rec_…"); `cursor` is the `nextCursor` of the previous page.',
      tags: ['audit'],
      querystring: AuditQuery,
      response: { 200: AuditPage },
    }),
    handler: async (req) => listAudit(app.svc.db, req.ctx, req.query),
  });

  app.get('/audit/verify', {
    config: { permission: 'audit.verify' },
    schema: routeSchema({ summary: 'Walk the hash chain and report the first broken entry', tags: ['audit'], response: { 200: AuditVerify } }),
    handler: async () => app.svc.audit.verify(),
  });
}

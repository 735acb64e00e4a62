/** HQ templates: the gallery, one version, publishing (HQ admin), branch instances and usage. */
import type { FastifyInstance } from 'fastify';
import { DefinitionDetail, InstantiateRequest, PublishTemplateRequest, TemplateDetail, TemplateList, TemplateUsage, TemplateVersionQuery } from '@branchline/schemas';
import type { InstantiateRequest as InstantiateBody, PublishTemplateRequest as PublishBody } from '@branchline/schemas';
import { KeyParams, routeSchema } from '../http/route-schema';
import { AppError } from '../errors/app-error';
import { checkTemplate, instantiateJob, publishTemplateJob, templateDetail, templateSummary, templateUsage } from '../domain/templates';
import { targetOrg, toDetail, visibleDefinition } from '../domain/definitions';

export default async function templateRoutes(app: FastifyInstance) {
  const svc = app.svc;

  app.get('/templates', {
    config: { permission: 'templates.read' },
    schema: routeSchema({ summary: 'HQ templates (newest version of each)', tags: ['templates'], response: { 200: TemplateList } }),
    handler: async () => ({ items: svc.templates.listLatest().map((r) => templateSummary(r, svc.templates.versions(r.key))) }),
  });

  app.get<{ Params: { key: string }; Querystring: { version?: number } }>('/templates/:key', {
    config: { permission: 'templates.read' },
    schema: routeSchema({ summary: 'A template: the newest version, or ?version=', tags: ['templates'], params: KeyParams, querystring: TemplateVersionQuery, response: { 200: TemplateDetail } }),
    handler: async (req) => {
      const { key } = req.params;
      const row = req.query.version ? svc.templates.get(key, req.query.version) : svc.templates.latest(key);
      if (!row) throw new AppError('template_not_found');
      return templateDetail(row, svc.templates.versions(key));
    },
  });

  app.post<{ Body: PublishBody }>('/templates', {
    config: { permission: 'templates.publish' },
    schema: routeSchema({
      summary: 'Publish a template or a new version of one',
      description: 'The version must be 1 for a new key, else the newest + 1. `upgradeDeadline` lets HQ force instances onto it after that time.',
      tags: ['templates'],
      body: PublishTemplateRequest,
      response: { 201: TemplateDetail },
    }),
    handler: async (req, reply) => {
      const t = checkTemplate(svc, req.body.template);
      const deadline = req.body.upgradeDeadline ? Date.parse(req.body.upgradeDeadline) : null;
      const row = await svc.writes.run(() => publishTemplateJob(svc, req.ctx, t, deadline));
      return reply.code(201).send(templateDetail(row, svc.templates.versions(t.key)));
    },
  });

  app.post<{ Params: { key: string }; Body: InstantiateBody | undefined }>('/templates/:key/instances', {
    config: { permission: 'templates.instantiate' },
    schema: routeSchema({
      summary: "Create a branch instance of a template's newest version",
      description: 'An empty overlay on the template; `orgId` defaults to the caller\'s org. A branch may hold several instances of one template. With `publish: true` it is published at once.',
      tags: ['templates'],
      params: KeyParams,
      body: InstantiateRequest,
      response: { 201: DefinitionDetail },
    }),
    handler: async (req, reply) => {
      const body = req.body ?? {};
      if (!svc.templates.latest(req.params.key)) throw new AppError('template_not_found');
      const orgId = targetOrg(svc, req.ctx, body.orgId);
      const id = await svc.writes.run(() => instantiateJob(svc, req.ctx, req.params.key, orgId, body.publish === true));
      return reply.code(201).send(toDetail(svc, req.ctx, visibleDefinition(svc, req.ctx, id)));
    },
  });

  app.get<{ Params: { key: string } }>('/templates/:key/usage', {
    config: { permission: 'templates.usage' },
    schema: routeSchema({ summary: 'Which branches use which version of a template', tags: ['templates'], params: KeyParams, response: { 200: TemplateUsage } }),
    handler: async (req) => templateUsage(svc, req.ctx, req.params.key),
  });
}

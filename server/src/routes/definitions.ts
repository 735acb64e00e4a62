/**
 * Branch definitions: list, create, read, save drafts, publish, approve / reject, switch a workflow off / on, versions.
 * Org scoping is the repository's: `visibleDefinition` answers 404 before the write is queued, and the job reads the
 * row again the same scoped way, since another write may have changed it meanwhile (tests/architecture.test.ts).
 */
import type { FastifyInstance } from 'fastify';
import {
  CreateDefinitionRequest, DecisionRequest, DefinitionDetail, DefinitionList, DefinitionListQuery, DefinitionVersions, PublishResult, SaveDefinitionRequest,
  type CreateDefinitionRequest as CreateBody, type DecisionRequest as DecisionBody, type DefinitionListQuery as ListQuery, type SaveDefinitionRequest as SaveBody,
} from '@branchline/schemas';
import { IdParams, routeSchema } from '../http/route-schema';
import { createJob, decideJob, publishJob, saveJob, targetOrg, toChangeRequest, toDetail, toSummary, visibleDefinition } from '../domain/definitions';
import { setActiveJob } from '../domain/activation';
import { iso } from '../ids';

type Id = { Params: { id: string } };

export default async function definitionRoutes(app: FastifyInstance) {
  const svc = app.svc;
  const tags = ['definitions'];

  app.get<{ Querystring: ListQuery }>('/definitions', {
    config: { permission: 'definitions.read' },
    schema: routeSchema({ summary: 'Definitions of the orgs the caller may see', tags, querystring: DefinitionListQuery, response: { 200: DefinitionList } }),
    handler: async (req) => {
      const { rows, nextCursor } = svc.definitions.list(req.ctx, { ...req.query, limit: req.query.limit ?? 50 });
      return nextCursor ? { items: rows.map(toSummary), nextCursor } : { items: rows.map(toSummary) };
    },
  });

  app.post<{ Body: CreateBody }>('/definitions', {
    config: { permission: 'definitions.create' },
    schema: routeSchema({ summary: "Create a branch's own form or workflow (a draft)", tags, body: CreateDefinitionRequest, response: { 201: DefinitionDetail } }),
    handler: async (req, reply) => {
      const orgId = targetOrg(svc, req.ctx, req.body.orgId);
      const row = await svc.writes.run(() => createJob(svc, req.ctx, req.body.definition, orgId));
      return reply.code(201).send(toDetail(svc, req.ctx, row));
    },
  });

  app.get<Id>('/definitions/:id', {
    config: { permission: 'definitions.read' },
    schema: routeSchema({ summary: 'A definition with its draft, overlay and template', tags, params: IdParams, response: { 200: DefinitionDetail } }),
    handler: async (req) => toDetail(svc, req.ctx, visibleDefinition(svc, req.ctx, req.params.id)),
  });

  app.put<Id & { Body: SaveBody }>('/definitions/:id', {
    config: { permission: 'definitions.edit' },
    schema: routeSchema({
      summary: 'Save the whole edited definition as the draft',
      description:
        'For a template instance the overlay is derived from the edit; touching a locked element is refused with 422 `locked_element`, naming every element. A malformed definition is refused with 422; unfinished logic (semantic problems) is saved as a draft and listed in `problems` — publishing refuses it until fixed.',
      tags,
      params: IdParams,
      body: SaveDefinitionRequest,
      response: { 200: DefinitionDetail },
    }),
    handler: async (req) => {
      const row = visibleDefinition(svc, req.ctx, req.params.id);
      const saved = await svc.writes.run(() => saveJob(svc, req.ctx, visibleDefinition(svc, req.ctx, row.id), req.body.definition));
      return { ...toDetail(svc, req.ctx, saved.row), problems: saved.problems };
    },
  });

  app.post<Id>('/definitions/:id/publish', {
    config: { permission: 'definitions.publish' },
    schema: routeSchema({
      summary: 'Publish the draft',
      description: "Admins publish at once (200, outcome `published`). A designer's publish opens a change request (202, outcome `pending_approval`) that takes effect only when a branch admin approves it.",
      tags,
      params: IdParams,
      response: { 200: PublishResult, 202: PublishResult },
    }),
    handler: async (req, reply) => {
      const row = visibleDefinition(svc, req.ctx, req.params.id);
      const r = await svc.writes.run(() => publishJob(svc, req.ctx, visibleDefinition(svc, req.ctx, row.id)));
      const body = { outcome: r.outcome, definition: toDetail(svc, req.ctx, r.row), ...(r.request ? { changeRequest: toChangeRequest(r.request) } : {}) };
      return reply.code(r.outcome === 'published' ? 200 : 202).send(body);
    },
  });

  for (const verb of ['approve', 'reject'] as const) {
    app.post<Id & { Body: DecisionBody | undefined }>(`/definitions/:id/${verb}`, {
      config: { permission: 'definitions.approve' },
      schema: routeSchema({
        summary: verb === 'approve' ? 'Approve the pending change request: the proposed version takes effect now' : 'Reject the pending change request',
        tags,
        params: IdParams,
        body: DecisionRequest,
        response: { 200: PublishResult },
      }),
      handler: async (req) => {
        const row = visibleDefinition(svc, req.ctx, req.params.id);
        const r = await svc.writes.run(() => decideJob(svc, req.ctx, visibleDefinition(svc, req.ctx, row.id), verb === 'approve', req.body?.comment));
        return { outcome: r.row.status === 'pending_approval' ? 'pending_approval' : 'published', definition: toDetail(svc, req.ctx, r.row), changeRequest: toChangeRequest(r.request) };
      },
    });
  }

  // Deactivate before activate: the route table (and the tests generated from it) switch it off, then on again.
  for (const verb of ['deactivate', 'activate'] as const) {
    app.post<Id>(`/definitions/:id/${verb}`, {
      config: { permission: 'definitions.activate' },
      schema: routeSchema({
        summary: verb === 'deactivate' ? 'Switch a published workflow off: its trigger starts no new runs' : 'Switch a deactivated workflow on again',
        description:
          verb === 'deactivate'
            ? 'Records and events no longer start runs of it; runs in flight go on to their end on their version. An instance of an HQ-mandated workflow is refused with 409 `mandatory_workflow` (HQ policy in `errors`). 409 `not_a_workflow` for a form, `not_published` for a workflow never published. Already off: 200, unchanged.'
            : 'New records and events start runs of its newest published version (or its rollout) again. Already on: 200, unchanged.',
        tags,
        params: IdParams,
        response: { 200: DefinitionDetail },
      }),
      handler: async (req) => {
        const row = visibleDefinition(svc, req.ctx, req.params.id);
        const updated = await svc.writes.run(() => setActiveJob(svc, req.ctx, visibleDefinition(svc, req.ctx, row.id), verb === 'activate'));
        return toDetail(svc, req.ctx, updated);
      },
    });
  }

  app.get<Id>('/definitions/:id/versions', {
    config: { permission: 'definitions.read' },
    schema: routeSchema({ summary: 'Published versions, newest first', tags, params: IdParams, response: { 200: DefinitionVersions } }),
    handler: async (req) => {
      const row = visibleDefinition(svc, req.ctx, req.params.id);
      return {
        items: svc.definitions.versions(req.ctx, row.id).map((v) => ({
          version: v.version,
          definition: v.definition,
          ...(v.overlay ? { overlay: v.overlay } : {}),
          ...(v.templateVersion !== null ? { templateVersion: v.templateVersion } : {}),
          publishedAt: iso(v.publishedAt),
          ...(v.publishedBy ? { publishedBy: v.publishedBy } : {}),
          ...(v.approvedBy ? { approvedBy: v.approvedBy } : {}),
        })),
      };
    },
  });
}

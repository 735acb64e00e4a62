/** Template upgrades of an instance, and export / import of definitions (the CLI uses these). */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { DefinitionDetail, DefinitionExport, ImportRequest, UpgradePlan, UpgradeRequest } from '@branchline/schemas';
import type { ImportRequest as ImportBody, UpgradeRequest as UpgradeBody } from '@branchline/schemas';
import { IdParams, routeSchema } from '../http/route-schema';
import { targetOrg, toDetail, visibleDefinition } from '../domain/definitions';
import { applyUpgradeJob, describeUpgrade } from '../domain/upgrade';
import { exportDefinition, importJob } from '../domain/export-import';
import { discardSetAsideJob, reapplySetAsideJob } from '../domain/set-aside';

type Id = { Params: { id: string } };
/** `index` is read by the handler after the definition is found, so another branch's id answers 404 like a missing one. */
const SetAsideParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 200 }), index: Type.String({ minLength: 1, maxLength: 20, description: 'position in the detail\'s `setAside` (0 = oldest)' }) },
  { additionalProperties: false },
);
type SetAsideAt = { Params: { id: string; index: string } };
const UpgradeQuery = Type.Object({ to: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false });

export default async function definitionIoRoutes(app: FastifyInstance) {
  const svc = app.svc;
  const tags = ['definitions'];

  app.get<Id & { Querystring: { to?: number } }>('/definitions/:id/upgrade', {
    config: { permission: 'definitions.upgrade.read' },
    schema: routeSchema({ summary: 'Plan the upgrade of an instance to the newest (or ?to=) template version', tags, params: IdParams, querystring: UpgradeQuery, response: { 200: UpgradePlan } }),
    handler: async (req) => describeUpgrade(svc, req.ctx, visibleDefinition(svc, req.ctx, req.params.id), req.query.to),
  });

  app.post<Id & { Body: UpgradeBody | undefined }>('/definitions/:id/upgrade', {
    config: { permission: 'definitions.upgrade' },
    schema: routeSchema({
      summary: 'Apply the upgrade and publish the result',
      description: 'A clean upgrade is applied by a branch or HQ admin. With conflicts it is refused (409 with the conflicts) unless every conflict of the plan (GET with the same `to`) is given a resolution — keep the branch\'s part (`mine`, refused with pointers at `/resolutions/<i>` when it no longer applies or HQ\'s new locks forbid it; the plan marks such conflicts `keepable: false`), take HQ\'s (`hq`) or set it aside (`aside`) — or an HQ admin forces it after the version\'s upgrade deadline; then HQ wins and the branch\'s conflicting parts are kept in `setAside`.',
      tags,
      params: IdParams,
      body: UpgradeRequest,
      response: { 200: DefinitionDetail },
    }),
    handler: async (req) => {
      const row = visibleDefinition(svc, req.ctx, req.params.id);
      const body = req.body ?? {};
      const done = await svc.writes.run(() => applyUpgradeJob(svc, req.ctx, visibleDefinition(svc, req.ctx, row.id), body.to, body.force === true, body.resolutions));
      return toDetail(svc, req.ctx, done);
    },
  });

  app.post<SetAsideAt>('/definitions/:id/set-aside/:index/reapply', {
    config: { permission: 'definitions.upgrade' },
    schema: routeSchema({
      summary: 'Re-apply a change an upgrade set aside to the draft',
      description:
        'The change is applied to the draft and checked like any edit: 422 `set_aside_does_not_fit` with pointers (`/setAside/<index>/change…`, or into `/definition` with `params.setAside`) when it no longer applies or would make the draft invalid, 422 `locked_element` when HQ\'s locks refuse it. Then it leaves `setAside`; publish the draft to put it into effect. Audited.',
      tags,
      params: SetAsideParams,
      response: { 200: DefinitionDetail },
    }),
    handler: async (req) => {
      const row = visibleDefinition(svc, req.ctx, req.params.id);
      return toDetail(svc, req.ctx, await svc.writes.run(() => reapplySetAsideJob(svc, req.ctx, visibleDefinition(svc, req.ctx, row.id), req.params.index)));
    },
  });

  app.delete<SetAsideAt>('/definitions/:id/set-aside/:index', {
    config: { permission: 'definitions.upgrade' },
    schema: routeSchema({ summary: 'Discard a change an upgrade set aside (audited with the change)', tags, params: SetAsideParams, response: { 200: DefinitionDetail } }),
    handler: async (req) => {
      const row = visibleDefinition(svc, req.ctx, req.params.id);
      return toDetail(svc, req.ctx, await svc.writes.run(() => discardSetAsideJob(svc, req.ctx, visibleDefinition(svc, req.ctx, row.id), req.params.index)));
    },
  });

  app.get<Id>('/definitions/:id/export', {
    config: { permission: 'definitions.export' },
    schema: routeSchema({ summary: 'Export a definition as a file for `branchline import` or another server', tags, params: IdParams, response: { 200: DefinitionExport } }),
    handler: async (req) => exportDefinition(svc, visibleDefinition(svc, req.ctx, req.params.id)),
  });

  app.post<{ Body: ImportBody }>('/definitions/import', {
    config: { permission: 'definitions.import' },
    schema: routeSchema({
      summary: 'Import an exported definition as a new draft',
      description: 'A template instance is re-created on the same template version (which must exist here) and its edits are checked against HQ\'s locks again.',
      tags,
      body: ImportRequest,
      response: { 201: DefinitionDetail },
    }),
    handler: async (req, reply) => {
      const orgId = targetOrg(svc, req.ctx, req.body.orgId);
      const row = await svc.writes.run(() => importJob(svc, req.ctx, req.body.file, orgId));
      return reply.code(201).send(toDetail(svc, req.ctx, row));
    },
  });
}

/** Records: submit to a published form, list / search, read, change, soft-delete. */
import type { FastifyInstance } from 'fastify';
import { PatchRecordRequest, RecordItem, RecordList, RecordListQuery, SubmitRecordRequest } from '@branchline/schemas';
import type { PatchRecordRequest as PatchBody, RecordListQuery as ListQuery, SubmitRecordRequest as SubmitBody } from '@branchline/schemas';
import { IdParams, NoContent, routeSchema } from '../http/route-schema';
import { AppError } from '../errors/app-error';
import { toRecordItem } from '../repos/records';
import { deleteRecordJob, insertRecord, patchRecordJob, recordItemJson, validateSubmission } from '../domain/records';

type Id = { Params: { id: string } };
const JSON_TYPE = 'application/json; charset=utf-8';

export default async function recordRoutes(app: FastifyInstance) {
  const svc = app.svc;
  const tags = ['records'];

  app.post<Id & { Body: SubmitBody }>('/definitions/:id/records', {
    config: { permission: 'records.create' },
    schema: routeSchema({
      summary: 'Submit a record to a published form',
      description: 'Validated against the published version; computed fields are filled in. Problems point into the body, e.g. `/data/lines/2/discount_pct`. The 201 is sent after the record, its audit entry and the workflow runs it starts are committed.',
      tags,
      params: IdParams,
      body: SubmitRecordRequest,
      response: { 201: RecordItem },
    }),
    handler: async (req, reply) => {
      const ctx = req.ctx;
      const def = svc.definitions.meta(ctx, req.params.id, svc.clock());
      if (!def) throw new AppError('definition_not_found');
      const data = validateSubmission(svc, def, req.body.data);
      const { item, dataJson } = await svc.writes.run(() => insertRecord(svc, ctx, def, data, ctx.user.id));
      // The body is written here from the data's JSON text, which the job made already (the response schema stays the documentation).
      return reply.code(201).type(JSON_TYPE).send(recordItemJson(item, dataJson));
    },
  });

  app.get<{ Querystring: ListQuery }>('/records', {
    config: { permission: 'records.read' },
    schema: routeSchema({ summary: 'Records of the visible orgs, newest first; `q` searches text values', tags, querystring: RecordListQuery, response: { 200: RecordList } }),
    handler: async (req) => {
      const q = req.query;
      return svc.records.list(req.ctx, { ...q, ownerId: q.owner === 'me' ? req.ctx.user.id : q.owner, limit: q.limit ?? 50 });
    },
  });

  app.get<Id>('/records/:id', {
    config: { permission: 'records.read' },
    schema: routeSchema({ summary: 'One record', tags, params: IdParams, response: { 200: RecordItem } }),
    handler: async (req) => {
      const row = svc.records.get(req.ctx, req.params.id);
      if (!row) throw new AppError('record_not_found');
      return toRecordItem(row);
    },
  });

  app.patch<Id & { Body: PatchBody }>('/records/:id', {
    config: { permission: 'records.update' },
    schema: routeSchema({
      summary: 'Change fields of a record (null clears one)',
      description: 'Revalidated against the form\'s published version; computed fields are recomputed. A sales rep may change only own records. Send `rev` to refuse a lost update (412).',
      tags,
      params: IdParams,
      body: PatchRecordRequest,
      response: { 200: RecordItem },
    }),
    handler: async (req) => svc.writes.run(() => patchRecordJob(svc, req.ctx, req.params.id, req.body.data, req.body.rev)),
  });

  app.delete<Id>('/records/:id', {
    config: { permission: 'records.delete' },
    schema: routeSchema({ summary: 'Soft-delete a record (audited)', tags, params: IdParams, response: { 204: NoContent } }),
    handler: async (req, reply) => {
      await svc.writes.run(() => deleteRecordJob(svc, req.ctx, req.params.id));
      return reply.code(204).send();
    },
  });
}


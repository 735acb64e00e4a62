/**
 * Workflow runs: list and read them (with the trace the editor overlays on the canvas),
 * start a manual-trigger workflow by hand, and set a workflow's rollout — two published versions side by side with a control
 * group, new runs taking a version by a stable hash of their record.
 */
import type { FastifyInstance } from 'fastify';
import { RolloutRequest, RolloutState, RunDetail, RunList, RunListQuery, StartRunRequest, type RolloutRequest as RolloutBody, type RunListQuery as ListQuery, type StartRunRequest as StartBody } from '@branchline/schemas';
import { AppError } from '../errors/app-error';
import { IdParams, routeSchema } from '../http/route-schema';
import { getRun, listRuns, toRunDetail } from '../runs/queries';
import { parseRollout } from '../runs/catalog';
import { startManualJob } from '../runs/manual';
import type { Problem } from '@branchline/schemas';

type Id = { id: string };

export default async function runRoutes(app: FastifyInstance) {
  const svc = app.svc;

  app.get<{ Querystring: ListQuery }>('/runs', {
    config: { permission: 'runs.read' },
    schema: routeSchema({ summary: 'Workflow runs of the orgs the caller may see, newest first', tags: ['runs'], querystring: RunListQuery, response: { 200: RunList } }),
    handler: async (req) => listRuns(svc, req.ctx, req.query),
  });

  app.get<{ Params: Id }>('/runs/:id', {
    config: { permission: 'runs.read' },
    schema: routeSchema({ summary: 'One run with its trace, variables and record as the run sees them', tags: ['runs'], params: IdParams, response: { 200: RunDetail } }),
    handler: async (req) => {
      const row = getRun(svc, req.ctx, req.params.id);
      if (!row) throw new AppError('run_not_found');
      return toRunDetail(row);
    },
  });

  app.post<{ Params: Id; Body: StartBody }>('/definitions/:id/runs', {
    config: { permission: 'runs.start' },
    schema: routeSchema({
      summary: 'Start a run of a published workflow whose trigger is manual',
      description:
        'When the trigger names a form, `recordId` (a record of that form or an instance of it, in the workflow\'s branch) is required: 422 at `/recordId` when missing, 404 `record_not_found` when not one the caller sees. 409 `not_manual_workflow` for a form or a workflow with another trigger, `not_published`, `workflow_inactive` when switched off, `trigger_not_matched` when its `when` is false. Audited as run.start_manual.',
      tags: ['runs'],
      params: IdParams,
      body: StartRunRequest,
      response: { 201: RunDetail },
    }),
    handler: async (req, reply) => {
      const runId = await svc.writes.run(() => startManualJob(svc, app.runs.engine, req.ctx, req.params.id, req.body, svc.clock()));
      return reply.code(201).send(toRunDetail(getRun(svc, req.ctx, runId)!));
    },
  });

  app.get<{ Params: Id }>('/definitions/:id/rollout', {
    config: { permission: 'definitions.read' },
    schema: routeSchema({ summary: "A workflow's rollout (null: every new run takes the newest version)", tags: ['runs'], params: IdParams, response: { 200: RolloutState } }),
    handler: async (req) => {
      const def = svc.definitions.get(req.ctx, req.params.id);
      if (!def) throw new AppError('definition_not_found');
      return { definitionId: def.id, version: def.version, rollout: parseRollout(def.rollout) };
    },
  });

  app.put<{ Params: Id; Body: RolloutBody }>('/definitions/:id/rollout', {
    config: { permission: 'definitions.rollout' },
    schema: routeSchema({
      summary: 'Run two or more published versions side by side, or end the parallel run',
      description: 'Shares are cumulative percentages summing to 100 with exactly one control version; each record always takes the same version (stable hash of its id and the salt).',
      tags: ['runs'],
      params: IdParams,
      body: RolloutRequest,
      response: { 200: RolloutState },
    }),
    handler: async (req) => {
      const ctx = req.ctx;
      const rollout = req.body.rollout;
      return svc.writes.run(() => {
        const def = svc.definitions.get(ctx, req.params.id);
        if (!def) throw new AppError('definition_not_found');
        if (def.kind !== 'workflow') throw new AppError('conflict', { detail: 'Only a workflow has a rollout.' });
        if (rollout) {
          const problems = rolloutProblems(rollout, def.version);
          if (problems.length) throw new AppError('validation_failed', { problems });
        }
        // Scoped in the repository like every other definition write: one of another branch is not found there.
        svc.definitions.update(ctx, def.id, { rollout: rollout ?? null, updatedAt: svc.clock(), updatedBy: ctx.user.id });
        svc.auditAs(ctx, { orgId: def.orgId, action: 'definition.rollout', entity: 'definition', entityId: def.id, diff: { before: parseRollout(def.rollout), after: rollout } });
        return { definitionId: def.id, version: def.version, rollout };
      });
    },
  });
}

const msg = (en: string, zh: string) => ({ en, 'zh-CN': zh });

/** A rollout must name published versions once each, sum to 100 and have one control. */
export function rolloutProblems(r: NonNullable<RolloutBody['rollout']>, published: number): Problem[] {
  const out: Problem[] = [];
  const seen = new Set<number>();
  r.shares.forEach((s, i) => {
    if (s.version > published) out.push({ pointer: `/rollout/shares/${i}/version`, code: 'not_published', message: msg(`Version ${s.version} is not published (newest: ${published}).`, `版本 ${s.version} 尚未发布（最新：${published}）。`) });
    if (seen.has(s.version)) out.push({ pointer: `/rollout/shares/${i}/version`, code: 'duplicate', message: msg(`Version ${s.version} is named twice.`, `版本 ${s.version} 重复。`) });
    seen.add(s.version);
  });
  const total = r.shares.reduce((a, s) => a + s.percent, 0);
  if (Math.abs(total - 100) > 1e-9) out.push({ pointer: '/rollout/shares', code: 'not_100', message: msg(`The percentages sum to ${total}, not 100.`, `百分比之和为 ${total}，不是 100。`) });
  const controls = r.shares.filter((s) => s.control === true).length;
  if (controls !== 1) out.push({ pointer: '/rollout/shares', code: 'one_control', message: msg(`Name exactly one control version (${controls} given).`, `须且只能指定一个对照版本（当前 ${controls} 个）。`) });
  return out;
}

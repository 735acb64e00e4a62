/**
 * Starting a run by hand (`POST /definitions/:id/runs`): a published, active workflow
 * whose trigger is `manual`. When the trigger names a form, the run works on a record of
 * that form (or of an instance of it) in the workflow's branch, which the caller must see.
 */
import type { JsonObject } from '@branchline/runtime';
import type { StartRunRequest } from '@branchline/schemas';
import { AppError } from '../errors/app-error';
import { newId } from '../ids';
import type { RequestContext } from '../policy/context';
import type { Services } from '../services';
import type { RunEngine, StartFacts } from './engine';

const REQUIRED = {
  pointer: '/recordId',
  code: 'required',
  message: { en: 'This workflow works on a record of its trigger form: send "recordId".', 'zh-CN': '该流程作用于其触发表单的记录：请提供 "recordId"。' },
};

/** Start one run of workflow `definitionId` as `ctx` (inside a write job); returns the run id. */
export function startManualJob(svc: Services, engine: RunEngine, ctx: RequestContext, definitionId: string, body: StartRunRequest, now: number): string {
  // Another branch's id answers exactly like a missing one.
  const row = svc.definitions.get(ctx, definitionId);
  if (!row) throw new AppError('definition_not_found');
  if (row.kind !== 'workflow') throw new AppError('not_manual_workflow');
  if (row.version < 1) throw new AppError('not_published');
  if (!row.active) throw new AppError('workflow_inactive');
  const seed = body.recordId ?? newId('man', now);
  const target = engine.catalog.forDefinition(row.id, row.orgId, seed);
  if (!target) throw new AppError('workflow_inactive');
  const trigger = target.compiled.definition.trigger;
  if (trigger.type !== 'manual') throw new AppError('not_manual_workflow');
  if (trigger.form !== undefined && body.recordId === undefined) throw new AppError('validation_failed', { problems: [REQUIRED] });

  const event: JsonObject = { type: 'manual', by: ctx.user.id };
  let facts: StartFacts = { orgId: row.orgId, event };
  if (body.recordId !== undefined) {
    // A record outside the workflow's branch (or one the caller cannot see), or of another form, is not one this workflow can work on.
    const rec = svc.records.getInOrg(ctx, row.orgId, body.recordId);
    const ofForm = trigger.form === undefined || trigger.form === rec?.definitionKey || trigger.form === rec?.templateKey;
    if (!rec || !ofForm) throw new AppError('record_not_found');
    facts = { orgId: row.orgId, recordId: rec.id, ownerId: rec.ownerId, record: rec.data as JsonObject, event };
  }
  const runId = engine.startJob(target, facts, now);
  if (!runId) throw new AppError('trigger_not_matched');
  svc.auditAs(ctx, {
    orgId: row.orgId,
    action: 'run.start_manual',
    entity: 'run',
    entityId: runId,
    diff: { after: { definitionId: row.id, version: target.origin.definitionVersion, ...(facts.recordId ? { recordId: facts.recordId } : {}) } },
  });
  return runId;
}

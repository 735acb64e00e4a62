/**
 * External events (`POST /events {type, key, data}`): resume the runs waiting for that
 * event type with that correlation key, and start the workflows whose trigger is that
 * event — all in one write job, so the event's effects commit together.
 *
 * An event belongs to an org (the caller's, or `orgId` within what the caller sees).
 * It resumes only runs of orgs the caller sees. An event trigger with a `recordId`
 * expression runs on that record (when the caller sees it and it is of the trigger's form).
 * The org, the waiting runs and the record are read through the scoped repositories
 * (`svc.orgs`, `svc.runs`, `svc.records` with the caller's context), never filtered here.
 */
import { evaluateTrigger, type JsonObject } from '@branchline/runtime';
import type { PostEventRequest, PostEventResult } from '@branchline/schemas';
import { AppError } from '../errors/app-error';
import type { RequestContext } from '../policy/context';
import type { Services } from '../services';
import type { RunEngine, StartFacts } from './engine';
import type { Target } from './catalog';

export function postEventJob(svc: Services, engine: RunEngine, ctx: RequestContext, body: PostEventRequest, now: number): PostEventResult {
  const orgId = body.orgId ?? ctx.user.orgId;
  if (!svc.orgs.get(ctx, orgId)) {
    throw new AppError('org_not_found', { problems: [{ pointer: '/orgId', code: 'org_not_found', message: { en: `There is no org "${orgId}" you may post events for.`, 'zh-CN': `不存在您可为其发送事件的组织"${orgId}"。` } }] });
  }
  const data = (body.data ?? {}) as JsonObject;
  const resumed: string[] = [];
  for (const runId of svc.runs.waitingFor(ctx, body.type, body.key)) {
    const r = engine.stepJob(runId, { type: 'event', event: body.type, key: body.key, data }, now);
    if (r && !r.ignored) resumed.push(runId);
  }
  const event: JsonObject = { type: body.type, key: body.key, data };
  const started: string[] = [];
  for (const target of engine.catalog.forEvent(body.type, orgId, body.key)) {
    const facts = factsFor(svc, ctx, target, orgId, event, now);
    if (!facts) continue;
    const id = engine.startJob(target, facts, now);
    if (id) started.push(id);
  }
  svc.auditAs(ctx, { orgId, action: 'event.post', entity: 'event', entityId: `${body.type}:${body.key}`.slice(0, 300), diff: { after: { type: body.type, key: body.key, data }, started, resumed } });
  return { accepted: true, started, resumed };
}

/** The start facts of an event-triggered run: on the record the trigger names, if any. */
function factsFor(svc: Services, ctx: RequestContext, target: Target, orgId: string, event: JsonObject, now: number): StartFacts | undefined {
  const trigger = target.compiled.definition.trigger as { recordId?: string; form?: string };
  if (trigger.recordId === undefined) return { orgId, event };
  const guard = evaluateTrigger(target.compiled, { event, org: { id: orgId } }, now);
  if (!guard.ok || !guard.recordId) return { orgId, event };
  const rec = svc.records.get(ctx, guard.recordId);
  if (!rec) return undefined;
  if (trigger.form !== undefined && trigger.form !== rec.definitionKey && trigger.form !== rec.templateKey) return undefined;
  return { orgId: rec.orgId, recordId: rec.id, ownerId: rec.ownerId, record: rec.data as JsonObject, event };
}

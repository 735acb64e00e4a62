/**
 * Branch definitions: create, save drafts, publish (at once for admins, through a
 * change request for designers), approve / reject, export / import.
 */
import type { ChangeRequest, DefinitionDetail, DefinitionSummary, Problem, Template } from '@branchline/schemas';
import { AppError } from '../errors/app-error';
import { canonicalJson } from '../audit/canonical';
import { iso, newId } from '../ids';
import type { RequestContext } from '../policy/context';
import type { ChangeRequestRow, DefinitionRow } from '../repos/definitions';
import type { DomainDeps } from './deps';
import { checkDefinition, checkIdentity, checkInstanceEdit } from './definition-checks';
import { publishVersion } from './publish';
import { setAsideOf } from './set-aside';

type Kind = 'form' | 'workflow';
type Status = 'draft' | 'pending_approval' | 'published';

export function toChangeRequest(r: ChangeRequestRow): ChangeRequest {
  const out: ChangeRequest = { id: r.id, status: r.status, requestedBy: r.requestedBy, requestedAt: iso(r.requestedAt) };
  if (r.decidedBy) out.decidedBy = r.decidedBy;
  if (r.decidedAt !== null) out.decidedAt = iso(r.decidedAt);
  if (r.comment) out.comment = r.comment;
  return out;
}

export function toSummary(r: DefinitionRow): DefinitionSummary {
  return {
    id: r.id,
    kind: r.kind as Kind,
    key: r.key,
    orgId: r.orgId,
    title: r.title as DefinitionSummary['title'],
    status: r.status as Status,
    version: r.version,
    template: r.templateKey ? { key: r.templateKey, version: r.templateVersion ?? 0 } : null,
    mandatory: r.mandatory,
    active: r.active,
    updatedAt: iso(r.updatedAt),
  };
}

export function toDetail(deps: DomainDeps, ctx: RequestContext, r: DefinitionRow): DefinitionDetail {
  const { template: _ref, ...summary } = toSummary(r);
  const out: DefinitionDetail = { ...summary, publishedVersion: r.version > 0 ? r.version : null, definition: r.draft, createdAt: iso(r.createdAt) };
  if (r.templateKey && r.templateVersion) {
    const t = deps.templates.doc(r.templateKey, r.templateVersion);
    if (t) {
      out.overlay = r.overlay ?? undefined;
      out.locks = t.locks;
      out.template = { key: t.key, version: t.version, title: t.title, locks: t.locks, latestVersion: deps.templates.latest(t.key)?.version ?? t.version, definition: t.definition };
      if (t.extensions) out.template.extensions = t.extensions;
    }
    out.setAside = setAsideOf(r);
  }
  const cr = r.status === 'pending_approval' ? deps.definitions.pendingRequest(ctx, r.id) : deps.definitions.latestRequest(ctx, r.id);
  if (cr) out.changeRequest = toChangeRequest(cr);
  return out;
}

/** Must be found in the caller's orgs, else 404. */
export function visibleDefinition(deps: DomainDeps, ctx: RequestContext, id: string): DefinitionRow {
  const row = deps.definitions.get(ctx, id);
  if (!row) throw new AppError('definition_not_found');
  return row;
}

/** The org a caller acts in: the one named (if visible), else their own. */
export function targetOrg(deps: DomainDeps, ctx: RequestContext, orgId: string | undefined, pointer = '/orgId'): string {
  const org = orgId ?? ctx.user.orgId;
  if (!deps.orgs.get(ctx, org)) {
    throw new AppError('org_not_found', { problems: [{ pointer, code: 'org_not_found', message: { en: `There is no org "${org}" you may act in.`, 'zh-CN': `不存在您可操作的组织"${org}"。` } }] });
  }
  return org;
}

const sameJson = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/** Status after a draft change: pending while a change request waits, published when the draft equals the version in effect. */
function statusAfterEdit(deps: DomainDeps, ctx: RequestContext, row: DefinitionRow, draft: unknown): Status {
  if (deps.definitions.pendingRequest(ctx, row.id)) return 'pending_approval';
  if (row.version > 0 && sameJson(deps.definitions.version(ctx, row.id, row.version)?.definition, draft)) return 'published';
  return 'draft';
}

/** Create a branch's own form or workflow as a draft (inside a write job). */
export function createJob(deps: DomainDeps, ctx: RequestContext, definition: unknown, orgId: string): DefinitionRow {
  checkIdentity(definition, null);
  checkDefinition(deps, definition, orgId, '/definition', 'draft');
  const now = deps.clock();
  const id = newId('def', now);
  const row = deps.definitions.insert(ctx, { id, orgId, kind: definition.kind, key: definition.key, title: definition.title, status: 'draft', version: 0, draft: definition, overlay: null, templateKey: null, templateVersion: null, mandatory: false, createdBy: ctx.user.id, createdAt: now, updatedBy: ctx.user.id, updatedAt: now });
  deps.auditAs(ctx, { orgId, action: 'definition.create', entity: 'definition', entityId: id, diff: { after: { kind: definition.kind, key: definition.key } } });
  return row;
}

/**
 * Save the whole edited definition as the draft (inside a write job). Locks and the
 * shape are enforced; unfinished logic is saved and its problems returned, since a
 * draft is work in progress (publishing refuses it until it is right).
 */
export function saveJob(deps: DomainDeps, ctx: RequestContext, row: DefinitionRow, edited: unknown): { row: DefinitionRow; problems: Problem[] } {
  checkIdentity(edited, { kind: row.kind, key: row.key });
  let draft: unknown = edited;
  let overlay: unknown = null;
  let problems: Problem[];
  if (row.templateKey && row.templateVersion) {
    const t = deps.templates.doc(row.templateKey, row.templateVersion);
    if (!t) throw new AppError('template_not_found');
    const checked = checkInstanceEdit(deps, t, edited, row.orgId, '/definition', 'draft');
    draft = checked.definition;
    overlay = checked.overlay;
    problems = checked.problems;
  } else problems = checkDefinition(deps, edited, row.orgId, '/definition', 'draft');
  const now = deps.clock();
  const updated = deps.definitions.update(ctx, row.id, { draft, overlay, title: (draft as { title: unknown }).title, status: statusAfterEdit(deps, ctx, row, draft), updatedAt: now, updatedBy: ctx.user.id });
  const changes = (overlay as { changes?: unknown[] } | null)?.changes?.length;
  deps.auditAs(ctx, { orgId: row.orgId, action: 'definition.save', entity: 'definition', entityId: row.id, diff: { before: { draft: row.draft }, after: { draft, ...(changes !== undefined ? { overlayChanges: changes } : {}) } } });
  return { row: updated, problems };
}

/** The draft as a version: re-checked, since the template or the trigger form may have moved on. */
function draftContent(deps: DomainDeps, row: DefinitionRow): { definition: unknown; overlay: unknown; templateVersion: number | null } {
  checkIdentity(row.draft, { kind: row.kind, key: row.key });
  if (row.templateKey && row.templateVersion) {
    const t = deps.templates.doc(row.templateKey, row.templateVersion) as Template;
    const checked = checkInstanceEdit(deps, t, row.draft, row.orgId);
    return { definition: checked.definition, overlay: checked.overlay, templateVersion: row.templateVersion };
  }
  checkDefinition(deps, row.draft, row.orgId);
  return { definition: row.draft, overlay: null, templateVersion: null };
}

/**
 * Publish the draft (inside a write job). Branch and HQ admins publish at once; a
 * designer's publish opens a change request, and nothing takes effect until a branch
 * admin approves it.
 */
export function publishJob(deps: DomainDeps, ctx: RequestContext, row: DefinitionRow): { outcome: 'published' | 'pending_approval'; row: DefinitionRow; request?: ChangeRequestRow } {
  if (deps.definitions.pendingRequest(ctx, row.id)) throw new AppError('pending_approval');
  const content = draftContent(deps, row);
  if (row.version > 0 && sameJson(deps.definitions.version(ctx, row.id, row.version)?.definition, content.definition)) throw new AppError('nothing_to_publish');
  if (ctx.user.role === 'designer') {
    const now = deps.clock();
    const request = deps.definitions.insertRequest(ctx, { id: newId('chg', now), definitionId: row.id, orgId: row.orgId, status: 'pending', proposed: content.definition, overlay: content.overlay, templateVersion: content.templateVersion, requestedBy: ctx.user.id, requestedAt: now });
    const updated = deps.definitions.update(ctx, row.id, { status: 'pending_approval', updatedAt: now, updatedBy: ctx.user.id });
    deps.auditAs(ctx, { orgId: row.orgId, action: 'definition.request_publish', entity: 'definition', entityId: row.id, diff: { after: { changeRequestId: request.id, basedOnVersion: row.version } } });
    return { outcome: 'pending_approval', row: updated, request };
  }
  return { outcome: 'published', row: publishVersion(deps, ctx, row, content, null) };
}

/** Approve or reject the pending change request (inside a write job). Approval publishes the proposed version at once. */
export function decideJob(deps: DomainDeps, ctx: RequestContext, row: DefinitionRow, approve: boolean, comment: string | undefined): { row: DefinitionRow; request: ChangeRequestRow } {
  const pending = deps.definitions.pendingRequest(ctx, row.id);
  if (!pending) throw new AppError('change_request_not_found');
  const now = deps.clock();
  const request = deps.definitions.decideRequest(ctx, pending.id, { status: approve ? 'approved' : 'rejected', decidedBy: ctx.user.id, decidedAt: now, comment: comment ?? null });
  deps.auditAs(ctx, { orgId: row.orgId, action: approve ? 'definition.approve' : 'definition.reject', entity: 'definition', entityId: row.id, diff: { after: { changeRequestId: pending.id, requestedBy: pending.requestedBy, ...(comment ? { comment } : {}) } } });
  if (!approve) {
    const updated = deps.definitions.update(ctx, row.id, { status: statusAfterEdit(deps, ctx, row, row.draft), updatedAt: now });
    return { row: updated, request };
  }
  const published = publishVersion(deps, ctx, row, { definition: pending.proposed, overlay: pending.overlay, templateVersion: pending.templateVersion }, { changeRequestId: pending.id, requestedBy: pending.requestedBy });
  // Edits saved while the request waited stay a draft on top of the new version.
  const status = sameJson(row.draft, pending.proposed) ? 'published' : 'draft';
  const updated = deps.definitions.update(ctx, row.id, { status, draft: row.draft, overlay: row.overlay });
  return { row: status === 'published' ? published : updated, request };
}

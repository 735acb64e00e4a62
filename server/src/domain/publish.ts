/**
 * Publishing a definition version — the one place a version takes effect. Used by an
 * admin's publish, by the approval of a designer's change request ("approval before
 * effect": the version is written only here, at approval, and is in effect at once),
 * by instantiation with `publish` and by upgrades.
 */
import type { WorkflowDefinition } from '@branchline/schemas';
import type { RequestContext } from '../policy/context';
import type { DefinitionRow } from '../repos/definitions';
import type { DomainDeps } from './deps';

export interface VersionContent {
  definition: unknown;
  overlay: unknown;
  templateVersion: number | null;
}

/** Write the next version of `row` (inside a write job); returns the updated row. */
export function publishVersion(deps: DomainDeps, ctx: RequestContext | null, row: DefinitionRow, content: VersionContent, approval: { changeRequestId: string; requestedBy: string } | null): DefinitionRow {
  const now = deps.clock();
  const version = row.version + 1;
  const actor = ctx?.user.id ?? null;
  deps.definitions.insertVersion(ctx, {
    definitionId: row.id,
    version,
    definition: content.definition,
    overlay: content.overlay ?? null,
    templateVersion: content.templateVersion,
    publishedAt: now,
    publishedBy: approval ? approval.requestedBy : actor,
    approvedBy: approval ? actor : null,
    changeRequestId: approval?.changeRequestId ?? null,
  });
  const def = content.definition as { title: unknown; kind: string };
  const updated = deps.definitions.update(ctx, row.id, {
    version,
    status: 'published',
    draft: content.definition,
    overlay: content.overlay ?? null,
    templateVersion: content.templateVersion,
    title: def.title,
    updatedAt: now,
    updatedBy: actor,
  });
  if (def.kind === 'workflow') deps.subscriptions.forDefinition(row.id, row.orgId, row.templateKey, version, content.definition as WorkflowDefinition);
  deps.auditAs(ctx, {
    orgId: row.orgId,
    action: 'definition.publish',
    entity: 'definition',
    entityId: row.id,
    diff: { before: { version: row.version }, after: { version, templateVersion: content.templateVersion, ...(approval ? { changeRequestId: approval.changeRequestId, requestedBy: approval.requestedBy } : {}) } },
  });
  return updated;
}

/**
 * Switching a published workflow off and on. A branch opts in to HQ's opt-in workflows
 * (lead-routing, usage-drop-revisit, health-index) by instantiating and publishing them,
 * and opts out here; its own workflows likewise. Deactivated, the workflow's trigger
 * starts no new runs (the run catalog skips it); runs already in flight go on to their
 * end on their version. HQ's mandatory workflows cannot be switched off: the refusal is
 * the runtime's `checkDisable`, quoting HQ's policy.
 */
import { checkDisable } from '@branchline/runtime';
import { AppError } from '../errors/app-error';
import type { RequestContext } from '../policy/context';
import type { DefinitionRow } from '../repos/definitions';
import type { DomainDeps } from './deps';

/**
 * Set whether `row` starts new runs (inside a write job). Setting the state it is already
 * in answers it unchanged and audits nothing, since nothing changed.
 *
 * @example setActiveJob(svc, ctx, leadRouting, false) // → the row with active: false, audited definition.deactivate
 */
export function setActiveJob(deps: DomainDeps, ctx: RequestContext, row: DefinitionRow, active: boolean): DefinitionRow {
  if (row.kind !== 'workflow') throw new AppError('not_a_workflow');
  if (row.version < 1) throw new AppError('not_published');
  if (!active) refuseMandatory(deps, row);
  if (row.active === active) return row;
  const now = deps.clock();
  const updated = deps.definitions.update(ctx, row.id, { active, updatedAt: now, updatedBy: ctx.user.id });
  deps.auditAs(ctx, {
    orgId: row.orgId,
    action: active ? 'definition.activate' : 'definition.deactivate',
    entity: 'definition',
    entityId: row.id,
    diff: { before: { active: row.active, version: row.version }, after: { active, version: row.version } },
  });
  return updated;
}

/**
 * An instance of a mandatory workflow template cannot be switched off. Mandatory is read
 * from the template's newest version, as the run catalog does: that is the version whose
 * mandate is in force (HQ may mandate or release a workflow in a new version).
 */
function refuseMandatory(deps: DomainDeps, row: DefinitionRow): void {
  if (!row.templateKey) return;
  const newest = deps.templates.latest(row.templateKey);
  const template = newest ? deps.templates.doc(newest.key, newest.version) : undefined;
  const problems = template ? checkDisable(template) : [];
  if (problems.length) throw new AppError('mandatory_workflow', { problems });
}

/**
 * Moving a branch instance onto a newer template version by three-way merge
 * (`planUpgrade` in the runtime). A clean upgrade is applied and published at once by a
 * branch or HQ admin. With conflicts, only HQ may force it, and only after the version's
 * upgrade deadline: HQ's version wins and the branch's conflicting parts are set aside
 * (kept on the definition, not deleted).
 */
import { forceUpgrade, planUpgrade, type UpgradePlan } from '@branchline/runtime';
import type { Overlay, Template, UpgradePlan as UpgradePlanBody } from '@branchline/schemas';
import { AppError } from '../errors/app-error';
import { iso } from '../ids';
import type { RequestContext } from '../policy/context';
import type { DefinitionRow } from '../repos/definitions';
import type { DomainDeps } from './deps';
import { checkDefinition } from './definition-checks';
import { publishVersion } from './publish';
import { emptyOverlay } from './templates';

interface Plan {
  from: Template;
  to: Template;
  deadline: number | null;
  plan: UpgradePlan;
}

function makePlan(deps: DomainDeps, row: DefinitionRow, toVersion: number | undefined): Plan {
  if (!row.templateKey || !row.templateVersion) throw new AppError('conflict', { detail: 'This definition is not an instance of a template.' });
  const from = deps.templates.doc(row.templateKey, row.templateVersion);
  const latest = deps.templates.latest(row.templateKey);
  const target = toVersion ?? latest?.version;
  const to = target ? deps.templates.doc(row.templateKey, target) : undefined;
  if (!from || !to) throw new AppError('template_not_found');
  if (to.version <= from.version) throw new AppError('conflict', { detail: `The instance is already on version ${from.version}.` });
  const overlay = (row.overlay as Overlay | null) ?? emptyOverlay(from);
  return { from, to, deadline: deps.templates.get(to.key, to.version)!.upgradeDeadline, plan: planUpgrade(from, to, overlay) };
}

const canForce = (deps: DomainDeps, ctx: RequestContext, deadline: number | null) => ctx.user.role === 'hq_admin' && deadline !== null && deps.clock() >= deadline;

/** What an upgrade to the newest (or `to`) version would do. */
export function describeUpgrade(deps: DomainDeps, ctx: RequestContext, row: DefinitionRow, toVersion?: number): UpgradePlanBody {
  const p = makePlan(deps, row, toVersion);
  const out: UpgradePlanBody = {
    from: p.from.version,
    to: p.to.version,
    clean: p.plan.status === 'clean',
    conflicts: p.plan.conflicts.map((c) => ({ ...c, pointer: `/overlay${c.pointer}` })),
    canForce: canForce(deps, ctx, p.deadline),
    preview: p.plan.definition,
  };
  if (p.deadline !== null) out.deadline = iso(p.deadline);
  return out;
}

/** Apply an upgrade (inside a write job) and publish the result. */
export function applyUpgradeJob(deps: DomainDeps, ctx: RequestContext, row: DefinitionRow, toVersion: number | undefined, force: boolean): DefinitionRow {
  if (deps.definitions.pendingRequest(row.id)) throw new AppError('pending_approval');
  const p = makePlan(deps, row, toVersion);
  let result: Omit<UpgradePlan, 'status'> = p.plan;
  if (p.plan.status === 'conflicts') {
    if (!force) throw new AppError('upgrade_conflicts', { problems: p.plan.conflicts.map((c) => ({ ...c, pointer: `/overlay${c.pointer}` })) });
    if (ctx.user.role !== 'hq_admin') throw new AppError('forbidden', { detail: 'Only HQ may force an upgrade with conflicts.' });
    if (!canForce(deps, ctx, p.deadline)) throw new AppError('upgrade_conflicts', { detail: p.deadline === null ? 'This template version has no upgrade deadline, so it cannot be forced.' : `It can be forced after ${iso(p.deadline)}.` });
    result = forceUpgrade(p.from, p.to, (row.overlay as Overlay | null) ?? emptyOverlay(p.from));
  }
  checkDefinition(deps, result.definition, row.orgId);
  const now = deps.clock();
  const setAside = result.setAside.length ? [...(((row.setAside as unknown[] | null) ?? []) as unknown[]), { at: iso(now), from: p.from.version, to: p.to.version, changes: result.setAside, conflicts: result.conflicts }] : row.setAside;
  const moved = deps.definitions.update(row.id, { templateVersion: p.to.version, overlay: result.overlay, draft: result.definition, setAside, updatedAt: now, updatedBy: ctx.user.id });
  deps.auditAs(ctx, {
    orgId: row.orgId,
    action: force ? 'definition.force_upgrade' : 'definition.upgrade',
    entity: 'definition',
    entityId: row.id,
    diff: { before: { templateVersion: p.from.version }, after: { templateVersion: p.to.version, ...(result.setAside.length ? { setAside: result.setAside } : {}) } },
  });
  return publishVersion(deps, ctx, moved, { definition: result.definition, overlay: result.overlay, templateVersion: p.to.version }, null);
}

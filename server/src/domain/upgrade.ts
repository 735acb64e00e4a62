/**
 * Moving a branch instance onto a newer template version by three-way merge
 * (`planUpgrade` in the runtime). A clean upgrade is applied and published at once by a
 * branch or HQ admin. With conflicts, only HQ may force it, and only after the version's
 * upgrade deadline: HQ's version wins and the branch's conflicting parts are set aside
 * (kept on the definition, not deleted).
 */
import { checkLocks, deriveOverlay, forceUpgrade, planUpgrade, resolveTemplate, validateDefinition, type UpgradePlan } from '@branchline/runtime';
import type { Overlay, OverlayChange, Problem, Template, UpgradePlan as UpgradePlanBody, UpgradeResolution } from '@branchline/schemas';
import type { ValidateOptions } from '@branchline/runtime';
import { AppError } from '../errors/app-error';
import { iso } from '../ids';
import type { RequestContext } from '../policy/context';
import type { DefinitionRow } from '../repos/definitions';
import type { DomainDeps } from './deps';
import { checkDefinition } from './definition-checks';
import { publishVersion } from './publish';
import { withSetAside } from './set-aside';
import { emptyOverlay } from './templates';

interface Plan {
  from: Template;
  to: Template;
  deadline: number | null;
  plan: UpgradePlan;
  /** Workflows are checked against the trigger form as the instance's org sees it. */
  options: ValidateOptions;
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
  const options: ValidateOptions = { resolveForm: (key: string) => deps.forms.formByKey(key, row.orgId) };
  return { from, to, deadline: deps.templates.get(to.key, to.version)!.upgradeDeadline, plan: planUpgrade(from, to, overlay, options), options };
}

const canForce = (deps: DomainDeps, ctx: RequestContext, deadline: number | null) => ctx.user.role === 'hq_admin' && deadline !== null && deps.clock() >= deadline;

/** What an upgrade to the newest (or `to`) version would do. */
export function describeUpgrade(deps: DomainDeps, ctx: RequestContext, row: DefinitionRow, toVersion?: number): UpgradePlanBody {
  const p = makePlan(deps, row, toVersion);
  const out: UpgradePlanBody = {
    from: p.from.version,
    to: p.to.version,
    clean: p.plan.status === 'clean',
    conflicts: p.plan.conflicts.map((c, i) => ({ ...c, pointer: `/overlay${c.pointer}`, keepable: keepProblems(p, [{ conflict: i, choice: 'mine' }]).length === 0 })),
    canForce: canForce(deps, ctx, p.deadline),
    preview: p.plan.definition,
  };
  if (p.deadline !== null) out.deadline = iso(p.deadline);
  return out;
}

/** Apply an upgrade (inside a write job) and publish the result. */
export function applyUpgradeJob(deps: DomainDeps, ctx: RequestContext, row: DefinitionRow, toVersion: number | undefined, force: boolean, resolutions?: readonly UpgradeResolution[]): DefinitionRow {
  if (deps.definitions.pendingRequest(ctx, row.id)) throw new AppError('pending_approval');
  const p = makePlan(deps, row, toVersion);
  let result: Omit<UpgradePlan, 'status'> = p.plan;
  if (p.plan.status === 'conflicts' && resolutions && !force) result = resolve(p, resolutions);
  else if (p.plan.status === 'conflicts') {
    if (!force) throw new AppError('upgrade_conflicts', { problems: p.plan.conflicts.map((c) => ({ ...c, pointer: `/overlay${c.pointer}` })) });
    if (ctx.user.role !== 'hq_admin') throw new AppError('forbidden', { detail: 'Only HQ may force an upgrade with conflicts.' });
    if (!canForce(deps, ctx, p.deadline)) throw new AppError('upgrade_conflicts', { detail: p.deadline === null ? 'This template version has no upgrade deadline, so it cannot be forced.' : `It can be forced after ${iso(p.deadline)}.` });
    result = forceUpgrade(p.from, p.to, (row.overlay as Overlay | null) ?? emptyOverlay(p.from), p.options);
  }
  checkDefinition(deps, result.definition, row.orgId);
  const now = deps.clock();
  const setAside = result.setAside.length ? withSetAside(row, result, now, p.to.version) : row.setAside;
  const moved = deps.definitions.update(ctx, row.id, { templateVersion: p.to.version, overlay: result.overlay, draft: result.definition, setAside, updatedAt: now, updatedBy: ctx.user.id });
  deps.auditAs(ctx, {
    orgId: row.orgId,
    // Only a conflicting upgrade is forced; `force` on a clean one is a plain upgrade.
    action: force && p.plan.status === 'conflicts' ? 'definition.force_upgrade' : 'definition.upgrade',
    entity: 'definition',
    entityId: row.id,
    diff: { before: { templateVersion: p.from.version }, after: { templateVersion: p.to.version, ...(result.setAside.length ? { setAside: result.setAside } : {}), ...(resolutions?.length && !force ? { resolutions } : {}) } },
  });
  return publishVersion(deps, ctx, moved, { definition: result.definition, overlay: result.overlay, templateVersion: p.to.version }, null);
}

/** The branch's set-aside changes of the conflicts resolved with `choice`, each with the resolution's index. */
function changesOf(p: Plan, resolutions: readonly UpgradeResolution[], choice: UpgradeResolution['choice']): { change: OverlayChange; at: number }[] {
  return resolutions.flatMap((r, at) => {
    if (r.choice !== choice) return [];
    const indices = (p.plan.conflicts[r.conflict]?.params?.setAside as number[] | undefined) ?? [];
    return indices.map((i) => ({ change: p.plan.setAside[i]!, at }));
  });
}

/** The overlay with the branch's parts of the "keep mine" conflicts re-applied on top of the rebased one. */
function keptOverlay(p: Plan, resolutions: readonly UpgradeResolution[]): { overlay: Overlay; kept: { change: OverlayChange; at: number }[] } {
  const kept = changesOf(p, resolutions, 'mine');
  return { overlay: { ...p.plan.overlay, changes: [...p.plan.overlay.changes, ...kept.map((k) => k.change)] }, kept };
}

/**
 * Why keeping the branch's side of these conflicts is refused: a change that no longer
 * applies, one the new version's locks refuse, or one that would make the definition
 * invalid (what `breaks_after_upgrade` set aside) — pointed at `/resolutions/<i>`.
 */
function keepProblems(p: Plan, resolutions: readonly UpgradeResolution[]): Problem[] {
  const { overlay, kept } = keptOverlay(p, resolutions);
  if (kept.length === 0) return [];
  const base = p.plan.overlay.changes.length;
  const at = (pointer: string) => {
    const i = Number(/^\/changes\/(\d+)/.exec(pointer)?.[1] ?? -1);
    return i >= base ? kept[i - base]!.at : kept[0]!.at;
  };
  const problems = [...resolveTemplate(p.to, overlay).problems, ...checkLocks(p.to, overlay)];
  if (problems.length) return problems.map((x) => ({ ...x, pointer: `/resolutions/${at(x.pointer)}` }));
  return brokenByKeeping(p, resolutions);
}

/** Each "keep mine" on its own: the semantic problems it would add to the plan's definition. */
function brokenByKeeping(p: Plan, resolutions: readonly UpgradeResolution[]): Problem[] {
  const said = (def: unknown) => validateDefinition(def, p.options).filter((x) => x.severity !== 'warning');
  const before = new Set(said(p.plan.definition).map((x) => `${x.code}|${x.message.en}`));
  return resolutions.flatMap((r, j) => {
    if (r.choice !== 'mine') return [];
    const { overlay } = keptOverlay(p, [r]);
    return said(resolveTemplate(p.to, overlay).definition)
      .filter((x) => !before.has(`${x.code}|${x.message.en}`))
      .map((x) => ({ ...x, pointer: `/resolutions/${j}`, params: { ...x.params, definitionPointer: x.pointer } }));
  });
}

/**
 * A branch admin's answer to every conflict: keep the branch's part ("mine", re-applied
 * on HQ's new version if it still applies and HQ's locks allow it), take HQ's ("hq": the
 * branch's part is dropped), or set it aside ("aside": kept on the definition for later).
 */
function resolve(p: Plan, resolutions: readonly UpgradeResolution[]): Omit<UpgradePlan, 'status'> {
  const n = p.plan.conflicts.length;
  const unresolved: Problem[] = [];
  for (let i = 0; i < n; i++) {
    const count = resolutions.filter((r) => r.conflict === i).length;
    if (count !== 1) unresolved.push({ pointer: '/resolutions', code: count ? 'duplicate' : 'unresolved', message: count ? { en: `Conflict ${i} is resolved more than once.`, 'zh-CN': `冲突 ${i} 被解决了多次。` } : { en: `Conflict ${i} has no resolution.`, 'zh-CN': `冲突 ${i} 尚未解决。` }, params: { conflict: i } });
  }
  resolutions.forEach((r, j) => {
    if (r.conflict >= n) unresolved.push({ pointer: `/resolutions/${j}/conflict`, code: 'unknown_conflict', message: { en: `There is no conflict ${r.conflict} (the plan has ${n}).`, 'zh-CN': `不存在冲突 ${r.conflict}（共 ${n} 个）。` } });
  });
  if (unresolved.length) throw new AppError('validation_failed', { problems: unresolved });
  const refused = keepProblems(p, resolutions);
  if (refused.length) throw new AppError('upgrade_conflicts', { problems: refused });
  const { overlay } = keptOverlay(p, resolutions);
  const definition = resolveTemplate(p.to, overlay).definition;
  // What is set aside is stored with its conflicts, their `setAside` indices renumbered into it.
  const setAside: OverlayChange[] = [];
  const conflicts = resolutions
    .filter((r) => r.choice === 'aside')
    .map((r) => {
      const c = p.plan.conflicts[r.conflict]!;
      const indices = ((c.params?.setAside as number[] | undefined) ?? []).map((i) => setAside.push(p.plan.setAside[i]!) - 1);
      return { ...c, params: { ...c.params, setAside: indices } };
    });
  return { template: p.plan.template, overlay: deriveOverlay(p.to, definition, overlay.title), definition, setAside, conflicts };
}

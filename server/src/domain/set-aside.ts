/**
 * The branch changes an upgrade set aside (HQ's version won a conflict, or HQ forced
 * the instance after its deadline): kept on the definition (`definitions.set_aside`),
 * listed on its detail, and — by a branch admin — re-applied to the draft or discarded.
 * Re-applying goes through the same checks as any edit of the draft: the change must
 * still apply, HQ's locks must allow it, and it may not make the definition invalid.
 */
import { resolveTemplate } from '@branchline/runtime';
import type { Overlay, OverlayChange, Problem, SetAsideEntry } from '@branchline/schemas';
import { AppError, type LocatedProblem } from '../errors/app-error';
import { iso } from '../ids';
import type { RequestContext } from '../policy/context';
import type { DefinitionRow } from '../repos/definitions';
import type { DomainDeps } from './deps';
import { checkDefinition, checkInstanceEdit } from './definition-checks';
import { saveJob } from './definitions';
import { emptyOverlay } from './templates';

/** The upgrade's result as far as setting aside goes: the changes and the conflicts that index them. */
interface AsideResult {
  readonly setAside: readonly OverlayChange[];
  readonly conflicts: readonly Problem[];
}

/** Stored before set-aside entries were kept one per change: one batch per upgrade. */
interface LegacyBatch {
  at: string;
  to: number;
  changes: OverlayChange[];
  conflicts: Problem[];
}

const isLegacy = (x: unknown): x is LegacyBatch => typeof x === 'object' && x !== null && Array.isArray((x as LegacyBatch).changes);

/** One entry per change, each with the conflict that set it aside (what the branch admin reads). */
function entriesOf(result: AsideResult, at: string, templateVersion: number): SetAsideEntry[] {
  return result.setAside.map((change, i) => {
    const c = result.conflicts.find((x) => ((x.params?.setAside as number[] | undefined) ?? []).includes(i));
    const { setAside: _indices, ...params } = c?.params ?? {};
    const reason: SetAsideEntry['reason'] = c
      ? { code: c.code, message: c.message, params }
      : { code: 'set_aside', message: { en: 'Set aside by the upgrade.', 'zh-CN': '升级时已暂存。' } };
    return { change, reason, at, templateVersion };
  });
}

/** The set-aside changes of a definition, oldest first (older rows hold one batch per upgrade). */
export function setAsideOf(row: DefinitionRow): SetAsideEntry[] {
  const raw = row.setAside as unknown[] | null;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((x) => (isLegacy(x) ? entriesOf({ setAside: x.changes, conflicts: x.conflicts }, x.at, x.to) : [x as SetAsideEntry]));
}

/** The stored list after an upgrade set `result` aside (null when there is nothing). */
export function withSetAside(row: DefinitionRow, result: AsideResult, at: number, templateVersion: number): SetAsideEntry[] | null {
  const all = [...setAsideOf(row), ...entriesOf(result, iso(at), templateVersion)];
  return all.length ? all : null;
}

function entryAt(row: DefinitionRow, index: string): { entries: SetAsideEntry[]; i: number; entry: SetAsideEntry } {
  const entries = setAsideOf(row);
  const i = /^\d{1,6}$/.test(index) ? Number(index) : -1;
  const entry = entries[i];
  if (!row.templateKey || !entry) throw new AppError('set_aside_not_found');
  return { entries, i, entry };
}

const said = (ps: readonly Problem[]) => new Set(ps.map((p) => `${p.code}|${p.message.en}`));

/**
 * Apply set-aside change `index` to the draft (inside a write job) and drop it from the
 * list. 422 `set_aside_does_not_fit` (pointers at `/setAside/<index>/change…`, or into the
 * definition with `params.setAside`) when it no longer applies or would make the draft
 * invalid; 422 `locked_element` when HQ's locks refuse it, as for any edit.
 */
export function reapplySetAsideJob(deps: DomainDeps, ctx: RequestContext, row: DefinitionRow, index: string): DefinitionRow {
  const { entries, i, entry } = entryAt(row, index);
  const template = deps.templates.doc(row.templateKey!, row.templateVersion!);
  if (!template) throw new AppError('template_not_found');
  const overlay = (row.overlay as Overlay | null) ?? emptyOverlay(template);
  const n = overlay.changes.length;
  const resolved = resolveTemplate(template, { ...overlay, changes: [...overlay.changes, entry.change as OverlayChange] });
  const own = `/changes/${n}`;
  const notApplied = resolved.problems.filter((p) => p.pointer === own || p.pointer.startsWith(`${own}/`));
  if (notApplied.length) throw new AppError('set_aside_does_not_fit', { problems: notApplied.map((p) => ({ ...p, pointer: `/setAside/${i}/change${p.pointer.slice(own.length)}` })) });
  // The same checks as saving the edited draft: locks (422 locked_element), shape, semantics.
  const after = checkInstanceEdit(deps, template, resolved.definition, row.orgId, '/definition', 'draft');
  const before = said(checkDefinition(deps, row.draft as Parameters<typeof checkDefinition>[1], row.orgId, '/definition', 'draft'));
  const broken: LocatedProblem[] = after.problems.filter((p) => !before.has(`${p.code}|${p.message.en}`)).map((p) => ({ ...p, params: { ...p.params, setAside: i } }));
  if (broken.length) throw new AppError('set_aside_does_not_fit', { problems: broken });
  saveJob(deps, ctx, row, resolved.definition);
  const rest = entries.filter((_, j) => j !== i);
  deps.auditAs(ctx, { orgId: row.orgId, action: 'definition.set_aside.reapply', entity: 'definition', entityId: row.id, diff: { before: { setAside: entry } } });
  return deps.definitions.update(ctx, row.id, { setAside: rest.length ? rest : null });
}

/** Drop set-aside change `index` for good (inside a write job); audited with what was dropped. */
export function discardSetAsideJob(deps: DomainDeps, ctx: RequestContext, row: DefinitionRow, index: string): DefinitionRow {
  const { entries, i, entry } = entryAt(row, index);
  const rest = entries.filter((_, j) => j !== i);
  deps.auditAs(ctx, { orgId: row.orgId, action: 'definition.set_aside.discard', entity: 'definition', entityId: row.id, diff: { before: { setAside: entry } } });
  return deps.definitions.update(ctx, row.id, { setAside: rest.length ? rest : null, updatedAt: deps.clock(), updatedBy: ctx.user.id });
}

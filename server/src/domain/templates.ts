/**
 * Template operations: publish a template version (HQ), instantiate it for a branch,
 * report which branches use which version. Validation is the runtime's: the same
 * two-layer check the editor and the CLI run.
 */
import { SCHEMA_VERSION, type Overlay, type Template } from '@branchline/schemas';
import type { TemplateSummary, TemplateDetail, TemplateUsage } from '@branchline/schemas';
import { validateDefinition } from '@branchline/runtime';
import { AppError, underPointer } from '../errors/app-error';
import { iso, newId } from '../ids';
import type { RequestContext } from '../policy/context';
import type { TemplateRow } from '../repos/templates';
import type { DomainDeps } from './deps';
import { publishVersion } from './publish';
import { scheduleProblems } from './cron';

export function templateSummary(row: TemplateRow, versions: number[]): TemplateSummary {
  const doc = row.document as Template;
  const out: TemplateSummary = {
    key: row.key,
    version: row.version,
    kind: row.kind as 'form' | 'workflow',
    title: doc.title,
    locks: doc.locks,
    mandatory: row.mandatory,
    versions,
    publishedAt: iso(row.publishedAt),
  };
  if (doc.description) out.description = doc.description;
  if (doc.extensions) out.extensions = doc.extensions;
  if (row.upgradeDeadline !== null) out.upgradeDeadline = iso(row.upgradeDeadline);
  return out;
}

export function templateDetail(row: TemplateRow, versions: number[]): TemplateDetail {
  const out: TemplateDetail = { key: row.key, version: row.version, kind: row.kind as 'form' | 'workflow', mandatory: row.mandatory, publishedAt: iso(row.publishedAt), versions, template: row.document };
  if (row.upgradeDeadline !== null) out.upgradeDeadline = iso(row.upgradeDeadline);
  return out;
}

/** Check a template document; returns it typed, or throws a 422 with pointers under `/template`. */
export function checkTemplate(deps: DomainDeps, doc: unknown): Template {
  const problems = validateDefinition(doc, { resolveForm: (key: string) => deps.forms.formByKey(key) });
  // A workflow template's schedule is checked as a branch workflow's is (cron and time zone, server-side).
  const definition = (doc as { definition?: { kind?: unknown; trigger?: unknown } } | null)?.definition;
  if (!problems.length && definition?.kind === 'workflow') problems.push(...scheduleProblems(definition, '/definition', deps.clock()));
  if (problems.length) throw new AppError('definition_invalid', { problems: underPointer('/template', problems) });
  const t = doc as Template;
  if ((t as { kind?: unknown }).kind !== 'template') throw new AppError('definition_invalid', { problems: [{ pointer: '/template/kind', code: 'wrong_value', message: { en: 'Must be "template".', 'zh-CN': '必须是 "template"。' } }] });
  return t;
}

/**
 * Publish a template version: the first of a key is version 1, each next one the
 * newest + 1. Runs inside a write job (with the report fields and audit entry).
 */
export function publishTemplateJob(deps: DomainDeps, ctx: RequestContext | null, t: Template, upgradeDeadline: number | null): TemplateRow {
  const latest = deps.templates.latest(t.key);
  const expected = (latest?.version ?? 0) + 1;
  if (t.version !== expected) {
    throw new AppError('conflict', {
      detail: `Template "${t.key}" is at version ${latest?.version ?? 0}; publish version ${expected}.`,
      problems: [{ pointer: '/template/version', code: 'wrong_version', message: { en: `Must be ${expected}, the next version of "${t.key}".`, 'zh-CN': `必须是 ${expected}，即"${t.key}"的下一个版本。` }, params: { expected } }],
    });
  }
  const now = deps.clock();
  const row = { key: t.key, version: t.version, kind: t.definition.kind, title: t.title, document: t, mandatory: t.mandatory === true, upgradeDeadline, publishedAt: now, publishedBy: ctx?.user.id ?? null };
  deps.templates.insert(row);
  deps.rollups.registerTemplate(t);
  deps.subscriptions.forTemplate(t);
  deps.auditAs(ctx, { orgId: ctx?.user.orgId ?? null, action: 'template.publish', entity: 'template', entityId: `${t.key}@${t.version}`, diff: { after: { key: t.key, version: t.version, mandatory: row.mandatory, locks: t.locks.length } } });
  return deps.templates.get(t.key, t.version)!;
}

export const emptyOverlay = (t: Template): Overlay => ({ schemaVersion: SCHEMA_VERSION, kind: 'overlay', template: { key: t.key, version: t.version }, changes: [] });

/** Create a branch instance of the newest version of template `key` (inside a write job). Returns the definition id. */
export function instantiateJob(deps: DomainDeps, ctx: RequestContext | null, key: string, orgId: string, publish: boolean): string {
  const latest = deps.templates.latest(key);
  if (!latest) throw new AppError('template_not_found');
  const t = deps.templates.doc(key, latest.version)!;
  const now = deps.clock();
  const id = newId('def', now);
  const row = deps.definitions.insert(ctx, {
    id,
    orgId,
    kind: t.definition.kind,
    key: t.definition.key,
    title: t.definition.title,
    status: 'draft',
    version: 0,
    draft: t.definition,
    overlay: emptyOverlay(t),
    templateKey: t.key,
    templateVersion: t.version,
    mandatory: t.mandatory === true,
    createdBy: ctx?.user.id ?? null,
    createdAt: now,
    updatedBy: ctx?.user.id ?? null,
    updatedAt: now,
  });
  deps.auditAs(ctx, { orgId, action: 'definition.instantiate', entity: 'definition', entityId: id, diff: { after: { templateKey: t.key, templateVersion: t.version, orgId } } });
  if (publish) publishVersion(deps, ctx, row, { definition: t.definition, overlay: emptyOverlay(t), templateVersion: t.version }, null);
  return id;
}

export function templateUsage(deps: DomainDeps, ctx: RequestContext, key: string): TemplateUsage {
  const latest = deps.templates.latest(key);
  if (!latest) throw new AppError('template_not_found');
  const items = deps.definitions.instancesOf(ctx, key).map((d) => ({
    definitionId: d.id,
    orgId: d.orgId,
    templateVersion: d.templateVersion ?? 0,
    version: d.version,
    status: d.status,
    active: d.active,
    upToDate: d.templateVersion === latest.version,
  }));
  const byVersion: Record<string, number> = {};
  for (const i of items) byVersion[String(i.templateVersion)] = (byVersion[String(i.templateVersion)] ?? 0) + 1;
  return { key, latestVersion: latest.version, items, byVersion };
}

/**
 * Export / import of definitions: a self-describing JSON file. Importing never trusts
 * the file: a template instance is re-derived from the template version named in the
 * file and checked against HQ's locks like any edit; an own definition is validated.
 */
import type { DefinitionExport } from '@branchline/schemas';
import { AppError } from '../errors/app-error';
import { iso, newId } from '../ids';
import type { RequestContext } from '../policy/context';
import type { DefinitionRow } from '../repos/definitions';
import type { DomainDeps } from './deps';
import { checkDefinition, checkIdentity, checkInstanceEdit } from './definition-checks';

export function exportDefinition(deps: DomainDeps, row: DefinitionRow): DefinitionExport {
  const out: DefinitionExport = {
    format: 'branchline.definition',
    formatVersion: 1,
    exportedAt: iso(deps.clock()),
    source: { id: row.id, orgId: row.orgId, version: row.version, status: row.status as DefinitionExport['source']['status'] },
    kind: row.kind as 'form' | 'workflow',
    key: row.key,
    definition: row.draft,
  };
  if (row.templateKey && row.templateVersion) {
    out.template = { key: row.templateKey, version: row.templateVersion };
    if (row.overlay) out.overlay = row.overlay;
  }
  return out;
}

/** Create a draft from an export file (inside a write job). */
export function importJob(deps: DomainDeps, ctx: RequestContext, file: DefinitionExport, orgId: string): DefinitionRow {
  checkIdentity(file.definition, { kind: file.kind, key: file.key }, '/file/definition');
  let draft: unknown = file.definition;
  let overlay: unknown = null;
  if (file.template) {
    const t = deps.templates.doc(file.template.key, file.template.version);
    if (!t) {
      throw new AppError('template_not_found', { problems: [{ pointer: '/file/template', code: 'template_not_found', message: { en: `Template ${file.template.key} version ${file.template.version} is not published on this server.`, 'zh-CN': `本服务器上没有模板 ${file.template.key} 的第 ${file.template.version} 版。` } }] });
    }
    const checked = checkInstanceEdit(deps, t, file.definition, orgId, '/file/definition');
    draft = checked.definition;
    overlay = checked.overlay;
  } else checkDefinition(deps, file.definition, orgId, '/file/definition');
  const now = deps.clock();
  const id = newId('def', now);
  const def = draft as { kind: string; key: string; title: unknown };
  const row = deps.definitions.insert(ctx, {
    id, orgId, kind: def.kind, key: def.key, title: def.title, status: 'draft', version: 0, draft, overlay,
    templateKey: file.template?.key ?? null, templateVersion: file.template?.version ?? null, mandatory: false,
    createdBy: ctx.user.id, createdAt: now, updatedBy: ctx.user.id, updatedAt: now,
  });
  deps.auditAs(ctx, { orgId, action: 'definition.import', entity: 'definition', entityId: id, diff: { after: { kind: def.kind, key: def.key, from: file.source.id, ...(file.template ? { template: file.template } : {}) } } });
  return row;
}

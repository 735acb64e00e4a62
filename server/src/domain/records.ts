/**
 * Records: submit (validated and computed by the runtime's form engine against the
 * published version), change, soft-delete. Each change writes the record, its rollup
 * rows, its audit entry and whatever the record listeners add (workflow runs) in one
 * write job, so a 201 means all of it is committed.
 */
import type { Problem, RecordItem } from '@branchline/schemas';
import { AppError, underPointer } from '../errors/app-error';
import { canonicalJson } from '../audit/canonical';
import { iso, newId } from '../ids';
import type { RequestContext } from '../policy/context';
import { ownOnly } from '../policy/permissions';
import type { DefinitionMeta } from '../repos/definitions';
import type { RecordRow } from '../repos/records';
import type { DomainDeps } from './deps';
import type { RecordEvent } from './record-events';

type Data = Record<string, unknown>;

/** Validate `data` against the published version of form `def`; returns the stored values (computed fields filled). */
export function validateSubmission(deps: DomainDeps, def: DefinitionMeta, data: unknown): Data {
  if (def.kind !== 'form') throw new AppError('not_a_form');
  if (def.version === 0) throw new AppError('not_published');
  const form = deps.forms.compiled(def.id, def.version);
  if (!form) throw new AppError('not_a_form');
  const result = form.validate(data, { now: deps.clock() });
  if (!result.ok) throw new AppError('record_invalid', { problems: underPointer('/data', result.problems as Problem[]) });
  return result.record;
}

function notify(deps: DomainDeps, event: RecordEvent): void {
  for (const listener of deps.recordListeners) listener(event);
}

/** Insert a validated record (inside a write job). `notify: false` stores history without starting workflows (demo seed, imports). */
export function insertRecordJob(deps: DomainDeps, ctx: RequestContext | null, def: DefinitionMeta, data: Data, ownerId: string, at = deps.clock(), opts: { notify?: boolean } = {}): RecordItem {
  return insertRecord(deps, ctx, def, data, ownerId, at, opts).item;
}

/** {@link insertRecordJob}, also giving the JSON text of the stored data (for {@link recordItemJson}). */
export function insertRecord(deps: DomainDeps, ctx: RequestContext | null, def: DefinitionMeta, data: Data, ownerId: string, at = deps.clock(), opts: { notify?: boolean } = {}): { item: RecordItem; dataJson: string } {
  const id = newId('rec', at);
  const row: RecordRow = {
    id, orgId: def.orgId, definitionId: def.id, definitionVersion: def.version, definitionKey: def.key, templateKey: def.templateKey,
    ownerId, data, search: '', rev: 1, createdBy: ctx?.user.id ?? ownerId, createdAt: at, updatedAt: at, deletedAt: null,
  };
  // Serialised once: the row's data, the audit entry's diff (`JSON.stringify({after: data})`) and the response share the text.
  const dataJson = JSON.stringify(data);
  deps.records.insert(row as RecordRow & { data: Data }, dataJson);
  if (def.templateKey) deps.rollups.apply(def.templateKey, def.orgId, at, data, 1);
  deps.auditAs(ctx, { orgId: def.orgId, action: 'record.create', entity: 'record', entityId: id, diff: { after: data }, diffJson: `{"after":${dataJson}}` });
  if (opts.notify !== false && deps.recordListeners.length) notify(deps, { type: 'created', record: row, changed: Object.keys(data), ctx, at });
  const createdAt = iso(at);
  const item: RecordItem = { id, orgId: def.orgId, definitionId: def.id, definitionVersion: def.version, definitionKey: def.key, templateKey: def.templateKey, ownerId, data, rev: 1, createdAt, updatedAt: createdAt };
  return { item, dataJson };
}

const str = JSON.stringify;

/**
 * The JSON of a RecordItem as its response schema writes it (same properties, same
 * order), with the data's text given: a submission serialises its data once.
 */
export function recordItemJson(r: RecordItem, dataJson: string = JSON.stringify(r.data)): string {
  return (
    `{"id":${str(r.id)},"orgId":${str(r.orgId)},"definitionId":${str(r.definitionId)},"definitionVersion":${str(r.definitionVersion)},` +
    `"definitionKey":${str(r.definitionKey)},"templateKey":${str(r.templateKey)},"ownerId":${str(r.ownerId)},"data":${dataJson},` +
    `"rev":${str(r.rev)},"createdAt":${str(r.createdAt)},"updatedAt":${str(r.updatedAt)}}`
  );
}

/** The record, if the caller may see it and (for owner-only roles) change it. */
export function recordForChange(deps: DomainDeps, ctx: RequestContext, id: string, permission: 'records.update' | 'records.delete'): RecordRow {
  const row = deps.records.get(ctx, id);
  if (!row) throw new AppError('record_not_found');
  if (ownOnly(permission, ctx.user.role) && row.ownerId !== ctx.user.id) throw new AppError('not_owner');
  return row;
}

/** Merge a patch (null clears a field), revalidate against the definition's published version, and store (inside a write job). */
export function patchRecordJob(deps: DomainDeps, ctx: RequestContext, id: string, patch: Data, rev: number | undefined): RecordItem {
  const before = recordForChange(deps, ctx, id, 'records.update');
  if (rev !== undefined && rev !== before.rev) throw new AppError('stale_revision', { detail: `The record is at rev ${before.rev}.` });
  const def = deps.definitions.get(ctx, before.definitionId)!;
  const merged: Data = { ...(before.data as Data) };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete merged[k];
    else merged[k] = v;
  }
  const data = validateSubmission(deps, def, merged);
  const old = before.data as Data;
  const changed = [...new Set([...Object.keys(old), ...Object.keys(data)])].filter((k) => canonicalJson(old[k]) !== canonicalJson(data[k]));
  const at = deps.clock();
  const after: RecordRow = { ...before, data, rev: before.rev + 1, updatedAt: at, definitionVersion: def.version };
  if (changed.length > 0) {
    deps.records.update(id, { data, rev: after.rev, updatedAt: at, definitionVersion: def.version });
    if (before.templateKey) {
      deps.rollups.apply(before.templateKey, before.orgId, before.createdAt, old, -1);
      deps.rollups.apply(before.templateKey, before.orgId, before.createdAt, data, 1);
    }
    const b: Data = {};
    const a: Data = {};
    for (const k of changed) {
      if (k in old) b[k] = old[k];
      if (k in data) a[k] = data[k];
    }
    deps.auditAs(ctx, { orgId: before.orgId, action: 'record.update', entity: 'record', entityId: id, diff: { before: b, after: a } });
    if (deps.recordListeners.length) notify(deps, { type: 'updated', record: after, before, changed, ctx, at });
  }
  const row = changed.length > 0 ? after : before;
  return { id, orgId: row.orgId, definitionId: row.definitionId, definitionVersion: row.definitionVersion, definitionKey: row.definitionKey, templateKey: row.templateKey, ownerId: row.ownerId, data: row.data as Data, rev: row.rev, createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt) };
}

/** Soft-delete (inside a write job): the row stays, marked deleted, and leaves the rollups. */
export function deleteRecordJob(deps: DomainDeps, ctx: RequestContext, id: string): void {
  const before = recordForChange(deps, ctx, id, 'records.delete');
  const at = deps.clock();
  deps.records.softDelete(id, at);
  if (before.templateKey) deps.rollups.apply(before.templateKey, before.orgId, before.createdAt, before.data as Data, -1);
  deps.auditAs(ctx, { orgId: before.orgId, action: 'record.delete', entity: 'record', entityId: id, diff: { before: before.data } });
  if (deps.recordListeners.length) notify(deps, { type: 'deleted', record: { ...before, deletedAt: at }, before, changed: [], ctx, at });
}

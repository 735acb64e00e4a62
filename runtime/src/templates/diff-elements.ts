/**
 * The overlay changes that turn one element into another: a field (with new select
 * options as `option.add`, everything else as a wholesale `field.update`), or any
 * element with an id (section, rule, node, edge) as `*.update`.
 */
import type { FormField, OverlayChange, SelectOption, TableColumn } from '@branchline/schemas';
import { clone, deepEqual, propertyDiff, type JsonRecord } from './json';

type OptionHolder = { type: string; options?: SelectOption[] };

/** The options appended at the end of `to` when `to` keeps `from`'s options unchanged and in order; undefined otherwise. */
function appendedOptions(from: OptionHolder, to: OptionHolder): SelectOption[] | undefined {
  if (from.type !== to.type || (from.type !== 'select' && from.type !== 'multi-select')) return undefined;
  const a = from.options ?? [];
  const b = to.options ?? [];
  if (b.length <= a.length || !a.every((o, i) => deepEqual(o, b[i]))) return undefined;
  return b.slice(a.length);
}

/** New options of select columns, when that is the only difference between the two column lists. */
function appendedColumnOptions(from: TableColumn[], to: TableColumn[]): { column: string; option: SelectOption }[] | undefined {
  if (from.length !== to.length) return undefined;
  const out: { column: string; option: SelectOption }[] = [];
  for (let i = 0; i < from.length; i++) {
    const a = from[i]!;
    const b = to[i]!;
    if (deepEqual(a, b)) continue;
    const added = appendedOptions(a, b);
    if (!added || !deepEqual({ ...a, options: undefined }, { ...b, options: undefined })) return undefined;
    for (const option of added) out.push({ column: b.key, option });
  }
  return out;
}

/**
 * Changes that turn field `from` into field `to` (same key).
 * @example diffField(region, { ...region, options: [...region.options, hk] }) // → [{ type: 'option.add', field: 'region', option: hk }]
 */
export function diffField(from: FormField, to: FormField): OverlayChange[] {
  const skip: string[] = [];
  const options: OverlayChange[] = [];
  const appended = appendedOptions(from, to);
  if (appended) {
    skip.push('options');
    for (const option of appended) options.push({ type: 'option.add', field: to.key, option: clone(option) });
  }
  if (from.type === 'table' && to.type === 'table') {
    const columns = appendedColumnOptions(from.columns, to.columns);
    if (columns && columns.length > 0) {
      skip.push('columns');
      for (const { column, option } of columns) options.push({ type: 'option.add', field: to.key, column, option: clone(option) });
    }
  }
  const { set, unset } = propertyDiff(from as unknown as JsonRecord, to as unknown as JsonRecord, skip);
  const update: OverlayChange[] = Object.keys(set).length > 0 || unset.length > 0 ? [{ type: 'field.update', key: from.key, set, ...(unset.length > 0 ? { unset } : {}) }] : [];
  return [...update, ...options];
}

export type IdElementKind = 'section' | 'rule' | 'node' | 'edge';

/**
 * The `*.update` change that turns an element with an id into another, or nothing when equal.
 * @example diffById('node', a, { ...a, title: t }) // → [{ type: 'node.update', id: a.id, set: { title: t } }]
 */
export function diffById(kind: IdElementKind, from: { id: string }, to: { id: string }): OverlayChange[] {
  const { set, unset } = propertyDiff(from as unknown as JsonRecord, to as unknown as JsonRecord);
  if (Object.keys(set).length === 0 && unset.length === 0) return [];
  return [{ type: `${kind}.update`, id: from.id, set, ...(unset.length > 0 ? { unset } : {}) } as OverlayChange];
}

/**
 * The business type (and so the size limits) of a variable or field node, for
 * the worst-case estimate and for the checks the fast path makes as it reads.
 */
import type { CelNode, CelType } from './ast';
import type { ObjectInfo } from './cel-env';
import { MAX_LIST_ITEMS, MAX_TEXT_LENGTH } from './limits';
import type { Scope, ValueType } from './types';

export interface TypeLookup {
  readonly scope: Scope;
  readonly objects: ReadonlyMap<string, ObjectInfo>;
}

/** List-item variables in scope, with the type of the items when known. */
export type ItemTypes = ReadonlyMap<string, ValueType | undefined>;

/** The declared type of an `id` or field-access node, when it has one. */
export function nodeValueType(node: CelNode, items: ItemTypes, lookup: TypeLookup): ValueType | undefined {
  if (node.op === 'id') {
    const name = node.args as string;
    return items.has(name) ? items.get(name) : lookup.scope[name];
  }
  if (node.op === '.') {
    const [left, key] = node.args as [CelNode, string];
    const owner = left.checkedType?.name;
    return owner ? lookup.objects.get(owner)?.fields[key] : undefined;
  }
  return undefined;
}

/** The type of the items of a list type. */
export function itemType(vt: ValueType | undefined): ValueType | undefined {
  return vt?.type === 'list' ? vt.of : undefined;
}

/** Longest list allowed for a value of this type. */
export function listLimit(vt: ValueType | undefined): number {
  return Math.min(vt?.type === 'list' ? (vt.maxItems ?? MAX_LIST_ITEMS) : MAX_LIST_ITEMS, MAX_LIST_ITEMS);
}

/** Longest text allowed for a value of this type. */
export function textLimit(vt: ValueType | undefined): number {
  return Math.min(vt?.type === 'text' ? (vt.maxLength ?? MAX_TEXT_LENGTH) : MAX_TEXT_LENGTH, MAX_TEXT_LENGTH);
}

/** Worst-case size (characters or items) of a value: from its declared type, else from its CEL type. */
export function sizeLimit(vt: ValueType | undefined, t: CelType | undefined): number {
  if (!t) return 1;
  if (t.kind === 'list') return listLimit(vt);
  if (t.kind === 'map') return MAX_LIST_ITEMS;
  if (t.name === 'string') return textLimit(vt);
  if (t.kind === 'dyn') return MAX_TEXT_LENGTH;
  return 1;
}

/**
 * How a locked element may change, as pure comparisons of HQ's version with the
 * branch's: a locked field keeps its key, type, expression, visibility and HQ's
 * values, its validation may only be tightened, and its options only grow where
 * HQ allows; other locked elements may change only their texts (translations).
 */
import type { FormField, SelectOption, TableColumn } from '@branchline/schemas';
import { deepEqual, isRecord } from './json';

/** One way a branch's version breaks a lock, before it is worded as a problem. */
export interface Violation {
  readonly code: string;
  /** The element's property at fault (`validation`, `options`, `columns`, `assignee` …). */
  readonly property?: string;
  readonly column?: string;
  readonly option?: string;
  /** The part of the property at fault: `max`, `required`, `pattern` … */
  readonly detail?: string;
  readonly was?: unknown;
  readonly now?: unknown;
}

/** Texts a branch may reword or translate when the template allows translations. */
export const FREE_TEXT: ReadonlySet<string> = new Set(['label', 'help', 'placeholder', 'title', 'description', 'name', 'patternMessage']);
/** Texts that carry HQ's substance (instructions, messages, the consent statement): a branch may only add locales. */
export const ADD_ONLY_TEXT: ReadonlySet<string> = new Set(['statement', 'instructions', 'message', 'subject']);

/** Whether text `now` may replace `was` at a property named `name`. */
export function textChangeAllowed(name: string, was: unknown, now: unknown, translations: boolean): boolean {
  if (deepEqual(was, now)) return true;
  if (!translations) return false;
  if (FREE_TEXT.has(name)) return true;
  if (ADD_ONLY_TEXT.has(name) && isRecord(was) && isRecord(now)) return Object.keys(was).every((locale) => was[locale] === now[locale]);
  return false;
}

/** Equal apart from allowed text changes, at any depth (switch case labels, split arm labels …). */
export function sameApartFromText(a: unknown, b: unknown, translations: boolean): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameApartFromText(x, b[i], translations));
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => ((FREE_TEXT.has(k) || ADD_ONLY_TEXT.has(k)) ? textChangeAllowed(k, a[k], b[k], translations) : sameApartFromText(a[k], b[k], translations)));
  }
  return deepEqual(a, b);
}

/** The top-level properties of a locked element (section, rule, node, edge, trigger) that changed beyond translations. */
export function changedProperties(orig: object, next: object, translations: boolean, ignore: readonly string[] = []): string[] {
  const a = orig as Record<string, unknown>;
  const b = next as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !ignore.includes(k));
  return keys.filter((k) => ((FREE_TEXT.has(k) || ADD_ONLY_TEXT.has(k)) ? !textChangeAllowed(k, a[k], b[k], translations) : !sameApartFromText(a[k], b[k], translations)));
}

/** What a locked field may do beyond keeping its substance. */
export interface FieldRules {
  readonly translations: boolean;
  readonly fieldsExtendable: boolean;
  /** Whether branches may add options to this select field or column (by key). */
  optionsExtendable(key: string): boolean;
}

const LOWER_BOUNDS = ['min', 'minLength', 'minItems', 'minRows'];
const UPPER_BOUNDS = ['max', 'maxLength', 'maxItems', 'maxRows'];
/** Properties of a locked field that the branch may set freely: the layout. */
const LAYOUT = ['section'];

/**
 * The ways `next` breaks the lock on field (or column) `orig`; [] when it keeps it.
 * @example fieldViolations(discountPct, { ...discountPct, validation: { min: 0, max: 40 } }, rules)
 * // → [{ code: 'locked_field_loosened', property: 'validation', detail: 'max', was: 30, now: 40 }]
 */
export function fieldViolations(orig: FormField | TableColumn, next: FormField | TableColumn | undefined, rules: FieldRules): Violation[] {
  if (!next) return [{ code: 'locked_field_removed' }];
  const out: Violation[] = [];
  if (next.key !== orig.key) out.push({ code: 'locked_field_renamed', property: 'key', was: orig.key, now: next.key });
  if (next.type !== orig.type) return [...out, { code: 'locked_field_retyped', property: 'type', was: orig.type, now: next.type }];
  const a = orig as unknown as Record<string, unknown>;
  const b = next as unknown as Record<string, unknown>;
  for (const p of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (p === 'key' || p === 'type' || LAYOUT.includes(p) || deepEqual(a[p], b[p])) continue;
    if (FREE_TEXT.has(p) || ADD_ONLY_TEXT.has(p)) {
      if (!textChangeAllowed(p, a[p], b[p], rules.translations)) out.push({ code: rules.translations ? 'locked_field_changed' : 'translation_not_allowed', property: p });
    } else if (p === 'visibleWhen' || p === 'requiredWhen') out.push({ code: 'locked_visibility_changed', property: p, was: a[p], now: b[p] });
    else if (p === 'required') {
      if (a[p] === true && b[p] !== true) out.push({ code: 'locked_field_loosened', property: p, detail: 'required', was: true, now: b[p] ?? false });
    } else if (p === 'validation') out.push(...validationViolations(a[p], b[p], rules.translations));
    else if (p === 'options') out.push(...optionViolations(orig.key, a[p] as SelectOption[], b[p] as SelectOption[] | undefined, rules));
    else if (p === 'columns') out.push(...columnViolations(a[p] as TableColumn[], b[p] as TableColumn[] | undefined, rules, orig.key));
    else if (p === 'resultType') out.push({ code: 'locked_field_retyped', property: p, was: a[p], now: b[p] });
    else out.push({ code: 'locked_field_changed', property: p, was: a[p], now: b[p] });
  }
  return out;
}

/** -1 when x is stricter than y as a lower bound … compared as numbers, or as dates. */
function compare(x: unknown, y: unknown): number {
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  if (typeof x === 'string' && typeof y === 'string') {
    const d = Date.parse(x) - Date.parse(y);
    return Number.isNaN(d) ? (x === y ? 0 : NaN) : d;
  }
  return NaN;
}

function validationViolations(origValue: unknown, nextValue: unknown, translations: boolean): Violation[] {
  const a = isRecord(origValue) ? origValue : {};
  const b = isRecord(nextValue) ? nextValue : {};
  const out: Violation[] = [];
  const loosened = (detail: string) => out.push({ code: 'locked_field_loosened', property: 'validation', detail, was: a[detail], now: b[detail] });
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (deepEqual(a[k], b[k])) continue;
    if (LOWER_BOUNDS.includes(k)) {
      if (a[k] !== undefined && !(compare(b[k], a[k]) >= 0)) loosened(k);
    } else if (UPPER_BOUNDS.includes(k)) {
      if (a[k] !== undefined && !(compare(b[k], a[k]) <= 0)) loosened(k);
    } else if (k === 'integer') {
      if (a[k] === true) loosened(k);
    } else if (k === 'pattern') {
      if (a[k] !== undefined) out.push({ code: 'locked_pattern_changed', property: 'validation', detail: k, was: a[k], now: b[k] });
    } else if (FREE_TEXT.has(k)) {
      if (!textChangeAllowed(k, a[k], b[k], translations)) out.push({ code: 'translation_not_allowed', property: 'validation', detail: k });
    } else out.push({ code: 'locked_field_changed', property: 'validation', detail: k, was: a[k], now: b[k] });
  }
  return out;
}

function optionViolations(key: string, orig: SelectOption[] = [], next: SelectOption[] = [], rules: FieldRules): Violation[] {
  const out: Violation[] = [];
  for (const o of orig) {
    const n = next.find((x) => x.value === o.value);
    if (!n) out.push({ code: 'locked_option_removed', property: 'options', option: o.value });
    else if (!textChangeAllowed('label', o.label, n.label, rules.translations)) out.push({ code: 'translation_not_allowed', property: 'options', option: o.value });
  }
  for (const n of next) {
    if (!orig.some((o) => o.value === n.value) && !rules.optionsExtendable(key)) out.push({ code: 'extension_not_allowed', property: 'options', option: n.value });
  }
  return out;
}

function columnViolations(orig: TableColumn[] = [], next: TableColumn[] = [], rules: FieldRules, table: string): Violation[] {
  const out: Violation[] = [];
  const columnRules: FieldRules = { ...rules, optionsExtendable: (key) => rules.optionsExtendable(key) || rules.optionsExtendable(table) };
  for (const o of orig) {
    const found = fieldViolations(o, next.find((c) => c.key === o.key), columnRules);
    for (const v of found) out.push({ ...v, property: 'columns', column: o.key, detail: v.detail ?? v.property });
  }
  for (const n of next) {
    if (!orig.some((o) => o.key === n.key) && !rules.fieldsExtendable) out.push({ code: 'extension_not_allowed', property: 'columns', column: n.key });
  }
  return out;
}

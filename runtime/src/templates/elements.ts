/**
 * The elements of a definition that templates lock, overlays change and upgrades
 * merge, named by stable key or id, and how a message names them for a person.
 */
import type { FormDefinition, FormField, LocalizedText, OverlayChange, TableColumn, WorkflowDefinition } from '@branchline/schemas';
import { isRecord } from './json';

/** A form or workflow definition: what a template publishes and an instance resolves to. */
export type Definition = FormDefinition | WorkflowDefinition;

/** A reference to one element by its stable key or id. */
export type ElementRef =
  | { readonly element: 'definition' }
  | { readonly element: 'field'; readonly key: string }
  | { readonly element: 'section'; readonly id: string }
  | { readonly element: 'rule'; readonly id: string }
  | { readonly element: 'trigger' }
  | { readonly element: 'node'; readonly id: string }
  | { readonly element: 'edge'; readonly id: string }
  | { readonly element: 'ui' };

/** `field:company_name`, `node:approve`, `trigger` … — one string per element, for maps and sets. */
export function refId(ref: ElementRef): string {
  return 'key' in ref ? `${ref.element}:${ref.key}` : 'id' in ref ? `${ref.element}:${ref.id}` : ref.element;
}

/** Params that name an element in a problem: `{ element: 'field', key: 'credit_code' }`. */
export function refParams(ref: ElementRef): Record<string, string> {
  return 'key' in ref ? { element: ref.element, key: ref.key } : 'id' in ref ? { element: ref.element, id: ref.id } : { element: ref.element };
}

/** The element an overlay change acts on, and the property names it sets or unsets. */
export function changeTarget(change: OverlayChange): { ref: ElementRef; properties: string[] } {
  const props = (c: { set: Record<string, unknown>; unset?: string[] }) => [...Object.keys(c.set), ...(c.unset ?? [])];
  switch (change.type) {
    case 'definition.update':
      return { ref: { element: 'definition' }, properties: props(change) };
    case 'field.add':
      return { ref: { element: 'field', key: change.field.key }, properties: [] };
    case 'field.update':
      return { ref: { element: 'field', key: change.key }, properties: props(change) };
    case 'field.remove':
    case 'field.move':
      return { ref: { element: 'field', key: change.key }, properties: [] };
    case 'option.add':
      return { ref: { element: 'field', key: change.field }, properties: [change.column ? 'columns' : 'options'] };
    case 'section.add':
      return { ref: { element: 'section', id: change.section.id }, properties: [] };
    case 'section.update':
      return { ref: { element: 'section', id: change.id }, properties: props(change) };
    case 'section.remove':
    case 'section.move':
      return { ref: { element: 'section', id: change.id }, properties: [] };
    case 'rule.add':
      return { ref: { element: 'rule', id: change.rule.id }, properties: [] };
    case 'rule.update':
      return { ref: { element: 'rule', id: change.id }, properties: props(change) };
    case 'rule.remove':
      return { ref: { element: 'rule', id: change.id }, properties: [] };
    case 'trigger.update':
      return { ref: { element: 'trigger' }, properties: props(change) };
    case 'node.add':
      return { ref: { element: 'node', id: change.node.id }, properties: [] };
    case 'node.update':
      return { ref: { element: 'node', id: change.id }, properties: props(change) };
    case 'node.remove':
      return { ref: { element: 'node', id: change.id }, properties: [] };
    case 'edge.add':
      return { ref: { element: 'edge', id: change.edge.id }, properties: [] };
    case 'edge.update':
      return { ref: { element: 'edge', id: change.id }, properties: props(change) };
    case 'edge.remove':
      return { ref: { element: 'edge', id: change.id }, properties: [] };
    case 'ui.set':
      return { ref: { element: 'ui' }, properties: [] };
  }
}

/** The element a value of the definition is, found by ref; undefined when absent. */
export function findElement(def: Definition, ref: ElementRef): unknown {
  switch (ref.element) {
    case 'definition':
      return def;
    case 'field':
      return def.kind === 'form' ? def.fields.find((f) => f.key === ref.key) : undefined;
    case 'section':
      return def.kind === 'form' ? def.sections?.find((s) => s.id === ref.id) : undefined;
    case 'rule':
      return def.kind === 'form' ? def.rules?.find((r) => r.id === ref.id) : undefined;
    case 'trigger':
      return def.kind === 'workflow' ? def.trigger : undefined;
    case 'node':
      return def.kind === 'workflow' ? def.nodes.find((n) => n.id === ref.id) : undefined;
    case 'edge':
      return def.kind === 'workflow' ? def.edges.find((e) => e.id === ref.id) : undefined;
    case 'ui':
      return def.kind === 'workflow' ? def.ui : undefined;
  }
}

/** Localized text in one locale, falling back to the other built-in locale, then any. */
export function textIn(text: LocalizedText | undefined, locale: 'zh-CN' | 'en'): string | undefined {
  if (!text) return undefined;
  return text[locale] ?? text[locale === 'en' ? 'zh-CN' : 'en'] ?? Object.values(text)[0];
}

/** A name for a person in both locales. */
export interface Named {
  readonly en: string;
  readonly zh: string;
}

function withLabel(en: string, zh: string, label: LocalizedText | undefined): Named {
  const le = textIn(label, 'en');
  const lz = textIn(label, 'zh-CN');
  return { en: le ? `${en} (${le})` : en, zh: lz ? `${zh}（${lz}）` : zh };
}

/** How messages name an element: `field "credit_code" (Unified social credit code)` / `字段"credit_code"（统一社会信用代码）`. */
export function nameElement(def: Definition, ref: ElementRef, column?: string): Named {
  const found = findElement(def, ref);
  const label = (x: unknown, prop: string) => (isRecord(x) && isRecord(x[prop]) ? (x[prop] as LocalizedText) : undefined);
  switch (ref.element) {
    case 'field': {
      if (column) {
        const col = isRecord(found) && Array.isArray(found.columns) ? (found.columns as TableColumn[]).find((c) => c.key === column) : undefined;
        const n = withLabel(`column "${column}"`, `列"${column}"`, col?.label);
        return { en: `${n.en} of table "${ref.key}"`, zh: `表格"${ref.key}"的${n.zh}` };
      }
      return withLabel(`field "${ref.key}"`, `字段"${ref.key}"`, (found as FormField | undefined)?.label);
    }
    case 'section':
      return withLabel(`section "${ref.id}"`, `分组"${ref.id}"`, label(found, 'title'));
    case 'rule':
      return withLabel(`rule "${ref.id}"`, `规则"${ref.id}"`, label(found, 'message'));
    case 'node':
      return withLabel(`step "${ref.id}"`, `步骤"${ref.id}"`, label(found, 'title') ?? label(found, 'name'));
    case 'edge': {
      const e = found as { from?: string; to?: string } | undefined;
      return e ? { en: `connection "${ref.id}" (from "${e.from}" to "${e.to}")`, zh: `连线"${ref.id}"（"${e.from}" → "${e.to}"）` } : { en: `connection "${ref.id}"`, zh: `连线"${ref.id}"` };
    }
    case 'trigger':
      return { en: 'the trigger', zh: '触发器' };
    case 'definition':
      return withLabel('the definition', '该定义', def.title);
    case 'ui':
      return { en: 'the layout', zh: '布局' };
  }
}

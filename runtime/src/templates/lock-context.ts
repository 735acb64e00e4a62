/**
 * What a template locks and opens, in one index: explicit locks with HQ's policy
 * text, the implicit locks of a mandatory workflow, and the extension settings
 * (defaults: new fields, sections and translations allowed).
 */
import type { ExtensionPoint, LocalizedText, Template } from '@branchline/schemas';
import type { Definition, ElementRef } from './elements';
import { refId } from './elements';

/** The policy a mandatory workflow's steps, connections and trigger carry unless a lock gives its own. */
export const MANDATORY_POLICY: LocalizedText = {
  'zh-CN': '总部将此流程设为强制流程：它在每个分支运行，分支不能停用、删除或改接其步骤，只能在总部声明的扩展点上增加步骤。',
  en: 'HQ made this workflow mandatory: it runs in every branch; branches cannot disable, remove or rewire its steps, and may add steps only at the extension points HQ declared.',
};

/** The policy for parts of a template every branch keeps whether or not HQ locked them (the definition key, a locked workflow's start). */
export const STRUCTURE_POLICY: LocalizedText = {
  'zh-CN': '记录、引用、报表和强制流程都通过模板的标识找到它，因此分支不能更改。',
  en: 'Records, references, reports and mandatory workflows find a template by its key, so a branch cannot change it.',
};

export interface LockContext {
  readonly template: Template;
  readonly definition: Definition;
  /** Policy text per locked element, keyed by {@link refId}. */
  readonly locks: ReadonlyMap<string, LocalizedText>;
  readonly mandatory: boolean;
  readonly fieldsExtendable: boolean;
  readonly sectionsExtendable: boolean;
  readonly translations: boolean;
  /** Select fields (or table columns) that branches may add options to. */
  readonly optionFields: ReadonlySet<string>;
  readonly points: readonly ExtensionPoint[];
}

/**
 * A workflow template HQ marked mandatory: it runs for every branch and cannot be disabled.
 * @example isMandatory(customerGrading) // → true; isMandatory(leadRouting) // → false
 */
export function isMandatory(template: Template): boolean {
  return template.mandatory === true && template.definition.kind === 'workflow';
}

/**
 * Index `template`'s locks. In a mandatory workflow every node, edge and the
 * trigger are locked (with {@link MANDATORY_POLICY} unless a lock says more).
 * @example lockContext(quoteTemplate).locks.has('field:discount_pct') // → true
 */
export function lockContext(template: Template): LockContext {
  const def = template.definition;
  const locks = new Map<string, LocalizedText>();
  const mandatory = isMandatory(template);
  if (mandatory && def.kind === 'workflow') {
    locks.set('trigger', MANDATORY_POLICY);
    for (const n of def.nodes) locks.set(refId({ element: 'node', id: n.id }), MANDATORY_POLICY);
    for (const e of def.edges) locks.set(refId({ element: 'edge', id: e.id }), MANDATORY_POLICY);
  }
  for (const lock of template.locks ?? []) {
    const ref: ElementRef = lock.element === 'field' ? { element: 'field', key: lock.key } : lock.element === 'trigger' ? { element: 'trigger' } : { element: lock.element, id: lock.id };
    locks.set(refId(ref), lock.policy);
  }
  const ext = template.extensions ?? {};
  return {
    template,
    definition: def,
    locks,
    mandatory,
    fieldsExtendable: ext.fields !== false,
    sectionsExtendable: ext.sections !== false,
    translations: ext.translations !== false,
    optionFields: new Set(ext.options ?? []),
    points: def.kind === 'workflow' ? (ext.points ?? []) : [],
  };
}

/**
 * The policy of a locked element, or undefined when it is not locked.
 * @example policyOf(lockContext(quote), { element: 'field', key: 'lines' })?.en // → 'Quote amounts, the 30 % discount cap …'
 */
export function policyOf(ctx: LockContext, ref: ElementRef): LocalizedText | undefined {
  return ctx.locks.get(refId(ref));
}

/** The extension point at the edge leaving `node` by `port`, if HQ declared one. */
export function extensionPointAt(ctx: LockContext, node: string, port: string): ExtensionPoint | undefined {
  return ctx.points.find((p) => p.node === node && p.port === port);
}

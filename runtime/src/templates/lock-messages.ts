/**
 * Lock refusals worded for people: each names the element, says that HQ locked it
 * and why (HQ's policy text, quoted in both languages), and carries params naming
 * the element for programs (the editor disables the matching control).
 */
import { problem, type LocalizedText, type Problem } from '@branchline/schemas';
import { nameElement, refParams, textIn, type Definition, type ElementRef } from './elements';
import type { Violation } from './violations';

const DETAIL_ZH: Record<string, string> = {
  min: '最小值', max: '最大值', minLength: '最小长度', maxLength: '最大长度', minItems: '最少选择数', maxItems: '最多选择数', minRows: '最少行数', maxRows: '最多行数',
};
const DETAIL_EN: Record<string, string> = {
  min: 'minimum', max: 'maximum', minLength: 'minimum length', maxLength: 'maximum length', minItems: 'minimum number of choices', maxItems: 'maximum number of choices', minRows: 'minimum number of rows', maxRows: 'maximum number of rows',
};
const show = (v: unknown) => (v === undefined ? 'none' : JSON.stringify(v));
const showZh = (v: unknown) => (v === undefined ? '无' : JSON.stringify(v));

/** Why the change is refused, after "… is locked by HQ and". */
function reason(v: Violation): { en: string; zh: string } {
  const prop = v.detail ?? v.property ?? '';
  switch (v.code) {
    case 'locked_field_removed':
    case 'locked_section_removed':
    case 'locked_rule_removed':
    case 'locked_node_removed':
    case 'locked_edge_removed':
      return { en: 'cannot be removed', zh: '不能删除' };
    case 'locked_field_renamed':
      return { en: `its key cannot change (here "${v.now}")`, zh: `不能更改其键（此处为"${v.now}"）` };
    case 'locked_field_retyped':
      return { en: `its ${v.property === 'resultType' ? 'result type' : 'type'} must stay "${v.was}" (here "${v.now}")`, zh: `其${v.property === 'resultType' ? '结果类型' : '类型'}必须保持为"${v.was}"（此处为"${v.now}"）` };
    case 'locked_field_loosened':
      if (prop === 'required') return { en: 'it must stay required', zh: '必须保持必填' };
      if (prop === 'integer') return { en: 'it must stay a whole number', zh: '必须保持为整数' };
      return { en: `its ${DETAIL_EN[prop] ?? prop} may only be tightened (HQ: ${show(v.was)}; here: ${show(v.now)})`, zh: `其${DETAIL_ZH[prop] ?? prop}只能收紧（总部：${showZh(v.was)}；此处：${showZh(v.now)}）` };
    case 'locked_pattern_changed':
      return { en: `its format pattern must stay as HQ set it (${show(v.was)})`, zh: `其格式规则必须保持总部的设置（${showZh(v.was)}）` };
    case 'locked_visibility_changed':
      return { en: `its visibility and conditional-required rules cannot be added or changed (${prop}), so that it cannot be hidden`, zh: `不能添加或修改其显示条件和条件必填规则（${prop}），以免它被隐藏` };
    case 'locked_option_removed':
      return { en: `its option "${v.option}" cannot be removed or changed`, zh: `不能删除或修改其选项"${v.option}"` };
    case 'extension_not_allowed':
      if (v.option !== undefined) return { en: `branches may not add options to it (here "${v.option}")`, zh: `分支不能为其增加选项（此处为"${v.option}"）` };
      if (v.column !== undefined) return { en: `branches may not add columns to it (here "${v.column}")`, zh: `分支不能为其增加列（此处为"${v.column}"）` };
      return { en: `branch steps may be added only at the extension points HQ declared, not after its "${v.detail}" exit`, zh: `分支步骤只能加在总部声明的扩展点上，不能加在其"${v.detail}"出口之后` };
    case 'translation_not_allowed':
      return { en: `its texts cannot be changed (${prop})`, zh: `不能修改其文字（${prop}）` };
    case 'locked_trigger_changed':
      return { en: `it cannot change (here "${prop}"); a branch can neither narrow nor disable it`, zh: `不能修改（此处为"${prop}"）；分支不能缩小其范围或停用它` };
    case 'locked_edge_rewired':
      return { en: 'it cannot be reconnected; branch steps may be inserted only at the extension points HQ declared', zh: '不能改接；分支步骤只能插入到总部声明的扩展点' };
    case 'locked_start_changed':
      return { en: `its first step must stay "${v.was}"`, zh: `其第一步必须保持为"${v.was}"` };
    case 'locked_variable_changed':
      return { en: `its run variable "${v.detail}" must stay as HQ declared it`, zh: `其流程变量"${v.detail}"必须保持总部的定义` };
    case 'definition_key_changed':
      return { en: `its key must stay "${v.was}"`, zh: `其标识必须保持为"${v.was}"` };
    default:
      return { en: `its "${prop}" cannot change`, zh: `不能修改其"${prop}"` };
  }
}

/**
 * A refusal of `violation` on locked element `ref`, at `pointer` in the overlay.
 * @example lockProblem(def, '/changes/0', { element: 'field', key: 'credit_code' }, { code: 'locked_field_removed' }, policy)
 */
export function lockProblem(def: Definition, at: string, ref: ElementRef, violation: Violation, policy: LocalizedText): Problem {
  const name = nameElement(def, ref, violation.column);
  const why = reason(violation);
  const params: Record<string, unknown> = { ...refParams(ref), policy };
  for (const k of ['column', 'option', 'property', 'detail', 'was', 'now'] as const) if (violation[k] !== undefined) params[k] = violation[k];
  const cap = name.en.charAt(0).toUpperCase() + name.en.slice(1);
  return problem(at, violation.code, `${cap} is locked by HQ and ${why.en}. HQ policy: "${textIn(policy, 'en')}"`, `${name.zh}已由总部锁定，${why.zh}。总部规定：“${textIn(policy, 'zh-CN')}”`, params);
}

/** A refusal of a new element where the template does not open that kind of extension. */
export function extensionProblem(def: Definition, at: string, ref: ElementRef, templateTitle: LocalizedText): Problem {
  const name = nameElement(def, ref);
  const what = ref.element === 'section' ? { en: 'sections', zh: '分组' } : { en: 'fields', zh: '字段' };
  return problem(
    at,
    'extension_not_allowed',
    `HQ does not allow branches to add ${what.en} to "${textIn(templateTitle, 'en')}", so ${name.en} cannot be added.`,
    `总部不允许分支向"${textIn(templateTitle, 'zh-CN')}"添加${what.zh}，因此不能添加${name.zh}。`,
    { ...refParams(ref) },
  );
}

/** A refusal of branch steps at an extension point that do not lead back into HQ's flow. */
export function rejoinProblem(at: string, point: { id: string; node: string; port: string }, target: string | undefined, ref: ElementRef, policy: LocalizedText): Problem {
  const back = target ? { en: `must lead back to HQ's step "${target}"`, zh: `必须回到总部的步骤"${target}"` } : { en: 'may not lead into HQ\'s steps', zh: '不能进入总部的步骤' };
  return problem(
    at,
    'extension_must_rejoin',
    `Branch steps at extension point "${point.id}" (after step "${point.node}", exit "${point.port}") ${back.en}; they may not end the workflow or jump elsewhere in HQ's flow. HQ policy: "${textIn(policy, 'en')}"`,
    `扩展点"${point.id}"（步骤"${point.node}"的"${point.port}"出口之后）上的分支步骤${back.zh}，不能结束流程或跳到总部流程的其他位置。总部规定：“${textIn(policy, 'zh-CN')}”`,
    { ...refParams(ref), extensionPoint: point.id, node: point.node, port: point.port, ...(target ? { rejoin: target } : {}), policy },
  );
}

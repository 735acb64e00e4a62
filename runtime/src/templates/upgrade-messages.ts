/**
 * Upgrade conflicts worded for the branch admin: what HQ changed, what the branch
 * had, and what happens to the branch's part (set aside, kept, re-appliable).
 */
import { problem, type Problem } from '@branchline/schemas';
import { nameElement, refParams, type Definition, type ElementRef } from './elements';

export type UpgradeConflictCode =
  | 'key_taken_by_hq'
  | 'element_removed_by_hq'
  | 'removed_element_changed_by_hq'
  | 'tightened_rule_changed_by_hq'
  | 'changed_by_both'
  | 'newly_locked'
  | 'extension_point_removed'
  | 'change_not_applicable'
  | 'steps_detached'
  | 'breaks_after_upgrade';

export interface ConflictFacts {
  readonly code: UpgradeConflictCode;
  readonly ref: ElementRef;
  /** Where in the element: `validation.max`, `label.en`, `columns.discount_pct` … */
  readonly at?: string;
  readonly base?: unknown;
  readonly ours?: unknown;
  readonly theirs?: unknown;
  /** The lock refusal or resolve problem behind the conflict. */
  readonly cause?: Problem;
  readonly extra?: Record<string, unknown>;
  /** Where the definition broke, when that is another element than `ref` (an HQ expression using a field the branch removed). */
  readonly where?: ElementRef;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const show = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v));
const showZh = (v: unknown) => (v === undefined ? '无' : JSON.stringify(v));

/**
 * One conflict as a problem at `pointer` (into the branch's overlay), naming the element.
 * `def` names the element (HQ's new version, or the branch's for its own elements).
 */
export function conflictProblem(pointer: string, facts: ConflictFacts, def: Definition, version: number, setAside: number[]): Problem {
  const n = nameElement(def, facts.ref);
  const at = facts.at ? { en: ` (${facts.at})`, zh: `（${facts.at}）` } : { en: '', zh: '' };
  const v = version;
  const text = ((): [string, string] => {
    switch (facts.code) {
      case 'key_taken_by_hq':
        return [`HQ's version ${v} adds ${n.en}${at.en} too, so the branch's own one is set aside. Give it another key and add it again.`, `总部第 ${v} 版也新增了${n.zh}${at.zh}，分支自己的同名项已暂存。请换一个键后重新添加。`];
      case 'element_removed_by_hq':
        return [`HQ removed ${n.en}${at.en} in version ${v}; the branch's changes to it are set aside.`, `总部在第 ${v} 版删除了${n.zh}${at.zh}，分支对它的修改已暂存。`];
      case 'removed_element_changed_by_hq':
        return [`HQ changed ${n.en}${at.en} in version ${v}, which the branch had removed; it is back as HQ has it. Remove it again if you still want to and HQ allows it.`, `分支已删除的${n.zh}${at.zh}在总部第 ${v} 版中被修改，现已按总部版本恢复。如仍需删除且总部允许，请重新删除。`];
      case 'tightened_rule_changed_by_hq':
        return [
          `The branch tightened ${n.en}${at.en} to ${show(facts.ours)}; HQ has since changed it from ${show(facts.base)} to ${show(facts.theirs)} in version ${v}. HQ's value applies and the branch's stricter one is set aside: apply it again if you still want it.`,
          `分支曾将${n.zh}${at.zh}收紧为 ${showZh(facts.ours)}；总部在第 ${v} 版中已将其从 ${showZh(facts.base)} 改为 ${showZh(facts.theirs)}。现按总部的值执行，分支更严格的值已暂存，如仍需要请重新应用。`,
        ];
      case 'changed_by_both':
        return [`Both HQ (version ${v}) and the branch changed ${n.en}${at.en}: HQ's ${show(facts.theirs)} applies; the branch's ${show(facts.ours)} is set aside.`, `总部（第 ${v} 版）和分支都修改了${n.zh}${at.zh}：现按总部的 ${showZh(facts.theirs)} 执行，分支的 ${showZh(facts.ours)} 已暂存。`];
      case 'newly_locked':
        return [`HQ's version ${v} does not allow the branch's change any more, so it is set aside: ${facts.cause?.message.en ?? ''}`, `总部第 ${v} 版不再允许分支的此项修改，已将其暂存：${facts.cause?.message['zh-CN'] ?? ''}`];
      case 'extension_point_removed':
        return [
          `HQ removed extension point "${facts.extra?.extensionPoint}" (after ${n.en}, exit "${facts.at}") in version ${v}; the branch steps attached there are set aside.`,
          `总部在第 ${v} 版删除了扩展点"${facts.extra?.extensionPoint}"（${n.zh}的"${facts.at}"出口之后），挂在那里的分支步骤已暂存。`,
        ];
      case 'steps_detached': {
        const steps = ((facts.extra?.steps as string[] | undefined) ?? []).map((x) => `"${x}"`).join(', ');
        return [`In version ${v} nothing leads to the branch's steps ${steps} any more (HQ changed where they were attached), so they are set aside.`, `在第 ${v} 版中已没有任何步骤通向分支的步骤 ${steps}（总部修改了它们的挂接位置），已将其暂存。`];
      }
      case 'breaks_after_upgrade': {
        const w = facts.where ? nameElement(def, facts.where) : n;
        const cause = { en: facts.cause?.message.en ?? '', zh: facts.cause?.message['zh-CN'] ?? '' };
        return facts.where
          ? [
              `With HQ's version ${v}, ${w.en} would no longer work because of the branch's change to ${n.en}${at.en}: ${cause.en} ${cap(n.en)} goes back to HQ's version (or out, where HQ has none) and the branch's change is set aside.`,
              `在总部第 ${v} 版下，分支对${n.zh}${at.zh}的修改会使${w.zh}无法使用：${cause.zh} ${n.zh}已恢复为总部版本（总部没有时则移除），分支的修改已暂存。`,
            ]
          : [
              `With HQ's version ${v}, the branch's ${n.en}${at.en} would no longer work: ${cause.en} It is set aside (HQ's version applies where HQ has one); fix it and apply it again.`,
              `在总部第 ${v} 版下，分支的${n.zh}${at.zh}已无法使用：${cause.zh} 已将其暂存（总部有该项时按总部版本执行），修改后可重新应用。`,
            ];
      }
      case 'change_not_applicable':
        return [`This change no longer applied before the upgrade, so it is set aside: ${facts.cause?.message.en ?? ''}`, `此修改在升级前已无法应用，已暂存：${facts.cause?.message['zh-CN'] ?? ''}`];
    }
  })();
  const params: Record<string, unknown> = { ...refParams(facts.ref), version, setAside, ...facts.extra };
  if (facts.at) params.at = facts.at;
  for (const k of ['base', 'ours', 'theirs'] as const) if (facts[k] !== undefined) params[k] = facts[k];
  if (facts.cause) params.cause = facts.cause.code;
  if (facts.where) params.where = refParams(facts.where);
  return problem(pointer, facts.code, text[0], text[1], params);
}

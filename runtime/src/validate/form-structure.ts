/**
 * Structural semantic checks of a form definition (layer two, without
 * expressions): unique keys and ids, reserved keys, sections, options, ranges,
 * patterns, titleField and currencyField.
 */
import { pointer, problem, type FieldOfType, type FormDefinition, type FormField, type Problem, type SelectOption, type TableColumn } from '@branchline/schemas';
import { suggest } from '../expressions/suggest';
import { checkPattern } from '../forms/pattern';

/** Keys a field may not have: they reach JS prototypes or are words of the expression language. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set([
  '__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty',
  'in', 'as', 'if', 'else', 'for', 'while', 'loop', 'break', 'continue', 'return', 'function', 'let', 'var', 'const', 'void',
  'import', 'package', 'namespace', 'null', 'true', 'false', 'cel', 'google', 'optional',
  'int', 'uint', 'double', 'bool', 'string', 'bytes', 'list', 'map', 'type', 'dyn', 'null_type',
]);

type Push = (p: Problem) => void;

function checkKeys(items: readonly { key: string }[], at: (i: number) => string, push: Push, what: { en: string; zh: string }): void {
  const first = new Map<string, number>();
  items.forEach((item, i) => {
    const seen = first.get(item.key);
    if (seen !== undefined) {
      push(problem(`${at(i)}/key`, 'duplicate_key', `The key "${item.key}" is already used by ${what.en} ${seen + 1}; give each ${what.en} its own key.`, `键"${item.key}"已被第 ${seen + 1} 个${what.zh}使用，请为每个${what.zh}设置不同的键。`, { key: item.key, first: seen }));
    } else first.set(item.key, i);
    if (RESERVED_KEYS.has(item.key)) {
      push(problem(`${at(i)}/key`, 'reserved_key', `"${item.key}" is a reserved word and cannot be a key; choose another, e.g. "${item.key}_value".`, `"${item.key}"是保留字，不能用作键，请换一个，例如"${item.key}_value"。`, { key: item.key }));
    }
  });
}

function checkOptions(options: readonly SelectOption[], at: string, push: Push): void {
  const seen = new Set<string>();
  options.forEach((o, j) => {
    if (seen.has(o.value)) push(problem(`${at}/options/${j}/value`, 'duplicate_option', `The option value "${o.value}" appears twice; each option needs its own value.`, `选项值"${o.value}"重复，每个选项需要不同的值。`, { value: o.value }));
    seen.add(o.value);
  });
}

function checkRange(min: number | string | undefined, max: number | string | undefined, at: string, names: [string, string], push: Push): void {
  if (min === undefined || max === undefined || min <= max) return;
  push(problem(`${at}/${names[0]}`, 'min_greater_than_max', `${names[0]} (${min}) is greater than ${names[1]} (${max}); no value could pass. Swap or correct them.`, `${names[0]}（${min}）大于 ${names[1]}（${max}），任何值都无法通过，请交换或更正。`, { min, max }));
}

const PATTERN_REASONS = {
  invalid: { en: 'is not a valid regular expression', zh: '不是有效的正则表达式' },
  nested_quantifier: { en: 'repeats a group that itself repeats (like (a+)+), which can freeze the server on some inputs', zh: '对本身可重复的分组再次重复（如 (a+)+），某些输入会使服务器卡死' },
  backreference: { en: 'uses a backreference (\\1), which can be very slow', zh: '使用了反向引用（\\1），可能非常慢' },
  too_many_quantifiers: { en: 'has more than two open-ended repeats (+ or *), which can be very slow on long text', zh: '包含两个以上不限次数的重复（+ 或 *），长文本时可能非常慢' },
} as const;

function checkTextPattern(pattern: string | undefined, at: string, push: Push): void {
  if (pattern === undefined) return;
  const verdict = checkPattern(pattern);
  if (verdict.ok) return;
  const why = PATTERN_REASONS[verdict.reason];
  push(problem(`${at}/validation/pattern`, verdict.reason === 'invalid' ? 'bad_pattern' : 'unsafe_pattern', `The pattern ${why.en}; simplify it (e.g. ^1[3-9]\\d{9}$) or use the email/phone field type.`, `该格式规则${why.zh}，请简化（例如 ^1[3-9]\\d{9}$）或改用邮箱/电话字段类型。`, { reason: verdict.reason, ...(verdict.ok ? {} : { detail: verdict.detail }) }));
}

/** Checks on one field or column that do not involve other fields. */
function checkFieldRules(f: FormField | TableColumn, at: string, push: Push): void {
  switch (f.type) {
    case 'text':
    case 'textarea':
    case 'email':
    case 'phone':
      checkRange(f.validation?.minLength, f.validation?.maxLength, `${at}/validation`, ['minLength', 'maxLength'], push);
      checkTextPattern(f.validation?.pattern, at, push);
      break;
    case 'number':
    case 'currency':
    case 'percent':
      checkRange(f.validation?.min, f.validation?.max, `${at}/validation`, ['min', 'max'], push);
      if (f.default !== undefined && ((f.validation?.min !== undefined && f.default < f.validation.min) || (f.validation?.max !== undefined && f.default > f.validation.max))) {
        push(problem(`${at}/default`, 'default_out_of_range', `The default ${f.default} lies outside the allowed range; change the default or the range.`, `默认值 ${f.default} 超出允许范围，请修改默认值或范围。`, { default: f.default }));
      }
      break;
    case 'date':
    case 'datetime':
      checkRange(f.validation?.min, f.validation?.max, `${at}/validation`, ['min', 'max'], push);
      break;
    case 'select':
      checkOptions(f.options, at, push);
      if (f.default !== undefined && !f.options.some((o) => o.value === f.default)) push(problem(`${at}/default`, 'default_not_an_option', `The default "${f.default}" is not one of the options; pick one of them.`, `默认值"${f.default}"不是选项之一，请从选项中选择。`, { default: f.default }));
      break;
    case 'multi-select':
      checkOptions(f.options, at, push);
      checkRange(f.validation?.minItems, f.validation?.maxItems, `${at}/validation`, ['minItems', 'maxItems'], push);
      if ((f.validation?.minItems ?? 0) > f.options.length) push(problem(`${at}/validation/minItems`, 'min_items_unreachable', `minItems (${f.validation?.minItems}) is more than the ${f.options.length} options; lower it or add options.`, `minItems（${f.validation?.minItems}）多于 ${f.options.length} 个选项，请调低或增加选项。`));
      for (const v of f.default ?? []) if (!f.options.some((o) => o.value === v)) push(problem(`${at}/default`, 'default_not_an_option', `The default "${v}" is not one of the options; pick from them.`, `默认值"${v}"不是选项之一，请从选项中选择。`, { default: v }));
      break;
  }
}

function checkCurrencyField(f: FormField | TableColumn, at: string, candidates: readonly (FormField | TableColumn)[], push: Push): void {
  if (f.type !== 'currency' || f.currencyField === undefined) return;
  const target = candidates.find((c) => c.key === f.currencyField);
  if (!target) {
    const hint = suggest(f.currencyField, candidates.map((c) => c.key));
    push(problem(`${at}/currencyField`, 'unknown_field', `currencyField names "${f.currencyField}", which is not a field${hint ? ` — did you mean "${hint}"?` : '; name the select field that holds the currency.'}`, `currencyField 指向的"${f.currencyField}"不是字段${hint ? `——您是想写"${hint}"吗？` : '，请填写存放币种的下拉字段。'}`, { field: f.currencyField, ...(hint ? { suggestion: hint } : {}) }));
  } else if (target.type !== 'select' && target.type !== 'text') {
    push(problem(`${at}/currencyField`, 'wrong_field_type', `currencyField must name a select or text field holding a currency code; "${target.key}" is a ${target.type} field.`, `currencyField 必须指向存放币种代码的下拉或文本字段；"${target.key}"是 ${target.type} 字段。`, { field: target.key, type: target.type }));
  }
}

function checkTable(t: FieldOfType<'table'>, i: number, def: FormDefinition, push: Push): void {
  const at = pointer('fields', i);
  checkKeys(t.columns, (j) => pointer('fields', i, 'columns', j), push, { en: 'column', zh: '列' });
  checkRange(t.validation?.minRows, t.validation?.maxRows, `${at}/validation`, ['minRows', 'maxRows'], push);
  t.columns.forEach((c, j) => {
    checkFieldRules(c, pointer('fields', i, 'columns', j), push);
    checkCurrencyField(c, pointer('fields', i, 'columns', j), [...t.columns, ...def.fields], push);
  });
}

function checkSections(def: FormDefinition, push: Push): void {
  const ids = new Set<string>();
  (def.sections ?? []).forEach((s, i) => {
    if (ids.has(s.id)) push(problem(pointer('sections', i, 'id'), 'duplicate_id', `The section id "${s.id}" is used twice; give each section its own id.`, `分组 id"${s.id}"重复，请为每个分组设置不同的 id。`, { id: s.id }));
    ids.add(s.id);
  });
  def.fields.forEach((f, i) => {
    if (f.section === undefined || ids.has(f.section)) return;
    const hint = suggest(f.section, ids);
    push(problem(pointer('fields', i, 'section'), 'unknown_section', `The section "${f.section}" does not exist${hint ? ` — did you mean "${hint}"?` : '; add it under "sections" or remove the reference.'}`, `分组"${f.section}"不存在${hint ? `——您是想写"${hint}"吗？` : '，请在 sections 中添加或删除该引用。'}`, { section: f.section, ...(hint ? { suggestion: hint } : {}) }));
  });
}

function checkReferences(def: FormDefinition, push: Push): void {
  const keys = def.fields.map((f) => f.key);
  if (def.titleField !== undefined) {
    const target = def.fields.find((f) => f.key === def.titleField);
    if (!target) {
      const hint = suggest(def.titleField, keys);
      push(problem('/titleField', 'unknown_field', `titleField names "${def.titleField}", which is not a field${hint ? ` — did you mean "${hint}"?` : '.'}`, `titleField 指向的"${def.titleField}"不是字段${hint ? `——您是想写"${hint}"吗？` : '。'}`, { field: def.titleField, ...(hint ? { suggestion: hint } : {}) }));
    } else if (target.type === 'table' || target.type === 'multi-select') {
      push(problem('/titleField', 'wrong_field_type', `titleField must name a single-value field; "${target.key}" is a ${target.type}.`, `titleField 必须指向单值字段；"${target.key}"是 ${target.type}。`, { field: target.key }));
    }
  }
  const ruleIds = new Set<string>();
  (def.rules ?? []).forEach((r, i) => {
    if (ruleIds.has(r.id)) push(problem(pointer('rules', i, 'id'), 'duplicate_id', `The rule id "${r.id}" is used twice; give each rule its own id.`, `规则 id"${r.id}"重复，请为每条规则设置不同的 id。`, { id: r.id }));
    ruleIds.add(r.id);
    if (r.field !== undefined && !keys.includes(r.field)) {
      const hint = suggest(r.field, keys);
      push(problem(pointer('rules', i, 'field'), 'unknown_field', `The rule shows its message at "${r.field}", which is not a field${hint ? ` — did you mean "${hint}"?` : '.'}`, `规则提示所在的"${r.field}"不是字段${hint ? `——您是想写"${hint}"吗？` : '。'}`, { field: r.field, ...(hint ? { suggestion: hint } : {}) }));
    }
  });
}

/**
 * Structural checks of a form (no expressions).
 * @example checkFormStructure(form) // → [] for a well-formed form
 */
export function checkFormStructure(def: FormDefinition): Problem[] {
  const out: Problem[] = [];
  const push: Push = (p) => out.push(p);
  checkKeys(def.fields, (i) => pointer('fields', i), push, { en: 'field', zh: '字段' });
  checkSections(def, push);
  def.fields.forEach((f, i) => {
    checkFieldRules(f, pointer('fields', i), push);
    checkCurrencyField(f, pointer('fields', i), def.fields, push);
    if (f.type === 'table') checkTable(f, i, def, push);
  });
  checkReferences(def, push);
  return out;
}

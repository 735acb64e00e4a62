/**
 * Design-time problems from the CEL parser and type checker, rewritten for a
 * business user: what is wrong, where (character position), and what to do, with
 * a "did you mean" suggestion for misspelt field and property names.
 */
import { problem, type Problem } from '@branchline/schemas';
import { callOf, walk, type CelNode, type CelType } from './ast';
import type { ScopeEnvironment } from './cel-env';
import { DURATION, typeLabel } from './errors';
import { EXPRESSION_FUNCTIONS } from './function-docs';
import { suggest } from './suggest';

interface CelError {
  readonly name?: string;
  readonly code?: string;
  readonly summary?: string;
  readonly message?: string;
  readonly node?: CelNode;
  readonly range?: { start: number; end: number };
}

const where = (e: CelError) => {
  const start = e.range?.start ?? e.node?.start;
  return start === undefined ? { en: '', zh: '', params: {} } : { en: ` (at character ${start + 1})`, zh: `（第 ${start + 1} 个字符处）`, params: { start, end: e.range?.end ?? start } };
};

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 8).map((n) => `"${n}"`);
  return names.length > 8 ? `${shown.join(', ')} …` : shown.join(', ');
}

function unknownField(e: CelError, se: ScopeEnvironment, root: CelNode): Problem {
  const name = String(e.node?.args ?? '');
  const w = where(e);
  if (se.unusable.has(name)) {
    return problem('', 'unusable_field_name', `The field "${name}" is a reserved word in expressions and cannot be used; rename the field${w.en}.`, `字段"${name}"是表达式中的保留字，无法使用，请重命名该字段${w.zh}。`, { field: name, ...w.params });
  }
  const items = new Set<string>();
  walk(root, (_n, inScope) => inScope.forEach((i) => items.add(i)));
  const candidates = [...Object.keys(se.scope), ...items];
  const hint = suggest(name, candidates);
  if (hint) {
    return problem('', 'unknown_field', `Unknown field "${name}" — did you mean "${hint}"?${w.en}`, `未知字段"${name}"——您是想写"${hint}"吗？${w.zh}`, { field: name, suggestion: hint, ...w.params });
  }
  const known = Object.keys(se.scope);
  return problem(
    '',
    'unknown_field',
    `Unknown field "${name}"${w.en}. Use a field key${known.length ? `: ${listNames(known)}` : ''}.`,
    `未知字段"${name}"${w.zh}。请使用字段键${known.length ? `：${listNames(known)}` : ''}。`,
    { field: name, ...w.params },
  );
}

function unknownProperty(e: CelError, se: ScopeEnvironment): Problem {
  const node = e.node;
  const args = (node?.args ?? []) as unknown[];
  const key = String(node?.op === '.' ? args[1] : ((args[1] as CelNode | undefined)?.args ?? ''));
  const owner = (args[0] as CelNode | undefined)?.checkedType?.name;
  const info = owner ? se.objects.get(owner) : undefined;
  const w = where(e);
  const fields = info ? Object.keys(info.fields) : [];
  const hint = suggest(key, fields);
  const of = info?.label ?? { en: 'This object', 'zh-CN': '该对象' };
  if (hint) {
    return problem('', 'unknown_property', `${of.en} has no field "${key}" — did you mean "${hint}"?${w.en}`, `${of['zh-CN']}没有字段"${key}"——您是想写"${hint}"吗？${w.zh}`, { property: key, suggestion: hint, ...w.params });
  }
  return problem(
    '',
    'unknown_property',
    `${of.en} has no field "${key}"${w.en}${fields.length ? `; its fields are ${listNames(fields)}` : ''}.`,
    `${of['zh-CN']}没有字段"${key}"${w.zh}${fields.length ? `；可用字段：${listNames(fields)}` : ''}。`,
    { property: key, ...w.params },
  );
}

function typesOf(nodes: readonly (CelNode | undefined)[], se: ScopeEnvironment) {
  const labels = nodes.map((n) => typeLabel(n?.checkedType?.name ?? 'dyn', labelsOf(se)));
  return { en: labels.map((l) => l.en).join(', '), zh: labels.map((l) => l['zh-CN']).join('、') };
}

function labelsOf(se: ScopeEnvironment) {
  return new Map([...se.objects].map(([k, v]) => [k, v.label]));
}

function wrongOperands(e: CelError, se: ScopeEnvironment): Problem {
  const node = e.node;
  const w = where(e);
  const operands = (Array.isArray(node?.args) ? node.args : [node?.args]) as (CelNode | undefined)[];
  if (operands.some((o) => o?.checkedType?.name === DURATION)) {
    return problem('', 'wrong_operand_types', `Subtracting two dates gives a duration, which cannot be used here; use days_between(a, b) or hours_between(a, b)${w.en}.`, `两个日期相减得到的是时长，不能在此使用，请使用 days_between(a, b) 或 hours_between(a, b)${w.zh}。`, { ...w.params });
  }
  const t = typesOf(operands, se);
  return problem('', 'wrong_operand_types', `"${node?.op.replace('_', '')}" cannot be used with ${t.en}${w.en}; check the fields' types.`, `"${node?.op.replace('_', '')}" 不能用于 ${t.zh}${w.zh}，请检查字段类型。`, { operator: node?.op, ...w.params });
}

function wrongArguments(e: CelError, se: ScopeEnvironment): Problem {
  const call = e.node ? callOf(e.node) : undefined;
  const w = where(e);
  const name = call?.name ?? '?';
  const t = typesOf(call ? [...(call.receiver ? [call.receiver] : []), ...call.args] : [], se);
  const doc = EXPRESSION_FUNCTIONS.find((f) => f.name === name);
  const usage = doc ? ` Use: ${doc.signature}` : '';
  const usageZh = doc ? ` 用法：${doc.signature}` : '';
  return problem('', 'wrong_argument_types', `${name}() cannot be used with (${t.en})${w.en}.${usage}`, `${name}() 不能用于（${t.zh}）${w.zh}。${usageZh}`, { function: name, ...w.params });
}

/**
 * A design-time problem from a CEL parse or type error.
 * @example celErrorToProblem(env.check('usage_rat > 3').error, se, ast).code // → 'unknown_field'
 */
export function celErrorToProblem(error: unknown, se: ScopeEnvironment, root: CelNode | undefined): Problem {
  const e = (typeof error === 'object' && error !== null ? error : { summary: String(error) }) as CelError;
  const w = where(e);
  const summary = e.summary ?? e.message ?? String(error);
  switch (e.code) {
    case 'limit_exceeded':
      return problem('', 'expression_too_complex', `The expression is too long or too deeply nested${w.en}; split it into computed fields.`, `表达式过长或嵌套过深${w.zh}，请拆分为多个计算字段。`, { detail: summary, ...w.params });
    case 'unknown_variable':
      return root ? unknownField(e, se, root) : unknownField(e, se, { op: 'value', args: null, start: 0, end: 0 });
    case 'no_such_key':
      return unknownProperty(e, se);
    case 'no_such_overload':
    case 'invalid_logical_operand':
      return wrongOperands(e, se);
    case 'no_matching_overload':
      return wrongArguments(e, se);
    case 'invalid_condition_type':
      return problem('', 'condition_not_boolean', `A condition must be yes/no (e.g. total > 1000)${w.en}.`, `条件必须是"是/否"（例如 total > 1000）${w.zh}。`, { ...w.params });
    case 'incompatible_ternary_branches':
      return problem('', 'mixed_result_types', `Both results of "condition ? a : b" must have the same type${w.en}.`, `"条件 ? a : b" 的两个结果必须类型相同${w.zh}。`, { ...w.params });
    case 'heterogeneous_list_element':
    case 'heterogeneous_map_key':
    case 'heterogeneous_map_value':
      return problem('', 'mixed_list_types', `All items of a list must have the same type; write 100.0 rather than 100 next to decimals${w.en}.`, `列表中的所有项必须类型相同；与小数并列时请写 100.0 而不是 100${w.zh}。`, { ...w.params });
    case 'invalid_comprehension_range':
      return problem('', 'not_a_list', `map, filter, all and exists work on lists (such as a table)${w.en}.`, `map、filter、all、exists 只能用于列表（例如表格）${w.zh}。`, { ...w.params });
    case 'invalid_index_type':
    case 'cannot_index_type':
      return problem('', 'not_indexable', `Only lists (by number) and objects (by field) can be indexed here${w.en}.`, `此处只能按序号访问列表、按字段访问对象${w.zh}。`, { ...w.params });
    case 'invalid_macro_argument':
      return problem('', 'expression_syntax', `Write list steps as list.map(item, …) and has() as has(record.field)${w.en}.`, `列表操作请写成 list.map(项, …)，has() 请写成 has(record.字段)${w.zh}。`, { ...w.params });
  }
  if (e.name === 'ParseError') {
    const incomplete = /EOF/.test(summary);
    return incomplete
      ? problem('', 'expression_syntax', `The expression ends too early — something is missing${w.en}; check brackets, quotes and operators.`, `表达式不完整${w.zh}，请检查括号、引号和运算符。`, { detail: summary, ...w.params })
      : problem('', 'expression_syntax', `The expression cannot be read${w.en}: ${summary}. Check brackets, quotes and operators.`, `无法解析表达式${w.zh}：${summary}。请检查括号、引号和运算符。`, { detail: summary, ...w.params });
  }
  return problem('', 'expression_invalid', `The expression is not valid${w.en}: ${summary}.`, `表达式无效${w.zh}：${summary}。`, { detail: summary, ...w.params });
}

/** A problem for a result whose type differs from what the caller needs. */
export function wrongResultType(expect: string, got: CelType | string, se: ScopeEnvironment): Problem {
  const name = typeof got === 'string' ? got : got.name;
  const label = typeLabel(name, labelsOf(se));
  const want = EXPECT_LABEL[expect] ?? { en: expect, zh: expect };
  if (name === DURATION) {
    return problem('', 'wrong_result_type', 'The expression gives a duration; use days_between(a, b) or hours_between(a, b) to get a number.', '表达式的结果是时长，请使用 days_between(a, b) 或 hours_between(a, b) 得到数字。', { expected: expect, actual: name });
  }
  return problem('', 'wrong_result_type', `The expression must give ${want.en}, but gives ${label.en}.`, `表达式的结果必须是${want.zh}，但实际是${label['zh-CN']}。`, { expected: expect, actual: name });
}

const EXPECT_LABEL: Record<string, { en: string; zh: string }> = {
  number: { en: 'a number', zh: '数字' },
  text: { en: 'text', zh: '文本' },
  boolean: { en: 'yes/no (a condition)', zh: '是/否（条件）' },
  date: { en: 'a date', zh: '日期' },
  datetime: { en: 'a date/time', zh: '日期时间' },
  list: { en: 'a list', zh: '列表' },
  object: { en: 'an object', zh: '对象' },
};

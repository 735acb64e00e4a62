/**
 * The static half of the sandbox. Before type checking: only functions on the
 * allowlist (function-docs.ts) may be called, so `cel.bind`, `.matches()` (regular
 * expressions: ReDoS), `.split()`, bytes and the like are refused, and list steps
 * nest at most {@link MAX_COMPREHENSION_NESTING} deep. After type checking: a
 * worst-case estimate of steps and of characters/items processed must stay under
 * {@link MAX_STEPS} and {@link MAX_UNITS}, assuming inputs within the input limits.
 */
import { problem, type Problem } from '@branchline/schemas';
import { callOf, children, listMacroOf, walk, type CelNode } from './ast';
import { CALLABLE_FUNCTIONS, CALLABLE_METHODS } from './function-docs';
import { MAX_COMPREHENSION_NESTING, MAX_STEPS, MAX_UNITS } from './limits';
import { itemType, nodeValueType, sizeLimit, type ItemTypes, type TypeLookup } from './value-types';
import { suggest } from './suggest';

/** CEL features that exist but are switched off, with the reason given to the user. */
const DISABLED: Record<string, { en: string; zh: string }> = {
  bind: { en: 'cel.bind is not available; repeat the sub-expression or use a computed field.', zh: '不支持 cel.bind，请重复书写子表达式或使用计算字段。' },
  matches: { en: 'Regular expressions (.matches) are not available in expressions; use contains, startsWith or endsWith, or a pattern on the field.', zh: '表达式中不支持正则表达式（.matches），请使用 contains、startsWith、endsWith，或在字段上设置格式规则。' },
};
const DISABLED_FALLBACK = { en: 'is not available in Branchline expressions.', zh: '在 Branchline 表达式中不可用。' };
const CEL_BUILTINS = new Set([
  'split', 'join', 'lastIndexOf', 'bytes', 'uint', 'dyn', 'type', 'timestamp', 'duration', 'bool', 'json', 'hex', 'base64', 'at',
  'getDate', 'getDayOfMonth', 'getDayOfWeek', 'getDayOfYear', 'getFullYear', 'getHours', 'getMilliseconds', 'getMinutes', 'getMonth', 'getSeconds',
]);

const at = (n: CelNode) => ({ start: n.start, end: n.end });
const PLAIN_LITERAL = new Set(['string', 'number', 'bigint', 'boolean', 'null']);

function refuseCall(node: CelNode, name: string, isMethod: boolean, receiver?: CelNode): Problem {
  const shown = isMethod ? `.${name}()` : `${name}()`;
  const disabled = name === 'bind' && receiver?.op === 'id' && receiver.args === 'cel' ? DISABLED.bind : DISABLED[name];
  if (disabled || CEL_BUILTINS.has(name)) {
    const why = disabled ?? { en: `${shown} ${DISABLED_FALLBACK.en}`, zh: `${shown} ${DISABLED_FALLBACK.zh}` };
    return problem('', 'function_not_allowed', why.en, why.zh, { function: name, ...at(node) });
  }
  const known = isMethod ? CALLABLE_METHODS : CALLABLE_FUNCTIONS;
  const hint = suggest(name, known);
  return hint
    ? problem('', 'unknown_function', `Unknown function "${name}" — did you mean "${hint}"?`, `未知函数"${name}"——您是想写"${hint}"吗？`, { function: name, suggestion: hint, ...at(node) })
    : problem('', 'unknown_function', `Unknown function "${name}". See the list of functions in the expression help.`, `未知函数"${name}"。请查看表达式帮助中的函数列表。`, { function: name, ...at(node) });
}

/**
 * Refuse functions off the allowlist and list steps nested too deep.
 * @example checkAllowed(env.parse('"a".matches("a+")').ast)[0].code // → 'function_not_allowed'
 */
export function checkAllowed(root: CelNode): Problem[] {
  const problems: Problem[] = [];
  walk(root, (node, _items, depth) => {
    if (node.op === 'value' && !PLAIN_LITERAL.has(node.args === null ? 'null' : typeof node.args)) {
      problems.push(problem('', 'literal_not_allowed', 'Bytes (b"…") and unsigned (1u) literals are not available; write text or a number.', '不支持字节（b"…"）和无符号（1u）字面量，请写文本或数字。', at(node)));
    }
    const call = callOf(node);
    if (call) {
      const allowed = call.receiver ? CALLABLE_METHODS.has(call.name) : CALLABLE_FUNCTIONS.has(call.name);
      if (!allowed) problems.push(refuseCall(node, call.name, !!call.receiver, call.receiver));
    }
    if (listMacroOf(node) && depth >= MAX_COMPREHENSION_NESTING) {
      problems.push(
        problem(
          '',
          'expression_too_complex',
          `List steps (map, filter, all, exists) may be nested at most ${MAX_COMPREHENSION_NESTING} deep; split the expression into computed fields.`,
          `列表操作（map、filter、all、exists）最多嵌套 ${MAX_COMPREHENSION_NESTING} 层，请拆分为多个计算字段。`,
          { limit: MAX_COMPREHENSION_NESTING, ...at(node) },
        ),
      );
    }
  });
  return problems;
}

interface Tally {
  steps: number;
  units: number;
}

interface Estimate {
  readonly tally: Tally;
  readonly lookup: TypeLookup;
}

const SCANS = new Set(['contains', 'startsWith', 'endsWith', 'indexOf', 'sum', 'min', 'max', 'avg', 'count', 'size']);
const COPIES = new Set(['lowerAscii', 'upperAscii', 'trim', 'substring']);

function estimateCall(node: CelNode, mult: number, items: ItemTypes, est: Estimate): number {
  const call = callOf(node)!;
  const macro = listMacroOf(node);
  if (macro) {
    const range = estimate(macro.receiver, mult, items, est);
    const inner = new Map(items).set(macro.item, itemType(nodeValueType(macro.receiver, items, est.lookup)));
    for (const body of macro.bodies) estimate(body, mult * range, inner, est);
    if (macro.name === 'map' || macro.name === 'filter') {
      est.tally.units += mult * range;
      return range;
    }
    return 1;
  }
  const sizes = children(node).map((c) => estimate(c, mult, items, est));
  const first = sizes[0] ?? 1;
  if (SCANS.has(call.name)) est.tally.units += mult * first;
  if (COPIES.has(call.name)) {
    est.tally.units += mult * first;
    return first;
  }
  return call.name === 'string' ? 32 : 1;
}

function estimate(node: CelNode, mult: number, items: ItemTypes, est: Estimate): number {
  est.tally.steps += mult;
  switch (node.op) {
    case 'value':
      return typeof node.args === 'string' ? node.args.length : 1;
    case 'id':
      return sizeLimit(nodeValueType(node, items, est.lookup), node.checkedType);
    case 'call':
    case 'rcall':
      return estimateCall(node, mult, items, est);
    case 'list':
    case 'map': {
      for (const c of children(node)) estimate(c, mult, items, est);
      const n = (node.args as unknown[]).length;
      est.tally.units += mult * n;
      return n;
    }
  }
  const sizes = children(node).map((c) => estimate(c, mult, items, est));
  switch (node.op) {
    case '.':
      return sizeLimit(nodeValueType(node, items, est.lookup), node.checkedType);
    case '+': {
      const kind = node.checkedType?.kind;
      if (node.checkedType?.name !== 'string' && kind !== 'list' && kind !== 'dyn') return 1;
      const total = sizes.reduce((s, x) => s + x, 0);
      est.tally.units += mult * total;
      return total;
    }
    case '==':
    case '!=':
    case 'in':
      est.tally.units += mult * Math.max(...sizes);
      return 1;
    case '?:':
      return Math.max(sizes[1] ?? 1, sizes[2] ?? 1);
    default:
      return sizeLimit(undefined, node.checkedType);
  }
}

/**
 * Estimate the worst case of a type-checked expression and refuse it when it could
 * exceed the step or unit budget.
 * @example checkCost(ast, { scope, objects }) // → [] for `sum(lines.map(l, l.total))`
 */
export function checkCost(root: CelNode, lookup: TypeLookup): Problem[] {
  const tally: Tally = { steps: 0, units: 0 };
  estimate(root, 1, new Map(), { tally, lookup });
  if (tally.steps <= MAX_STEPS && tally.units <= MAX_UNITS) return [];
  return [
    problem(
      '',
      'expression_too_complex',
      'This expression could take too long on large lists or texts (for example a list step inside another over the same table); simplify it or split it into computed fields.',
      '该表达式在列表或文本较大时可能耗时过长（例如在同一表格的列表操作中再嵌套列表操作），请简化或拆分为多个计算字段。',
      { steps: tally.steps, units: tally.units, maxSteps: MAX_STEPS, maxUnits: MAX_UNITS },
    ),
  ];
}

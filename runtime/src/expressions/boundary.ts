/**
 * The evaluation boundary. In: JSON values are checked against the input limits
 * (the worst-case estimate relies on them) and ISO date strings become CEL
 * timestamps. Out: CEL values become plain JSON (BigInt → number, timestamp → ISO
 * string, maps → null-prototype objects without `__proto__`/`constructor`/`prototype`
 * keys). Every failure becomes a {@link Problem}.
 */
import { problem, type Problem } from '@branchline/schemas';
import { isoDate, isoDateTime, parseIsoMillis } from './dates';
import { ExpressionFunctionError } from './errors';
import { MAX_ANY_DEPTH, MAX_ANY_NODES, MAX_LIST_ITEMS, MAX_TEXT_LENGTH } from './limits';
import type { ValueType } from './types';
import { listLimit, textLimit } from './value-types';

/** A refusal at the boundary, turned into a problem by `evaluate`. */
export class BoundaryError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message.en);
  }
}

const hasOwn = Object.hasOwn;
const refuse = (code: string, en: string, zh: string, params?: Record<string, unknown>): never => {
  throw new BoundaryError(problem('', code, en, zh, params));
};

/** Checks and converts one input value; returns the value itself when nothing changes. */
export type Prep = (value: unknown, name: string) => unknown;

export function tooLong(name: string, what: 'list' | 'text', limit: number): never {
  return what === 'list'
    ? refuse('input_too_large', `"${name}" has more than ${limit} items, more than expressions accept.`, `"${name}" 超过 ${limit} 项，超出表达式可处理的范围。`, { field: name, limit })
    : refuse('input_too_large', `"${name}" is longer than ${limit} characters, more than expressions accept.`, `"${name}" 超过 ${limit} 个字符，超出表达式可处理的范围。`, { field: name, limit });
}

function checkAny(value: unknown, name: string): unknown {
  let nodes = 0;
  const visit = (v: unknown, depth: number): void => {
    if (++nodes > MAX_ANY_NODES || depth > MAX_ANY_DEPTH) refuse('input_too_large', `"${name}" is too large or too deeply nested for expressions.`, `"${name}" 过大或嵌套过深，表达式无法处理。`, { field: name });
    if (typeof v === 'string') {
      if (v.length > MAX_TEXT_LENGTH) tooLong(name, 'text', MAX_TEXT_LENGTH);
    } else if (Array.isArray(v)) {
      if (v.length > MAX_LIST_ITEMS) tooLong(name, 'list', MAX_LIST_ITEMS);
      for (const x of v) visit(x, depth + 1);
    } else if (v && typeof v === 'object') {
      for (const k of Object.keys(v)) visit((v as Record<string, unknown>)[k], depth + 1);
    }
  };
  visit(value, 0);
  return value;
}

function dateOf(value: unknown, name: string): unknown {
  if (typeof value !== 'string') return value;
  const ms = parseIsoMillis(value);
  if (ms === undefined) refuse('bad_date', `"${name}" holds "${value.slice(0, 40)}", which is not a date.`, `"${name}" 的值"${value.slice(0, 40)}"不是日期。`, { field: name });
  return new Date(ms!);
}

function listPlan(vt: Extract<ValueType, { type: 'list' }>, checks: boolean): Prep | null {
  const max = listLimit(vt);
  const item = planFor(vt.of, checks);
  if (!checks && !item) return null;
  return (value, name) => {
    if (!Array.isArray(value)) return value;
    if (checks && value.length > max) tooLong(name, 'list', max);
    if (!item) return value;
    let out: unknown[] = value;
    for (let i = 0; i < value.length; i++) {
      const v = item(value[i], name);
      if (v !== value[i]) {
        if (out === value) out = value.slice();
        out[i] = v;
      }
    }
    return out;
  };
}

function objectPlan(vt: Extract<ValueType, { type: 'object' }>, checks: boolean): Prep | null {
  const plans: [string, Prep][] = [];
  for (const [k, f] of Object.entries(vt.fields)) {
    const p = planFor(f, checks);
    if (p) plans.push([k, p]);
  }
  if (plans.length === 0) return null;
  return (value, name) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
    const src = value as Record<string, unknown>;
    let out = src;
    for (const [k, p] of plans) {
      if (!hasOwn(src, k) || src[k] === undefined || src[k] === null) continue;
      const v = p(src[k], `${name}.${k}`);
      if (v !== src[k]) {
        if (out === src) out = { ...src };
        out[k] = v;
      }
    }
    return out;
  };
}

/**
 * The boundary check and conversion for a value of type `vt`, or `null` when the
 * value passes as it is (numbers, yes/no). Without `checks` only dates are
 * converted: the fast path checks sizes itself as it reads values.
 */
export function planFor(vt: ValueType, checks = true): Prep | null {
  switch (vt.type) {
    case 'number':
    case 'boolean':
      return null;
    case 'text': {
      if (!checks) return null;
      const limit = textLimit(vt);
      return (v, name) => {
        if (typeof v === 'string' && v.length > limit) tooLong(name, 'text', limit);
        return v;
      };
    }
    case 'date':
    case 'datetime':
      return dateOf;
    case 'any':
      return checks ? checkAny : null;
    case 'list':
      return listPlan(vt, checks);
    case 'object':
      return objectPlan(vt, checks);
  }
}

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function plainObject(entries: Iterable<[unknown, unknown]>, asDate: boolean, depth: number): Record<string, unknown> {
  const out = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of entries) {
    if (typeof k !== 'string' || UNSAFE_KEYS.has(k)) continue;
    out[k] = toPlain(v, asDate, depth + 1);
  }
  return out;
}

/**
 * A CEL value as plain JSON. `asDate` writes timestamps as `YYYY-MM-DD`.
 * @example toPlain(3n, false) // → 3
 */
export function toPlain(value: unknown, asDate: boolean, depth = 0): unknown {
  if (depth > MAX_ANY_DEPTH) refuse('result_too_large', 'The result is nested too deeply.', '结果嵌套过深。');
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) refuse('not_finite', 'The result is not a finite number (for example a division by zero).', '结果不是有限的数字（例如除以零）。');
      return value;
    case 'bigint':
      return Number(value);
    case 'string':
    case 'boolean':
      return value;
    case 'object': {
      if (value === null) return null;
      if (value instanceof Date) return asDate ? isoDate(value.getTime()) : isoDateTime(value.getTime());
      if (Array.isArray(value)) return value.map((v) => toPlain(v, asDate, depth + 1));
      if (value instanceof Map) return plainObject(value.entries(), asDate, depth);
      const proto = Object.getPrototypeOf(value);
      if (proto === Object.prototype || proto === null) return plainObject(Object.entries(value), asDate, depth);
    }
  }
  return refuse('unsupported_result', 'The expression gives a kind of value that cannot be stored; make it give a number, text, yes/no, date or list.', '表达式的结果类型无法保存，请让它得到数字、文本、是/否、日期或列表。');
}

interface CelRuntimeError {
  readonly code?: string;
  readonly summary?: string;
  readonly message?: string;
}

/**
 * A problem for an error raised while evaluating.
 * @example runtimeProblem(new RangeError('Invalid string length')).code // → 'result_too_large'
 */
export function runtimeProblem(error: unknown): Problem {
  if (error instanceof BoundaryError) return error.problem;
  if (error instanceof ExpressionFunctionError) return { pointer: '', code: error.code, message: error.localized };
  if (error instanceof RangeError) return problem('', 'result_too_large', 'The expression builds a value that is too large.', '表达式生成的值过大。');
  const e = (typeof error === 'object' && error !== null ? error : {}) as CelRuntimeError;
  const detail = e.summary ?? e.message ?? String(error);
  switch (e.code) {
    case 'no_such_key':
    case 'unknown_variable': {
      const key = /: (.+)$/.exec(detail)?.[1] ?? '';
      return problem('', 'missing_value', `A value the expression needs is empty: "${key}".`, `表达式需要的值为空："${key}"。`, { field: key });
    }
    case 'variable_type_mismatch':
    case 'field_type_mismatch':
    case 'list_item_type_mismatch':
      return problem('', 'wrong_input_type', `A value has the wrong type for this expression: ${detail}.`, `某个值的类型不符合表达式的要求：${detail}。`, { detail });
    case 'division_by_zero':
    case 'modulo_by_zero':
      return problem('', 'division_by_zero', 'The expression divides by zero.', '表达式中出现了除以零。');
    case 'numeric_overflow':
      return problem('', 'number_too_large', 'A whole number in the expression became too large.', '表达式中的整数过大。');
    case 'index_out_of_bounds':
      return problem('', 'index_out_of_range', `The expression reads a list item that does not exist (${detail}).`, `表达式读取了不存在的列表项（${detail}）。`, { detail });
  }
  return problem('', 'evaluation_failed', `The expression could not be evaluated: ${detail}.`, `表达式无法计算：${detail}。`, { detail });
}

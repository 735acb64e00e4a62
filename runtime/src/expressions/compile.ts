/**
 * compileExpression: parse, sandbox checks, type check against the scope, result
 * type against what the caller expects, worst-case estimate — then an evaluator
 * that never throws. Results are cached by source, scope signature and expectation.
 */
import { problem, type Problem } from '@branchline/schemas';
import { rootReferences, type CelNode, type CelType } from './ast';
import { planFor, runtimeProblem, toPlain, BoundaryError, type Prep } from './boundary';
import { clock as sharedClock, environmentFor, type ScopeEnvironment } from './cel-env';
import { celErrorToProblem, wrongResultType } from './diagnostics';
import { DURATION, TIMESTAMP } from './errors';
import { compileFast } from './fast';
import { checkAllowed, checkCost } from './guard';
import { EXPRESSION_CACHE_SIZE, MAX_SOURCE_LENGTH } from './limits';
import { LruCache } from './lru';
import type { CompileOptions, CompileResult, CompiledExpression, EvalContext, EvalResult, Scope, ValueType } from './types';

// Local aliases: hot paths should not go through module-binding getters.
const clock = sharedClock;
const plain = toPlain;

interface Parsed {
  (vars: Record<string, unknown>): unknown;
  readonly ast: CelNode;
  check(): { valid: boolean; type?: string; error?: unknown };
}

/**
 * The business type of a checked CEL type.
 * @example valueTypeOf(parsed.ast.checkedType, se) // → { type: 'number' } for `double`
 */
export function valueTypeOf(t: CelType | undefined, se: ScopeEnvironment, expect?: string): ValueType {
  if (!t) return { type: 'any' };
  if (t.kind === 'list') return { type: 'list', of: valueTypeOf(t.valueType, se) };
  switch (t.name) {
    case 'double':
    case 'int':
    case 'uint':
      return { type: 'number' };
    case 'string':
      return { type: 'text' };
    case 'bool':
      return { type: 'boolean' };
    case TIMESTAMP:
      return { type: expect === 'date' ? 'date' : 'datetime' };
  }
  const object = se.objects.get(t.name);
  return object ? { type: 'object', fields: object.fields } : { type: 'any' };
}

function compatible(expect: string | undefined, got: ValueType, celType: CelType): boolean {
  if (!expect || expect === 'any' || got.type === 'any' || celType.hasDynType && celType.kind === 'dyn') return true;
  if (expect === 'date' || expect === 'datetime') return got.type === 'date' || got.type === 'datetime';
  return expect === got.type;
}

/** Does a dynamically typed result have the expected kind? */
function matchesAtRuntime(expect: string | undefined, value: unknown): boolean {
  switch (expect) {
    case 'number':
      return typeof value === 'number' || typeof value === 'bigint';
    case 'text':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'date':
    case 'datetime':
      return value instanceof Date;
    case 'list':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
    default:
      return true;
  }
}

function missing(name: string): never {
  throw new BoundaryError(problem('', 'missing_value', `"${name}" is empty; the expression needs a value for it.`, `"${name}" 为空，表达式需要它的值。`, { field: name }));
}

type Run = (vars: Record<string, unknown>) => unknown;

class Compiled implements CompiledExpression {
  readonly #run: Run;
  readonly #names: readonly string[];
  readonly #preps: readonly (Prep | null)[];
  readonly #expect: string | undefined;
  readonly #dynamic: boolean;
  readonly #asDate: boolean;

  constructor(readonly source: string, readonly resultType: ValueType, readonly references: readonly string[], run: Run, fast: boolean, scope: Scope, expect: string | undefined, dynamic: boolean) {
    this.#run = run;
    this.#names = references;
    this.#preps = references.map((r) => (scope[r] ? planFor(scope[r], !fast) : null));
    this.#expect = expect;
    this.#dynamic = dynamic;
    this.#asDate = resultType.type === 'date';
  }

  #prepare(vars: Readonly<Record<string, unknown>>): Record<string, unknown> {
    if (typeof vars !== 'object' || vars === null) throw new BoundaryError(problem('', 'missing_value', 'The expression was given no values.', '未向表达式提供任何值。'));
    let out = vars as Record<string, unknown>;
    const names = this.#names;
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const v = Object.hasOwn(vars, name) ? vars[name] : undefined;
      if (v === undefined || v === null) missing(name);
      const prep = this.#preps[i];
      if (!prep) continue;
      const converted = prep(v, name);
      if (converted !== v) {
        if (out === vars) out = { ...vars };
        out[name] = converted;
      }
    }
    return out;
  }

  evaluate(vars: Readonly<Record<string, unknown>>, ctx: EvalContext): EvalResult {
    try {
      const input = this.#prepare(vars);
      clock.now = typeof ctx?.now === 'number' ? ctx.now : Number.NaN;
      const raw = this.#run(input);
      if (this.#dynamic && !matchesAtRuntime(this.#expect, raw)) {
        return { ok: false, error: problem('', 'wrong_result_type', `The expression must give ${this.#expect} but gave something else.`, `表达式的结果必须是 ${this.#expect}，但实际不是。`, { expected: this.#expect }) };
      }
      if (typeof raw === 'number' && Number.isFinite(raw)) return { ok: true, value: raw };
      if (typeof raw === 'boolean' || typeof raw === 'string') return { ok: true, value: raw };
      return { ok: true, value: plain(raw, this.#asDate) };
    } catch (error) {
      return { ok: false, error: runtimeProblem(error) };
    }
  }
}

function compileUncached(source: string, scope: Scope, expect: string | undefined, library = false): CompileResult {
  if (typeof source !== 'string' || source.trim() === '') {
    return { ok: false, problems: [problem('', 'expression_empty', 'The expression is empty; write one such as total > 1000.', '表达式为空，请填写，例如 total > 1000。')] };
  }
  if (source.length > MAX_SOURCE_LENGTH) {
    return { ok: false, problems: [problem('', 'expression_too_complex', `The expression is longer than ${MAX_SOURCE_LENGTH} characters; split it into computed fields.`, `表达式超过 ${MAX_SOURCE_LENGTH} 个字符，请拆分为多个计算字段。`, { limit: MAX_SOURCE_LENGTH })] };
  }
  const se = environmentFor(scope);
  let parsed: Parsed;
  try {
    parsed = se.env.parse(source) as unknown as Parsed;
  } catch (error) {
    return { ok: false, problems: [celErrorToProblem(error, se, undefined)] };
  }
  const refused = checkAllowed(parsed.ast);
  if (refused.length) return { ok: false, problems: refused };
  const checked = parsed.check();
  if (!checked.valid) return { ok: false, problems: [celErrorToProblem(checked.error, se, parsed.ast)] };
  const celType = parsed.ast.checkedType!;
  const resultType = valueTypeOf(celType, se, expect);
  const problems: Problem[] = [];
  if (celType.name === DURATION || !compatible(expect, resultType, celType)) problems.push(wrongResultType(expect ?? 'any', celType, se));
  const lookup = { scope, objects: se.objects };
  problems.push(...checkCost(parsed.ast, lookup));
  if (problems.length) return { ok: false, problems };
  const dynamic = celType.kind === 'dyn' && !!expect && expect !== 'any';
  const fast = library ? undefined : compileFast(parsed.ast, se.evaluator, lookup);
  return { ok: true, expression: new Compiled(source, resultType, rootReferences(parsed.ast), fast ?? parsed, !!fast, scope, expect, dynamic) };
}

const cache = new LruCache<string, CompileResult>(EXPRESSION_CACHE_SIZE);

/**
 * Compile without the fast path (uncached): every evaluation runs on the CEL
 * library's own evaluator. For tests that compare both paths.
 */
export function compileOnLibrary(source: string, scope: Scope, opts: CompileOptions = {}): CompileResult {
  return compileUncached(source, scope, opts.expect, true);
}

/**
 * Compile an expression against the variables it may name. Problems carry pointer
 * `''` (prefix your own), a stable code and zh-CN/en messages; the compiled
 * expression is cached, so compiling the same definition again is cheap.
 *
 * @example
 * const r = compileExpression('discount_pct / 100 * total', { discount_pct: { type: 'number' }, total: { type: 'number' } }, { expect: 'number' });
 * if (r.ok) r.expression.evaluate({ discount_pct: 5, total: 200 }, { now: 0 }) // → { ok: true, value: 10 }
 */
export function compileExpression(source: string, scope: Scope, opts: CompileOptions = {}): CompileResult {
  const se = environmentFor(scope);
  const key = `${se.signature}\u0000${opts.expect ?? ''}\u0000${source}`;
  let result = cache.get(key);
  if (!result) {
    try {
      result = compileUncached(source, scope, opts.expect);
    } catch (error) {
      result = { ok: false, problems: [problem('', 'expression_invalid', `The expression could not be checked: ${String(error)}.`, `无法检查表达式：${String(error)}。`)] };
    }
    cache.set(key, result);
  }
  return result;
}

/**
 * compileForm: a form definition compiled once into a submission JSON Schema with
 * a cached ajv validator and an evaluation plan, then used for every submission
 * (server) and every keystroke (editor preview). Compiled forms are cached by
 * definition object and, optionally, by a `cacheKey` such as `quote@3`.
 */
import { createAjv, problem, validateShape, type FormDefinition, type Problem } from '@branchline/schemas';
import type { ValidateFunction } from 'ajv';
import { LruCache } from '../expressions/lru';
import type { EvalContext, Scope } from '../expressions/types';
import { validateFormSemantics } from '../validate/form';
import { applyDefaults, checkRequired, checkRules, fieldsByKey, normalize, settle, type Row, type Run } from './engine';
import { compileFormExpressions } from './expressions';
import { isPhone, submissionSchema } from './json-schema';
import { buildPlan, type FormPlan } from './plan';
import { formScope } from './scope';
import { submissionProblems } from './submission-problems';

export type FormValidation = { readonly ok: true; readonly record: Record<string, unknown> } | { readonly ok: false; readonly problems: Problem[] };

export interface FormPreview {
  /** The values as they would be stored: defaults applied, computed values filled in, hidden fields left out. */
  readonly values: Record<string, unknown>;
  readonly visible: Record<string, boolean>;
  readonly required: Record<string, boolean>;
  readonly problems: Problem[];
}

export interface PreviewOptions {
  /** Also report required fields that are empty (a draft is not refused for them by default). */
  readonly reportMissing?: boolean;
}

export interface CompiledForm {
  readonly definition: FormDefinition;
  /** JSON Schema 2020-12 of a submission (types, ranges, options, no unknown keys). */
  readonly schema: Record<string, unknown>;
  readonly scope: Scope;
  /** Problems of the definition itself; when any, every submission is refused. */
  readonly definitionProblems: readonly Problem[];
  /** Check a submission; never throws. */
  validate(data: unknown, ctx: EvalContext): FormValidation;
  /** Live preview of a draft; never throws. */
  evaluate(data: unknown, ctx: EvalContext, opts?: PreviewOptions): FormPreview;
}

function internal(error: unknown): Problem {
  return problem('', 'internal_error', `The submission could not be checked: ${String(error)}`, `无法检查提交的数据：${String(error)}`);
}

class Form implements CompiledForm {
  readonly #plan: FormPlan | undefined;
  readonly #validator: ValidateFunction | undefined;

  constructor(
    readonly definition: FormDefinition,
    readonly schema: Record<string, unknown>,
    readonly scope: Scope,
    readonly definitionProblems: readonly Problem[],
    plan?: FormPlan,
    validator?: ValidateFunction,
  ) {
    this.#plan = plan;
    this.#validator = validator;
  }

  #run(data: unknown, ctx: EvalContext, report: boolean): Run | Problem[] {
    const plan = this.#plan;
    const validator = this.#validator;
    if (!plan || !validator) {
      return [problem('', 'form_definition_invalid', 'This form cannot accept data until its definition is fixed.', '表单定义有误，修正之前无法接收数据。', { problems: this.definitionProblems.length })];
    }
    const input: Problem[] = [];
    const record = normalize(data, plan, input);
    if (!record) return input;
    const run: Run = { record, input, derived: [], warnings: [], visible: {}, required: {} };
    applyDefaults(record, plan);
    settle(this.definition, plan, run, ctx);
    if (!validator(record)) input.push(...submissionProblems(validator.errors ?? [], this.definition, fieldsByKey(plan)));
    checkRequired(this.definition, plan, run, ctx, report);
    if (input.length === 0) checkRules(this.definition, plan, run, ctx);
    return run;
  }

  validate(data: unknown, ctx: EvalContext): FormValidation {
    try {
      const run = this.#run(data, ctx, true);
      if (Array.isArray(run)) return { ok: false, problems: run };
      const problems = run.input.length ? run.input : run.derived;
      return problems.length ? { ok: false, problems } : { ok: true, record: run.record };
    } catch (error) {
      return { ok: false, problems: [internal(error)] };
    }
  }

  evaluate(data: unknown, ctx: EvalContext, opts: PreviewOptions = {}): FormPreview {
    try {
      const run = this.#run(data, ctx, opts.reportMissing === true);
      if (Array.isArray(run)) return { values: {}, visible: {}, required: {}, problems: run };
      return { values: run.record as Row, visible: run.visible, required: run.required, problems: [...run.input, ...run.derived, ...run.warnings] };
    } catch (error) {
      return { values: {}, visible: {}, required: {}, problems: [internal(error)] };
    }
  }
}

function build(def: FormDefinition): CompiledForm {
  const shape = validateShape('form', def);
  if (shape.length) return new Form(def, {}, {}, shape);
  const schema = submissionSchema(def);
  const scope = formScope(def);
  const semantic = validateFormSemantics(def).filter((p) => p.severity !== 'warning');
  if (semantic.length) return new Form(def, schema, scope, semantic);
  const ajv = createAjv();
  ajv.addFormat('phone', { type: 'string', validate: isPhone });
  const validator = ajv.compile(schema);
  return new Form(def, schema, scope, [], buildPlan(def, compileFormExpressions(def)), validator);
}

const byDefinition = new WeakMap<object, CompiledForm>();
const byKey = new LruCache<string, CompiledForm>(500);

/**
 * Compile a form definition (as resolved from template + overlay).
 *
 * @example
 * const form = compileForm(quoteDefinition, { cacheKey: 'quote@3' });
 * const r = form.validate({ customer_name: 'ACME', currency: 'CNY', lines: [{ product_name: 'X', quantity: 2, unit_price: 100, discount_pct: 5 }] }, { now: clock.now() });
 * if (r.ok) save(r.record); // r.record.lines[0].line_total === 190, r.record.total === 190
 * else show(r.problems);    // e.g. { pointer: '/lines/0/discount_pct', code: 'too_large', … }
 */
export function compileForm(def: FormDefinition, opts: { readonly cacheKey?: string } = {}): CompiledForm {
  const isObject = typeof def === 'object' && def !== null;
  const cached = (isObject ? byDefinition.get(def) : undefined) ?? (opts.cacheKey !== undefined ? byKey.get(opts.cacheKey) : undefined);
  if (cached) return cached;
  let form: CompiledForm;
  try {
    form = build(def);
  } catch (error) {
    form = new Form(def, {}, {}, [problem('', 'internal_check_failed', `The form could not be compiled: ${String(error)}`, `无法编译该表单：${String(error)}`)]);
  }
  if (isObject) byDefinition.set(def, form);
  if (opts.cacheKey !== undefined) byKey.set(opts.cacheKey, form);
  return form;
}

/**
 * The steps of checking a submission, shared by `validate` and `evaluate`:
 * normalize (copy, drop empty values, refuse `__proto__`), defaults, settle values
 * in dependency order (visibility, computed fields and columns), required-ness and
 * rules. Problems are collected into a {@link Run}; nothing here throws on data.
 */
import { escapePointerToken, pointer, problem, type FormDefinition, type FormRule, type Problem } from '@branchline/schemas';
import { roundTo } from '../expressions/functions';
import type { CompiledExpression, EvalContext } from '../expressions/types';
import { bilingual, labelAt } from './labels';
import type { FieldPlan, FormPlan, TablePlan } from './plan';

// A local alias: the hot path should not go through a module-binding getter.
const round = roundTo;

export type Row = Record<string, unknown>;

export interface Run {
  readonly record: Row;
  /** Problems in what was submitted (types, formats, unknown keys, required). */
  readonly input: Problem[];
  /** Computed values and rules that failed on valid-looking input. */
  readonly derived: Problem[];
  /** Expressions that failed where a default was assumed (shown in previews only). */
  readonly warnings: Problem[];
  readonly visible: Record<string, boolean>;
  readonly required: Record<string, boolean>;
}

const hasOwn = Object.hasOwn;
const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

function isPlainObject(v: unknown): v is Row {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

const protoKey = (at: string) => problem(`${at}/__proto__`, 'unknown_field', '"__proto__" is not a field of this form; remove it.', '"__proto__"不是此表单的字段，请删除。', { key: '__proto__' });

/**
 * Copy an object's own values into a fresh object built property by property (so
 * copies share hidden classes, which keeps the validator and expressions fast; a
 * spread gives every copy a new one); `__proto__` is refused, never assigned; empty
 * values are dropped; lists are copied.
 */
function copyValues(source: Row, at: string, input: Problem[]): Row {
  const out: Row = {};
  const keys = Object.keys(source);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key === '__proto__') {
      input.push(protoKey(at));
      continue;
    }
    const v = source[key];
    if (v === null || v === '' || v === undefined) continue;
    out[key] = Array.isArray(v) ? v.slice() : v;
  }
  return out;
}

/** Step 1: a working copy of the submission, or `undefined` when it is not an object. */
export function normalize(data: unknown, plan: FormPlan, input: Problem[]): Row | undefined {
  if (!isPlainObject(data)) {
    input.push(problem('', 'not_an_object', 'A submission must be an object of field values, e.g. {"company_name": "…"}.', '提交的数据必须是字段值组成的对象，例如 {"company_name": "…"}。'));
    return undefined;
  }
  const record = copyValues(data, '', input);
  for (const f of plan.fields) {
    const rows = f.table && record[f.key];
    if (!Array.isArray(rows)) continue;
    const copies = new Array<unknown>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row: unknown = rows[i];
      copies[i] = isPlainObject(row) ? copyValues(row, `${f.at}/${i}`, input) : row;
    }
    record[f.key] = copies;
  }
  return record;
}

const copyDefault = (v: unknown) => (Array.isArray(v) ? v.slice() : v);

/** Step 2: defaults for absent fields and cells. */
export function applyDefaults(record: Row, plan: FormPlan): void {
  for (const f of plan.fields) {
    if (f.defaultValue !== undefined && !hasOwn(record, f.key)) record[f.key] = copyDefault(f.defaultValue);
    const rows = f.table?.defaults.length ? record[f.key] : undefined;
    if (!Array.isArray(rows)) continue;
    for (const row of rows) {
      if (!isPlainObject(row)) continue;
      for (const [k, v] of f.table!.defaults) if (!hasOwn(row, k)) row[k] = copyDefault(v);
    }
  }
}

function failed(code: string, at: string, label: { en: string; zh: string }, cause: Problem): Problem {
  return problem(at, code, `"${label.en}" could not be worked out: ${cause.message.en}`, `无法计算"${label.zh}"：${cause.message['zh-CN']}`, { cause: cause.code });
}

/** A condition's value; an expression that cannot run counts as false. */
function condition(expr: CompiledExpression, vars: Row, ctx: EvalContext, run: Run, at: string): boolean {
  const r = expr.evaluate(vars, ctx);
  if (r.ok) return r.value === true;
  if (r.error.code !== 'missing_value') run.warnings.push({ ...r.error, pointer: at, severity: 'warning' });
  return false;
}

function computeCell(c: TablePlan['computed'][number], row: Row, record: Row, ctx: EvalContext): ReturnType<CompiledExpression['evaluate']> {
  if (c.rowOnly) return c.expression.evaluate(row, ctx);
  const vars: Row = {};
  for (const r of c.refs) vars[r.name] = r.inRow ? row[r.name] : record[r.name];
  return c.expression.evaluate(vars, ctx);
}

function settleTable(f: FieldPlan, t: TablePlan, def: FormDefinition, plan: FormPlan, run: Run, ctx: EvalContext): void {
  const rows = run.record[f.key];
  if (!Array.isArray(rows) || rows.length > t.maxRows || t.computed.length === 0) return;
  for (let i = 0; i < rows.length; i++) {
    const row: unknown = rows[i];
    if (!isPlainObject(row)) continue;
    for (const c of t.computed) {
      if (hasOwn(row, c.key)) delete row[c.key]; // a delete is a slow runtime call even when nothing is there
      const r = computeCell(c, row, run.record, ctx);
      if (r.ok) row[c.key] = c.decimals !== undefined && typeof r.value === 'number' ? round(r.value, c.decimals) : r.value;
      else if (r.error.code !== 'missing_value') {
        const tokens = [f.key, String(i), c.key];
        run.derived.push(failed('computed_failed', `/${tokens.map(escapePointerToken).join('/')}`, labelAt(def, fieldsByKey(plan), tokens), r.error));
      }
    }
  }
}

const fieldMaps = new WeakMap<FormPlan, Map<string, FieldPlan['field']>>();
/** Field definitions by key (for labels). */
export function fieldsByKey(plan: FormPlan): Map<string, FieldPlan['field']> {
  let m = fieldMaps.get(plan);
  if (!m) fieldMaps.set(plan, (m = new Map(plan.fields.map((f) => [f.key, f.field]))));
  return m;
}

/** Step 3: in dependency order, hide fields whose visibleWhen is false and compute values. */
export function settle(def: FormDefinition, plan: FormPlan, run: Run, ctx: EvalContext): void {
  const { record } = run;
  for (const f of plan.order) {
    const visible = f.visibleWhen ? condition(f.visibleWhen, record, ctx, run, `${f.defAt}/visibleWhen`) : true;
    run.visible[f.key] = visible;
    if ((!visible || f.computed) && hasOwn(record, f.key)) delete record[f.key];
    if (!visible) continue;
    if (f.computed) {
      const r = f.computed.evaluate(record, ctx);
      if (r.ok) record[f.key] = f.decimals !== undefined && typeof r.value === 'number' ? round(r.value, f.decimals) : r.value;
      else if (r.error.code !== 'missing_value') run.derived.push(failed('computed_failed', f.at, bilingual(f.field.label, f.key), r.error));
    }
    if (f.table) settleTable(f, f.table, def, plan, run, ctx);
  }
}

function requiredProblem(at: string, label: { en: string; zh: string }): Problem {
  return problem(at, 'required', `"${label.en}" is required; fill it in.`, `请填写"${label.zh}"（必填）。`);
}

function checkRows(f: FieldPlan, t: TablePlan, def: FormDefinition, plan: FormPlan, run: Run): void {
  const rows = run.record[f.key];
  if (!Array.isArray(rows) || t.required.length === 0) return;
  for (let i = 0; i < rows.length; i++) {
    const row: unknown = rows[i];
    if (!isPlainObject(row)) continue;
    for (const c of t.required) {
      if (!isEmpty(row[c.key])) continue;
      const tokens = [f.key, String(i), c.key];
      run.input.push(requiredProblem(`/${tokens.map(escapePointerToken).join('/')}`, labelAt(def, fieldsByKey(plan), tokens)));
    }
  }
}

/** Step 4: which visible fields are required, and (when `report`) problems for empty ones. */
export function checkRequired(def: FormDefinition, plan: FormPlan, run: Run, ctx: EvalContext, report: boolean): void {
  for (const f of plan.fields) {
    const visible = run.visible[f.key] !== false;
    const required = visible && f.field.type !== 'computed' && (f.field.required === true || (f.requiredWhen ? condition(f.requiredWhen, run.record, ctx, run, `${f.defAt}/requiredWhen`) : false));
    run.required[f.key] = required;
    if (!report || !visible) continue;
    const value = run.record[f.key];
    if (f.field.type !== 'consent' && !(required && isEmpty(value))) {
      if (f.table) checkRows(f, f.table, def, plan, run);
      continue;
    }
    const label = bilingual(f.field.label, f.key);
    if (f.field.type === 'consent' && required && value !== true) {
      run.input.push(problem(f.at, 'consent_required', `Please agree to "${label.en}" to continue.`, `请同意"${label.zh}"后继续。`));
    } else if (required && isEmpty(value)) run.input.push(requiredProblem(f.at, label));
    if (f.table) checkRows(f, f.table, def, plan, run);
  }
}

function ruleAt(rule: FormRule): string {
  return rule.field === undefined ? '' : pointer(rule.field);
}

/** Step 5: cross-field rules; a rule that cannot be evaluated for want of a value is skipped. */
export function checkRules(def: FormDefinition, plan: FormPlan, run: Run, ctx: EvalContext): void {
  (def.rules ?? []).forEach((rule, i) => {
    const expr = plan.rules[i];
    if (!expr) return;
    const r = expr.evaluate(run.record, ctx);
    if (r.ok && r.value === false) {
      const m = bilingual(rule.message, rule.id);
      run.derived.push(problem(ruleAt(rule), 'rule_violated', m.en, m.zh, { rule: rule.id }));
    } else if (!r.ok && r.error.code !== 'missing_value') {
      run.derived.push(problem(ruleAt(rule), 'rule_failed', `The rule "${rule.id}" could not be checked: ${r.error.message.en}`, `无法检查规则"${rule.id}"：${r.error.message['zh-CN']}`, { rule: rule.id, cause: r.error.code }));
    }
  });
}

/**
 * Every expression of a form compiled once: computed fields and columns,
 * visibleWhen, requiredWhen and rule asserts, with design-time problems pointing
 * at the expression's property, and the dependencies that order evaluation.
 */
import { pointer, type FieldOfType, type FormDefinition, type Problem } from '@branchline/schemas';
import { compileExpression } from '../expressions/compile';
import type { CompiledExpression, ValueType } from '../expressions/types';
import { formScope, rowScope } from './scope';

export interface FieldExpressions {
  readonly computed?: CompiledExpression;
  readonly visibleWhen?: CompiledExpression;
  readonly requiredWhen?: CompiledExpression;
}

export interface TableExpressions {
  /** Computed columns by key. */
  readonly computed: ReadonlyMap<string, CompiledExpression>;
  /** Column → columns of the same row it depends on. */
  readonly deps: ReadonlyMap<string, readonly string[]>;
}

export interface FormExpressions {
  readonly problems: Problem[];
  readonly fields: ReadonlyMap<string, FieldExpressions>;
  readonly tables: ReadonlyMap<string, TableExpressions>;
  /** Rule asserts, by rule index (undefined where the assert does not compile). */
  readonly rules: readonly (CompiledExpression | undefined)[];
  /** Top-level field → top-level fields its value depends on (computed, visibleWhen, computed columns). */
  readonly deps: ReadonlyMap<string, readonly string[]>;
}

type Compile = (source: string | undefined, at: string, expect: ValueType['type']) => CompiledExpression | undefined;

function tableExpressions(def: FormDefinition, table: FieldOfType<'table'>, at: string, compile: (s: string, p: string, e: ValueType['type'], scope: ReturnType<typeof rowScope>) => CompiledExpression | undefined) {
  const scope = rowScope(def, table);
  const columnKeys = new Set(table.columns.map((c) => c.key));
  const computed = new Map<string, CompiledExpression>();
  const deps = new Map<string, string[]>();
  const outer = new Set<string>();
  table.columns.forEach((c, j) => {
    if (c.type !== 'computed') return;
    const e = compile(c.expression, pointer('fields', Number(at), 'columns', j, 'expression'), c.resultType, scope);
    if (!e) return;
    computed.set(c.key, e);
    deps.set(c.key, e.references.filter((r) => columnKeys.has(r)));
    for (const r of e.references) if (!columnKeys.has(r)) outer.add(r);
  });
  return { table: { computed, deps }, outer: [...outer] };
}

/**
 * Compile every expression of a form against its scope.
 * @example compileFormExpressions(quote).problems // → [] when every expression is valid
 */
export function compileFormExpressions(def: FormDefinition): FormExpressions {
  const problems: Problem[] = [];
  const scope = formScope(def);
  const compileIn = (source: string, at: string, expect: ValueType['type'], s = scope) => {
    const r = compileExpression(source, s, { expect });
    if (r.ok) return r.expression;
    for (const p of r.problems) problems.push({ ...p, pointer: at + p.pointer });
    return undefined;
  };
  const compile: Compile = (source, at, expect) => (source === undefined ? undefined : compileIn(source, at, expect));
  const fields = new Map<string, FieldExpressions>();
  const tables = new Map<string, TableExpressions>();
  const deps = new Map<string, string[]>();
  def.fields.forEach((f, i) => {
    const visibleWhen = compile(f.visibleWhen, pointer('fields', i, 'visibleWhen'), 'boolean');
    const requiredWhen = compile(f.requiredWhen, pointer('fields', i, 'requiredWhen'), 'boolean');
    const computed = f.type === 'computed' ? compile(f.expression, pointer('fields', i, 'expression'), f.resultType) : undefined;
    const refs = [...(visibleWhen?.references ?? []), ...(computed?.references ?? [])];
    if (f.type === 'table') {
      const t = tableExpressions(def, f, String(i), compileIn);
      tables.set(f.key, t.table);
      refs.push(...t.outer);
    }
    if (!fields.has(f.key)) {
      fields.set(f.key, { computed, visibleWhen, requiredWhen });
      deps.set(f.key, [...new Set(refs)]);
    }
  });
  const rules = (def.rules ?? []).map((r, i) => compile(r.assert, pointer('rules', i, 'assert'), 'boolean'));
  return { problems, fields, tables, rules, deps };
}

/**
 * Renaming a field key or a table column key of a form together with everything
 * that names it: computed fields and columns, visibleWhen, requiredWhen, rule
 * asserts (through the expression parse tree, see expressions/rename.ts), a rule's
 * target field, titleField and currencyField. Pure: returns a new definition.
 */
import type { FieldOfType, FormDefinition, FormField, TableColumn } from '@branchline/schemas';
import { pointer } from '@branchline/schemas';
import { renameInExpression, type RenameSpec } from '../expressions/rename';

export interface RenameOutcome<D> {
  readonly definition: D;
  /** Pointers of the expressions that were rewritten. */
  readonly rewritten: string[];
  /** Expressions left as they were: they do not parse, or the new name is shadowed there. */
  readonly skipped: { readonly pointer: string; readonly reason: 'unparsable' | 'shadowed' }[];
}

type Expr = (source: string | undefined, at: string, spec: RenameSpec | undefined) => string | undefined;

function rewriter(): { expr: Expr; rewritten: string[]; skipped: RenameOutcome<unknown>['skipped'] } {
  const rewritten: string[] = [];
  const skipped: { pointer: string; reason: 'unparsable' | 'shadowed' }[] = [];
  const expr: Expr = (source, at, spec) => {
    if (source === undefined || !spec) return source;
    const r = renameInExpression(source, spec);
    if (!r.ok) {
      if (r.reason === 'shadowed' || source.includes(spec.from)) skipped.push({ pointer: at, reason: r.reason });
      return source;
    }
    if (r.changed) rewritten.push(at);
    return r.source;
  };
  return { expr, rewritten, skipped };
}

/** `obj` with `prop` set to `value` when that differs (the same object otherwise); `undefined` leaves it absent. */
function withProp<T extends object>(obj: T, prop: string, value: string | undefined): T {
  const o = obj as Record<string, unknown>;
  return value === undefined || o[prop] === value ? obj : ({ ...obj, [prop]: value } as T);
}

/** The expressions of one top-level field (not its columns). */
function fieldExpressions(f: FormField, i: number, expr: Expr, spec: RenameSpec): FormField {
  let out = withProp(f, 'visibleWhen', expr(f.visibleWhen, pointer('fields', i, 'visibleWhen'), spec));
  out = withProp(out, 'requiredWhen', expr(f.requiredWhen, pointer('fields', i, 'requiredWhen'), spec));
  if (out.type === 'computed') out = withProp(out, 'expression', expr(out.expression, pointer('fields', i, 'expression'), spec));
  return out;
}

/** A table's columns with `change` applied to each and their computed expressions rewritten by `spec` (row scope). */
function mapColumns(t: FieldOfType<'table'>, i: number, expr: Expr, spec: RenameSpec | undefined, change: (c: TableColumn) => TableColumn = (c) => c): FieldOfType<'table'> {
  const columns = t.columns.map((c0, j) => {
    const c = change(c0);
    return c.type === 'computed' ? withProp(c, 'expression', expr(c.expression, pointer('fields', i, 'columns', j, 'expression'), spec)) : c;
  });
  return columns.every((c, j) => c === t.columns[j]) ? t : { ...t, columns };
}

/**
 * `def` with field `from` renamed to `to` and every reference to it rewritten. Inside a
 * table whose own column is called `from`, a bare `from` means the column and is kept.
 * Unchanged (same object) when there is no field `from` or `to` is taken.
 * @example
 * renameFormField(quote, 'customer_tier', 'tier').definition.fields[1].key // → 'tier'
 */
export function renameFormField(def: FormDefinition, from: string, to: string): RenameOutcome<FormDefinition> {
  const { expr, rewritten, skipped } = rewriter();
  if (from === to || !def.fields.some((f) => f.key === from) || def.fields.some((f) => f.key === to)) return { definition: def, rewritten, skipped };
  const spec: RenameSpec = { root: 'scope', from, to };
  const fields = def.fields.map((f0, i) => {
    let f = fieldExpressions(f0.key === from ? ({ ...f0, key: to } as FormField) : f0, i, expr, spec);
    if (f.type === 'currency' && f.currencyField === from) f = { ...f, currencyField: to };
    if (f.type === 'table') {
      const own = new Set(f.columns.map((c) => c.key));
      // Columns shadow top-level fields in a table's own expressions.
      const inRows = own.has(from) ? undefined : spec;
      f = mapColumns(f, i, expr, inRows, (c) => (c.type === 'currency' && c.currencyField === from && !own.has(from) ? { ...c, currencyField: to } : c));
    }
    return f;
  });
  const rules = def.rules?.map((r, i) => {
    const out = withProp(r, 'assert', expr(r.assert, pointer('rules', i, 'assert'), spec));
    return r.field === from ? { ...out, field: to } : out;
  });
  const next: FormDefinition = { ...def, fields, ...(rules ? { rules } : {}), ...(def.titleField === from ? { titleField: to } : {}) };
  return { definition: next, rewritten, skipped };
}

/**
 * `def` with column `from` of table `table` renamed to `to`, and every reference
 * rewritten: `lines.map(l, l.from)`, `lines.filter(l, …).map(m, m.from)`, `lines[0].from`
 * in any expression, and the bare `from` in the table's own computed columns.
 * @example
 * renameFormColumn(quote, 'lines', 'quantity', 'qty').definition
 */
export function renameFormColumn(def: FormDefinition, table: string, from: string, to: string): RenameOutcome<FormDefinition> {
  const { expr, rewritten, skipped } = rewriter();
  const t = def.fields.find((f): f is FieldOfType<'table'> => f.key === table && f.type === 'table');
  if (from === to || !t || !t.columns.some((c) => c.key === from) || t.columns.some((c) => c.key === to)) return { definition: def, rewritten, skipped };
  const rows: RenameSpec = { root: 'scope', table, from, to };
  const fields = def.fields.map((f0, i) => {
    let f = fieldExpressions(f0, i, expr, rows);
    if (f.type !== 'table') return f;
    if (f.key === table) {
      const rename = (c: TableColumn): TableColumn => {
        const keyed = c.key === from ? ({ ...c, key: to } as TableColumn) : c;
        return keyed.type === 'currency' && keyed.currencyField === from ? { ...keyed, currencyField: to } : keyed;
      };
      f = mapColumns(f, i, expr, { root: 'scope', from, to }, rename);
    } else if (!f.columns.some((c) => c.key === table)) f = mapColumns(f, i, expr, rows);
    return f;
  });
  const rules = def.rules?.map((r, i) => withProp(r, 'assert', expr(r.assert, pointer('rules', i, 'assert'), rows)));
  return { definition: { ...def, fields, ...(rules ? { rules } : {}) }, rewritten, skipped };
}

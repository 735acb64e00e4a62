/**
 * A form compiled for evaluation: fields in dependency order with their compiled
 * expressions, table columns with computed columns in row order, defaults.
 */
import { pointer, type FieldOfType, type FormDefinition, type FormField, type TableColumn } from '@branchline/schemas';
import type { CompiledExpression } from '../expressions/types';
import { topologicalOrder } from './dependencies';
import type { FormExpressions } from './expressions';

export interface ComputedColumn {
  readonly key: string;
  readonly expression: CompiledExpression;
  readonly decimals: number | undefined;
  /** For each reference: read from the row (a column) or from the top-level record. */
  readonly refs: readonly { readonly name: string; readonly inRow: boolean }[];
  /** Every reference is a column: the row itself can be the expression's variables. */
  readonly rowOnly: boolean;
}

export interface TablePlan {
  readonly field: FieldOfType<'table'>;
  readonly maxRows: number;
  readonly computed: readonly ComputedColumn[];
  readonly defaults: readonly (readonly [string, unknown])[];
  readonly required: readonly TableColumn[];
}

export interface FieldPlan {
  readonly key: string;
  readonly index: number;
  /** `/key` in a submission. */
  readonly at: string;
  /** `/fields/i` in the definition. */
  readonly defAt: string;
  readonly field: FormField;
  readonly computed?: CompiledExpression;
  readonly decimals?: number;
  readonly visibleWhen?: CompiledExpression;
  readonly requiredWhen?: CompiledExpression;
  readonly table?: TablePlan;
  readonly defaultValue?: unknown;
}

export interface FormPlan {
  /** Fields in definition order. */
  readonly fields: readonly FieldPlan[];
  /** Fields in dependency order (what a value depends on comes first). */
  readonly order: readonly FieldPlan[];
  readonly byKey: ReadonlyMap<string, FieldPlan>;
  readonly rules: FormExpressions['rules'];
}

function defaultOf(f: FormField | TableColumn): unknown {
  return 'default' in f ? f.default : undefined;
}

function tablePlan(f: FieldOfType<'table'>, exprs: FormExpressions): TablePlan {
  const t = exprs.tables.get(f.key);
  const columnKeys = new Set(f.columns.map((c) => c.key));
  const order = t ? topologicalOrder(f.columns.map((c) => c.key), t.deps) : { ok: true as const, order: [] };
  const computed: ComputedColumn[] = [];
  for (const key of order.ok ? order.order : []) {
    const expression = t?.computed.get(key);
    const column = f.columns.find((c) => c.key === key);
    if (!expression || column?.type !== 'computed') continue;
    const refs = expression.references.map((name) => ({ name, inRow: columnKeys.has(name) }));
    computed.push({ key, expression, decimals: column.decimals, refs, rowOnly: refs.every((r) => r.inRow) });
  }
  return {
    field: f,
    maxRows: Math.min(f.validation?.maxRows ?? 1000, 1000),
    computed,
    defaults: f.columns.filter((c) => c.type !== 'computed' && defaultOf(c) !== undefined).map((c) => [c.key, defaultOf(c)] as const),
    required: f.columns.filter((c) => c.required && c.type !== 'computed'),
  };
}

/** Build the evaluation plan of a form whose expressions compiled without problems. */
export function buildPlan(def: FormDefinition, exprs: FormExpressions): FormPlan {
  const fields: FieldPlan[] = [];
  const byKey = new Map<string, FieldPlan>();
  def.fields.forEach((field, index) => {
    if (byKey.has(field.key)) return;
    const e = exprs.fields.get(field.key);
    const plan: FieldPlan = {
      key: field.key,
      index,
      at: pointer(field.key),
      defAt: pointer('fields', index),
      field,
      computed: e?.computed,
      decimals: field.type === 'computed' ? field.decimals : undefined,
      visibleWhen: e?.visibleWhen,
      requiredWhen: e?.requiredWhen,
      table: field.type === 'table' ? tablePlan(field, exprs) : undefined,
      defaultValue: field.type === 'computed' ? undefined : defaultOf(field),
    };
    fields.push(plan);
    byKey.set(field.key, plan);
  });
  const sorted = topologicalOrder(
    fields.map((f) => f.key),
    exprs.deps,
  );
  const order = sorted.ok ? sorted.order.map((k) => byKey.get(k)!) : fields;
  return { fields, order, byKey, rules: exprs.rules };
}

/**
 * Semantic validation of a form definition (layer two, after the JSON Schema
 * shape): structure (form-structure.ts), every expression compiled against the
 * form's fields with a compatible type, and no dependency cycle among computed
 * values and visibility rules. Invalid definitions are data: this never throws.
 */
import { pointer, problem, type FormDefinition, type Problem } from '@branchline/schemas';
import { topologicalOrder } from '../forms/dependencies';
import { compileFormExpressions, type FormExpressions } from '../forms/expressions';
import { checkFormStructure } from './form-structure';

function cycleProblem(def: FormDefinition, cycle: readonly string[], at: (key: string) => string): Problem {
  const path = cycle.join(' → ');
  return problem(
    at(cycle[0]!),
    'dependency_cycle',
    `These values depend on each other in a circle: ${path}. Change one of the expressions so the circle is broken.`,
    `这些值相互依赖形成了循环：${path}。请修改其中一个表达式以打破循环。`,
    { cycle: [...cycle], form: def.key },
  );
}

/** Pointer to the expression that makes a top-level field depend on others. */
function dependencyPointer(def: FormDefinition, key: string): string {
  const i = def.fields.findIndex((f) => f.key === key);
  const f = def.fields[i];
  if (!f) return '/fields';
  if (f.type === 'computed') return pointer('fields', i, 'expression');
  if (f.visibleWhen !== undefined) return pointer('fields', i, 'visibleWhen');
  if (f.type === 'table') {
    const j = f.columns.findIndex((c) => c.type === 'computed');
    if (j >= 0) return pointer('fields', i, 'columns', j, 'expression');
  }
  return pointer('fields', i);
}

/**
 * Dependency cycles among top-level values and among the computed columns of each table.
 * @example checkCycles(form, compileFormExpressions(form))[0]?.params?.cycle // → ['b', 'c', 'b']
 */
export function checkCycles(def: FormDefinition, exprs: FormExpressions): Problem[] {
  const out: Problem[] = [];
  const top = topologicalOrder(
    def.fields.map((f) => f.key),
    exprs.deps,
  );
  if (!top.ok) out.push(cycleProblem(def, top.cycle, (k) => dependencyPointer(def, k)));
  def.fields.forEach((f, i) => {
    if (f.type !== 'table') return;
    const t = exprs.tables.get(f.key);
    if (!t) return;
    const order = topologicalOrder(
      f.columns.map((c) => c.key),
      t.deps,
    );
    if (!order.ok) out.push(cycleProblem(def, order.cycle, (k) => pointer('fields', i, 'columns', f.columns.findIndex((c) => c.key === k), 'expression')));
  });
  return out;
}

/**
 * Semantic problems of a form definition whose shape is valid.
 *
 * @example
 * const problems = validateFormSemantics(form);
 * // e.g. [{ pointer: '/fields/12/expression', code: 'unknown_field',
 * //        message: { en: 'Unknown field "usage_rat" — did you mean "usage_rate"? …', 'zh-CN': '…' } }]
 */
export function validateFormSemantics(def: FormDefinition): Problem[] {
  try {
    const structure = checkFormStructure(def);
    const exprs = compileFormExpressions(def);
    const cycles = checkCycles(def, exprs);
    return [...structure, ...exprs.problems, ...cycles];
  } catch (error) {
    return [problem('', 'internal_check_failed', `The form could not be checked: ${String(error)}`, `无法检查该表单：${String(error)}`)];
  }
}

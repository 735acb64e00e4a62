/**
 * What the condition builder offers: the fields a rule can test (the trigger
 * form's fields as `record.*`, the run's variables as `vars.*`), the operators that
 * fit each type, and a sensible first value.
 *
 * @example
 * conditionFields(customerForm, def).find((f) => f.path === 'record.region');
 * // { path: 'record.region', type: 'text', label: {…}, options: [{ value: 'east', … }, …] }
 */
import type { FormDefinition, FormField, LocalizedText, SelectOption, WorkflowDefinition } from '@branchline/schemas';
import type { Operator, Rule, Scalar } from './condition';

export type FieldValueKind = 'number' | 'text' | 'boolean' | 'date' | 'datetime';

export interface FieldChoice {
  readonly path: string;
  readonly type: FieldValueKind;
  readonly label?: LocalizedText;
  readonly options?: readonly SelectOption[];
}

function kindOf(field: FormField): FieldValueKind | undefined {
  switch (field.type) {
    case 'number':
    case 'currency':
    case 'percent':
      return 'number';
    case 'checkbox':
    case 'consent':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'computed':
      return field.resultType;
    case 'table':
    case 'multi-select':
      return undefined; // lists: not something a rule row can compare
    default:
      return 'text';
  }
}

export function conditionFields(form: FormDefinition | undefined, def: Pick<WorkflowDefinition, 'variables' | 'nodes'>): FieldChoice[] {
  const out: FieldChoice[] = [];
  for (const f of form?.fields ?? []) {
    const type = kindOf(f);
    if (!type) continue;
    out.push({ path: `record.${f.key}`, type, label: f.label, ...(f.type === 'select' ? { options: f.options } : {}) });
  }
  const vars = new Map<string, FieldValueKind>();
  for (const v of def.variables ?? []) vars.set(v.key, v.type);
  for (const n of def.nodes) {
    if (n.kind === 'score' && n.target.target === 'vars' && !vars.has(n.target.key)) vars.set(n.target.key, 'number');
    if (n.kind === 'set') for (const a of n.assignments) if (a.target === 'vars' && !vars.has(a.key)) vars.set(a.key, 'text');
  }
  for (const [key, type] of vars) out.push({ path: `vars.${key}`, type });
  return out;
}

export function operatorsFor(type: FieldValueKind | undefined): Operator[] {
  switch (type) {
    case 'number':
    case 'date':
    case 'datetime':
      return ['==', '!=', '>', '>=', '<', '<=', 'in'];
    case 'boolean':
      return ['==', '!='];
    default:
      return ['==', '!=', 'contains', 'startsWith', 'endsWith', 'in'];
  }
}

export function defaultValue(choice: FieldChoice | undefined, op: Operator): Rule['value'] {
  const first: Scalar = choice?.type === 'number' ? 0 : choice?.type === 'boolean' ? true : (choice?.options?.[0]?.value ?? '');
  return op === 'in' ? [first] : first;
}

/** A new rule on the first field the builder offers. */
export function newRule(choices: readonly FieldChoice[]): Rule {
  const choice = choices[0];
  const op: Operator = '==';
  return { kind: 'rule', field: choice?.path ?? 'record.field', op, value: defaultValue(choice, op) };
}

/** Keep a rule's value meaningful when its field or operator changes. */
export function coerceRule(rule: Rule, choice: FieldChoice | undefined): Rule {
  const ops = operatorsFor(choice?.type);
  const op = ops.includes(rule.op) ? rule.op : ops[0]!;
  const list = Array.isArray(rule.value);
  const wantList = op === 'in';
  const scalarOk = (v: unknown) =>
    !choice ||
    (choice.type === 'number' ? typeof v === 'number' : choice.type === 'boolean' ? typeof v === 'boolean' : typeof v === 'string') &&
      (!choice.options || choice.options.some((o) => o.value === v));
  const values = (list ? rule.value : [rule.value]) as readonly Scalar[];
  const kept = values.filter(scalarOk);
  if (wantList) return { ...rule, op, value: kept.length ? kept : (defaultValue(choice, op) as Scalar[]) };
  return { ...rule, op, value: kept.length ? kept[0]! : defaultValue(choice, op) };
}

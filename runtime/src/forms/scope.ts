/**
 * The expression scope of a form: every top-level field by key with the type of
 * its value; a table is a list of row objects (its columns), a multi-select a list
 * of texts. Inside a table column expression the row's columns are visible by key
 * as well, shadowing top-level fields of the same key.
 */
import type { FieldOfType, FormDefinition, FormField, TableColumn } from '@branchline/schemas';
import type { Scope, ValueType } from '../expressions/types';
import { TEXT_CAPS, textCap } from './json-schema';

/** Option values are at most 63 characters (schema pattern). */
const OPTION: ValueType = { type: 'text', maxLength: 63 };
const NUMBER: ValueType = { type: 'number' };
const BOOLEAN: ValueType = { type: 'boolean' };

/**
 * The type of the value a field or column holds.
 * @example fieldValueType({ key: 'qty', type: 'number', label: { en: 'Qty' } }) // → { type: 'number' }
 */
export function fieldValueType(field: FormField | TableColumn): ValueType {
  switch (field.type) {
    case 'number':
    case 'currency':
    case 'percent':
      return NUMBER;
    case 'checkbox':
    case 'consent':
      return BOOLEAN;
    case 'date':
      return { type: 'date' };
    case 'datetime':
      return { type: 'datetime' };
    case 'multi-select':
      return { type: 'list', of: OPTION, maxItems: field.validation?.maxItems ?? field.options.length };
    case 'table':
      return { type: 'list', of: rowType(field), maxItems: field.validation?.maxRows ?? 1000 };
    case 'computed':
      return { type: field.resultType };
    case 'select':
      return OPTION;
    case 'reference':
      return { type: 'text', maxLength: TEXT_CAPS.reference };
    case 'text':
    case 'textarea':
    case 'email':
    case 'phone':
      return { type: 'text', maxLength: textCap(field) };
  }
}

/** The object type of one row of a table. */
export function rowType(table: FieldOfType<'table'>): ValueType {
  const fields: Record<string, ValueType> = {};
  for (const c of table.columns) fields[c.key] = fieldValueType(c);
  return { type: 'object', fields };
}

/**
 * The expression scope of a form's top-level expressions (computed fields,
 * visibleWhen, requiredWhen, rules).
 * @example formScope(quoteForm).lines // → { type: 'list', of: { type: 'object', fields: { quantity: … } } }
 */
export function formScope(def: FormDefinition): Scope {
  const scope: Scope = {};
  for (const f of def.fields) if (!(f.key in scope)) scope[f.key] = fieldValueType(f);
  return scope;
}

/**
 * The scope of a table column expression: top-level fields (but not the table itself) and the row's columns.
 * @example rowScope(quote, quote.fields[2]).unit_price // → { type: 'number' }
 */
export function rowScope(def: FormDefinition, table: FieldOfType<'table'>): Scope {
  const scope: Scope = {};
  for (const f of def.fields) if (f.key !== table.key && !(f.key in scope)) scope[f.key] = fieldValueType(f);
  for (const c of table.columns) scope[c.key] = fieldValueType(c);
  return scope;
}

/**
 * The JSON Schema (2020-12) of a submission of a form: types, ranges, lengths,
 * formats, options, table rows and cells, and no unknown keys. Required-ness is
 * not here: it depends on visibleWhen/requiredWhen and is checked after them.
 *
 * Text is capped even when the designer sets no maxLength, and patterns and
 * formats run only on text within the cap (`if`/`then`), so a long input can
 * never make a regular expression slow.
 */
import type { FormDefinition, FormField, TableColumn } from '@branchline/schemas';

/** Default maximum length of text a field accepts, by field type. */
export const TEXT_CAPS = { text: 2000, textarea: 100_000, email: 254, phone: 32, date: 10, datetime: 40, reference: 200 } as const;
/** Patterns are tested only on text up to this length (quadratic worst case stays small). */
export const PATTERN_CAP = 5000;
export const MAX_ROWS = 1000;

type Schema = Record<string, unknown>;

function guarded(cap: number, minLength: number | undefined, checks: Schema): Schema {
  const base: Schema = { type: 'string', maxLength: cap };
  if (minLength !== undefined) base.minLength = minLength;
  if (Object.keys(checks).length === 0) return base;
  return { ...base, if: { type: 'string', maxLength: cap }, then: { type: 'string', ...checks } };
}

type TextField = Extract<FormField | TableColumn, { type: 'text' | 'textarea' | 'email' | 'phone' }>;

/** The longest text a text, textarea, email or phone field accepts. */
export function textCap(f: TextField): number {
  const v = f.validation;
  const cap = Math.min(v?.maxLength ?? TEXT_CAPS[f.type], f.type === 'email' || f.type === 'phone' ? TEXT_CAPS[f.type] : Infinity);
  return v?.pattern !== undefined ? Math.min(cap, PATTERN_CAP) : cap;
}

function textSchema(f: TextField): Schema {
  const v = f.validation;
  const pattern = v?.pattern;
  const cap = textCap(f);
  const checks: Schema = {};
  if (pattern !== undefined) checks.pattern = pattern;
  if (f.type === 'email') checks.format = 'email';
  if (f.type === 'phone') checks.format = 'phone';
  return guarded(cap, v?.minLength, checks);
}

/** The schema of one field's or column's value. */
export function valueSchema(f: FormField | TableColumn): Schema {
  switch (f.type) {
    case 'text':
    case 'textarea':
    case 'email':
    case 'phone':
      return textSchema(f);
    case 'number':
    case 'currency':
    case 'percent': {
      const s: Schema = { type: f.validation?.integer ? 'integer' : 'number' };
      if (f.validation?.min !== undefined) s.minimum = f.validation.min;
      if (f.validation?.max !== undefined) s.maximum = f.validation.max;
      return s;
    }
    case 'date':
    case 'datetime': {
      const checks: Schema = { format: f.type === 'date' ? 'date' : 'date-time' };
      if (f.validation?.min !== undefined) checks.formatMinimum = f.validation.min;
      if (f.validation?.max !== undefined) checks.formatMaximum = f.validation.max;
      return guarded(TEXT_CAPS[f.type], undefined, checks);
    }
    case 'select':
      return { type: 'string', enum: f.options.map((o) => o.value) };
    case 'multi-select': {
      const s: Schema = { type: 'array', uniqueItems: true, maxItems: Math.min(f.validation?.maxItems ?? f.options.length, f.options.length), items: { type: 'string', enum: f.options.map((o) => o.value) } };
      if (f.validation?.minItems !== undefined) s.minItems = f.validation.minItems;
      return s;
    }
    case 'checkbox':
    case 'consent':
      return { type: 'boolean' };
    case 'reference':
      return { type: 'string', minLength: 1, maxLength: TEXT_CAPS.reference };
    case 'computed':
      return {};
    case 'table': {
      const properties: Record<string, Schema> = {};
      for (const c of f.columns) properties[c.key] = valueSchema(c);
      const s: Schema = { type: 'array', maxItems: Math.min(f.validation?.maxRows ?? MAX_ROWS, MAX_ROWS), items: { type: 'object', additionalProperties: false, properties } };
      if (f.validation?.minRows !== undefined) s.minItems = f.validation.minRows;
      return s;
    }
  }
}

/**
 * The JSON Schema of a submission of `def`.
 * @example submissionSchema(form).properties.quantity // → { type: 'integer', minimum: 1 }
 */
export function submissionSchema(def: FormDefinition): Schema & { properties: Record<string, Schema> } {
  const properties: Record<string, Schema> = {};
  for (const f of def.fields) if (!(f.key in properties)) properties[f.key] = valueSchema(f);
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', additionalProperties: false, properties };
}

/** Phone numbers: digits with optional +, spaces, hyphens and parentheses; 6–20 digits. */
export function isPhone(text: string): boolean {
  if (text.length > TEXT_CAPS.phone || !/^\+?[\d\s()-]+$/.test(text)) return false;
  let digits = 0;
  for (const c of text) if (c >= '0' && c <= '9') digits++;
  return digits >= 6 && digits <= 20;
}

/**
 * Building blocks shared by every definition kind.
 *
 * Every schema here is plain JSON Schema 2020-12 built with TypeBox, so the
 * TypeScript type of each definition is derived from the schema itself
 * (`Static<typeof X>`): there is no hand-kept twin to drift.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** The only schema version this code reads and writes. */
export const SCHEMA_VERSION = 1 as const;
export const SchemaVersion = Type.Literal(SCHEMA_VERSION, {
  description: 'Version of the definition format; migrations step from one to the next.',
});

/** Locales the UI and the built-in templates speak. */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * Text shown to people, per locale: `{"zh-CN": "公司名称", "en": "Company name"}`.
 * At least one locale; other BCP 47 tags are accepted for branches abroad.
 */
export const LocalizedText = Type.Record(Type.String({ pattern: '^[a-z]{2}(-[A-Z][A-Za-z]{1,3})?$' }), Type.String({ maxLength: 4000 }), {
  minProperties: 1,
  description: 'Text per locale, e.g. {"zh-CN": "公司名称", "en": "Company name"}',
});
export type LocalizedText = Static<typeof LocalizedText>;

/**
 * A field key: lower snake case, starts with a letter. Keys are stable ids:
 * expressions, overlays and stored records refer to fields by key, never by label.
 */
export const FieldKey = Type.String({
  pattern: '^[a-z][a-z0-9_]{0,62}$',
  description: 'lower_snake_case, starting with a letter, at most 63 characters',
});

/** An id of a node, edge, section, option arm …: letters, digits, `_` and `-`. */
export const ElementId = Type.String({
  pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$',
  description: 'starts with a letter; letters, digits, "_" and "-"; at most 64 characters',
});

/** Key of a definition or template: kebab-case, e.g. `customer-registration`. */
export const DefinitionKey = Type.String({
  pattern: '^[a-z][a-z0-9-]{0,62}$',
  description: 'kebab-case, starting with a letter, at most 63 characters',
});

/** An expression in Branchline's expression language (CEL, see docs/expressions.md). */
export const Expression = Type.String({ minLength: 1, maxLength: 2000, description: 'An expression (CEL syntax)' });

/** ISO 8601 duration such as `PT1H`, `PT8M`, `P1D`, `P1DT12H`. */
export const Duration = Type.String({
  pattern: '^P(?!$)(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+S)?)?$',
  description: 'ISO 8601 duration: PT8M, PT1H, P1D, P1DT12H',
});

/** A value stored in a record or passed in an event: JSON without functions. */
export const JsonValue = Type.Unknown({ description: 'any JSON value' });

/**
 * One of a fixed set of strings, emitted as `{type: "string", enum: [...]}` so a wrong
 * value gets one clear error listing the choices (a union of literals would give one
 * error per literal).
 */
export function StringEnum<const T extends readonly string[]>(values: T, options: Record<string, unknown> = {}) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/**
 * A union discriminated by one property. Emits `oneOf` + ajv's `discriminator`
 * keyword, so a wrong variant yields one precise error instead of one per branch.
 */
export function Discriminated<T extends TSchema[]>(propertyName: string, variants: [...T], options: Record<string, unknown> = {}) {
  const union = Type.Union(variants);
  return Type.Unsafe<Static<typeof union>>({
    type: 'object',
    discriminator: { propertyName },
    oneOf: variants,
    ...options,
  });
}

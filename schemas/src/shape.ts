/**
 * Layer one of definition validation: the JSON Schema shape, checked by ajv.
 * Every ajv error becomes a {@link Problem} with a JSON pointer and a message in
 * zh-CN and en that says what to fix. Semantic checks (layer two) live in the runtime.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { TSchema } from '@sinclair/typebox';
import { FormDefinition } from './form';
import { WorkflowDefinition } from './workflow';
import { Template } from './template';
import { Overlay } from './overlay';
import { problem, type Problem } from './problem';

export const DEFINITION_SCHEMAS = {
  form: FormDefinition,
  workflow: WorkflowDefinition,
  template: Template,
  overlay: Overlay,
} as const satisfies Record<string, TSchema>;
export type DocumentKind = keyof typeof DEFINITION_SCHEMAS;
export const DOCUMENT_KINDS = Object.keys(DEFINITION_SCHEMAS) as DocumentKind[];

/** A new ajv set up the way every Branchline validator is: 2020-12, all errors, formats, no coercion. */
export function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, verbose: true, discriminator: true, strict: true, allowUnionTypes: true, coerceTypes: false, useDefaults: false });
  // NodeNext and bundlers disagree on this CommonJS default export; accept both shapes.
  const addFormats = ((ajvFormats as unknown as { default?: typeof ajvFormats }).default ?? ajvFormats) as typeof ajvFormats;
  addFormats(ajv);
  return ajv;
}

const validators = new Map<DocumentKind, ValidateFunction>();
/**
 * Compiled on first use, one kind at a time: compiling all four schemas costs seconds
 * (≈3.6 s cold on the bench machine), and a form preview or a workflow check needs one.
 * One ajv per kind: the template and overlay schemas embed the form and workflow
 * schemas with their `$id`, which one instance refuses to register twice.
 */
function validatorFor(kind: DocumentKind): ValidateFunction {
  let validate = validators.get(kind);
  if (!validate) {
    validate = createAjv().compile(DEFINITION_SCHEMAS[kind]);
    validators.set(kind, validate);
  }
  return validate;
}

/**
 * Check the shape of a definition document against its JSON Schema.
 * @example validateShape('form', JSON.parse(text)) // → [] when the shape is right
 */
export function validateShape(kind: DocumentKind, value: unknown): Problem[] {
  const validate = validatorFor(kind);
  if (validate(value)) return [];
  return ajvErrorsToProblems(validate.errors ?? []);
}

/** The document kind a parsed value says it is (`kind` property), if it is one we know. */
export function documentKindOf(value: unknown): DocumentKind | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const kind = (value as { kind?: unknown }).kind;
  return typeof kind === 'string' && (DOCUMENT_KINDS as string[]).includes(kind) ? (kind as DocumentKind) : undefined;
}

const quote = (v: unknown) => JSON.stringify(v);

/**
 * Turn ajv errors into problems. `oneOf`/`anyOf` summary errors are dropped when a
 * more precise error exists under the same pointer, and duplicates are removed.
 */
export function ajvErrorsToProblems(errors: ErrorObject[]): Problem[] {
  const out: Problem[] = [];
  const seen = new Set<string>();
  const precise = new Set(errors.filter((e) => !['oneOf', 'anyOf', 'if'].includes(e.keyword)).map((e) => e.instancePath));
  for (const e of errors) {
    if ((e.keyword === 'oneOf' || e.keyword === 'anyOf') && [...precise].some((p) => p.startsWith(e.instancePath))) continue;
    const p = ajvErrorToProblem(e);
    const id = `${p.pointer}|${p.code}|${p.message.en}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(p);
  }
  return out;
}

function ajvErrorToProblem(e: ErrorObject): Problem {
  const at = e.instancePath;
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': {
      const name = String(params.missingProperty);
      return problem(`${at}/${name}`, 'required', `"${name}" is missing; add it.`, `缺少"${name}"，请补上。`, { property: name });
    }
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      return problem(`${at}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`, 'unknown_property', `"${name}" is not a known property here; remove it or check its spelling.`, `此处不认识属性"${name}"，请删除或检查拼写。`, { property: name });
    }
    case 'type':
      return problem(at, 'wrong_type', `Must be of type ${params.type}.`, `类型必须是 ${params.type}。`, { expected: params.type });
    case 'const':
      return problem(at, 'wrong_value', `Must be exactly ${quote(params.allowedValue)}; no other value is accepted here.`, `必须正好是 ${quote(params.allowedValue)}，此处不接受其他值。`, { allowed: params.allowedValue });
    case 'enum':
      return problem(at, 'not_allowed', `Must be one of ${(params.allowedValues as unknown[]).map(quote).join(', ')}.`, `必须是以下之一：${(params.allowedValues as unknown[]).map(quote).join('、')}。`, { allowed: params.allowedValues });
    case 'discriminator': {
      const tag = String(params.tag);
      if (params.error === 'tag') return problem(`${at}/${tag}`, 'required', `"${tag}" is missing or not text; add it.`, `缺少"${tag}"或它不是文本，请补上。`, { property: tag });
      const variants = ((e.parentSchema?.oneOf ?? []) as { properties?: Record<string, { const?: unknown }> }[])
        .map((v) => v.properties?.[tag]?.const)
        .filter((v): v is string => typeof v === 'string');
      return problem(
        `${at}/${tag}`,
        'unknown_variant',
        `${quote(params.tagValue)} is not a known ${tag}; use one of ${variants.join(', ')}.`,
        `${quote(params.tagValue)} 不是已知的 ${tag}，请使用：${variants.join('、')}。`,
        { property: tag, value: params.tagValue, allowed: variants },
      );
    }
    case 'pattern':
      return problem(at, 'bad_format', `Does not have the required form (${e.parentSchema?.description ?? params.pattern}).`, `格式不符合要求（${e.parentSchema?.description ?? params.pattern}）。`, { pattern: params.pattern });
    case 'format':
      return problem(at, 'bad_format', `Must be a valid ${params.format}.`, `必须是有效的 ${params.format}。`, { format: params.format });
    case 'minLength':
      return problem(at, 'too_short', `Must have at least ${params.limit} characters.`, `至少需要 ${params.limit} 个字符。`, { limit: params.limit });
    case 'maxLength':
      return problem(at, 'too_long', `Must have at most ${params.limit} characters.`, `最多 ${params.limit} 个字符。`, { limit: params.limit });
    case 'minimum':
    case 'exclusiveMinimum':
      return problem(at, 'too_small', `Must be ${params.comparison} ${params.limit}.`, `必须 ${params.comparison} ${params.limit}。`, { limit: params.limit });
    case 'maximum':
    case 'exclusiveMaximum':
      return problem(at, 'too_large', `Must be ${params.comparison} ${params.limit}.`, `必须 ${params.comparison} ${params.limit}。`, { limit: params.limit });
    case 'minItems':
      return problem(at, 'too_few', `Needs at least ${params.limit} item(s).`, `至少需要 ${params.limit} 项。`, { limit: params.limit });
    case 'maxItems':
      return problem(at, 'too_many', `Allows at most ${params.limit} item(s).`, `最多允许 ${params.limit} 项。`, { limit: params.limit });
    case 'minProperties':
      return problem(at, 'too_few', `Needs at least ${params.limit} entr${params.limit === 1 ? 'y' : 'ies'}.`, `至少需要 ${params.limit} 项。`, { limit: params.limit });
    case 'maxProperties':
      return problem(at, 'too_many', `Allows at most ${params.limit} entr${params.limit === 1 ? 'y' : 'ies'}.`, `最多允许 ${params.limit} 项。`, { limit: params.limit });
    case 'propertyNames':
      return problem(at, 'bad_key', `Has a property name that is not allowed.`, `包含不允许的属性名。`);
    default:
      return problem(at, e.keyword, `Is not valid (${e.message ?? e.keyword}).`, `无效（${e.message ?? e.keyword}）。`);
  }
}

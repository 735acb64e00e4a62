/**
 * Route-schema validation the Branchline way: ajv 2020-12 set up like every other
 * Branchline validator (`createAjv()`), with no type coercion and no removal of
 * unknown properties in bodies — an object schema that does not say otherwise refuses
 * unknown properties, so a misspelt property is reported with its pointer instead of
 * vanishing. Query strings and path params are text by nature: there, and only there,
 * "10" is read as the integer 10 and defaults are filled in.
 */
import type { FastifySchemaCompiler } from 'fastify';
import { createAjv } from '@branchline/schemas';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';

type Json = Record<string, unknown>;

/** A copy of `schema` where every object schema with `properties` refuses unknown ones unless it says otherwise. */
export function closeObjects<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(closeObjects) as T;
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema as Json)) {
    // `properties`, `$defs` etc. map names to schemas; `const`, `enum`, `default`, `examples` hold data.
    if (k === 'const' || k === 'enum' || k === 'default' || k === 'examples') out[k] = v;
    else if ((k === 'properties' || k === '$defs' || k === 'patternProperties' || k === 'dependentSchemas') && v && typeof v === 'object') {
      out[k] = Object.fromEntries(Object.entries(v as Json).map(([name, sub]) => [name, closeObjects(sub)]));
    } else out[k] = closeObjects(v);
  }
  const isObject = out.type === 'object' || (out.properties !== undefined && out.type === undefined);
  if (isObject && out.properties && out.additionalProperties === undefined && out.patternProperties === undefined && out.unevaluatedProperties === undefined) {
    out.additionalProperties = false;
  }
  return out as T;
}

/**
 * Compiled validators are pure functions of their schema, and ajv's code generation
 * costs tens of milliseconds per schema, so they are shared by every app in the
 * process (tests build hundreds), keyed by the schema object and the request part.
 */
const compiled = { body: new WeakMap<object, ValidateFunction>(), text: new WeakMap<object, ValidateFunction>() };
let ajvs: { body: Ajv2020; text: Ajv2020 } | undefined;

function instances() {
  if (!ajvs) {
    const text = createAjv();
    // Query strings and params: coerce text to the declared scalar type, fill defaults.
    text.opts.coerceTypes = true;
    text.opts.useDefaults = true;
    ajvs = { body: createAjv(), text };
  }
  return ajvs;
}

/**
 * The validator compiler installed on every app. Compiling happens on a route's first
 * request rather than at start-up, so a restart is ready sooner; each compiled
 * validator is then shared by every app in the process.
 */
export function validatorCompiler(): FastifySchemaCompiler<unknown> {
  return ({ schema, httpPart }) => {
    const part = httpPart === 'body' ? 'body' : 'text';
    const cache = compiled[part];
    const compile = (): ValidateFunction => {
      let fn = cache.get(schema as object);
      if (!fn) {
        fn = instances()[part].compile(closeObjects(schema as Json));
        cache.set(schema as object, fn);
      }
      return fn;
    };
    // Fastify reads `errors` from the function it was given after a failed validation.
    const lazy = Object.assign(
      (data: unknown) => {
        const fn = compile();
        const ok = fn(data) as boolean;
        lazy.errors = fn.errors;
        return ok;
      },
      { errors: null as ValidateFunction['errors'] },
    );
    return lazy;
  };
}

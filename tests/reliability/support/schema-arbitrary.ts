/**
 * fast-check arbitraries derived from JSON Schemas — the route schemas of the OpenAPI
 * document and the definition schemas of @branchline/schemas — so the fuzzer speaks
 * each route's language: mostly well-formed bodies with random values (which reach the
 * handlers and the domain checks behind the shape check), and hostile variants of them
 * (a subtree swapped for any JSON, a required key dropped, an unknown or prototype key
 * added, a wrong type).
 *
 * @example
 * fc.sample(fromSchema({ type: 'object', required: ['a'], properties: { a: { type: 'integer', minimum: 1 } } }), 1) // [{ a: 7 }]
 */
import fc from 'fast-check';

type Schema = Record<string, unknown>;

const ANY = fc.jsonValue({ maxDepth: 2 });

/** Words that mean something to Branchline, mixed into free text so values sometimes hit real keys and expressions. */
const WORDS = fc.constantFrom('east', 'south', 'hq', 'record.amount > 1', 'company', 'amount', '__proto__', 'constructor', 'published', 'A', '', ' ', '0', '-1', '1e309', 'null', '<b>x</b>', "'; DROP TABLE records; --", '华东', '\u0000', '\ud800');

function stringArb(s: Schema): fc.Arbitrary<string> {
  const min = (s.minLength as number | undefined) ?? 0;
  const max = Math.min((s.maxLength as number | undefined) ?? 40, 80);
  const fits = (x: string) => x.length >= min && x.length <= ((s.maxLength as number | undefined) ?? Infinity);
  switch (s.format) {
    case 'email':
      return fc.emailAddress().filter(fits);
    case 'date-time':
      return fc.integer({ min: 0, max: 4_102_444_800_000 }).map((ms) => new Date(ms).toISOString());
    case 'date':
      return fc.integer({ min: 0, max: 4_102_444_800_000 }).map((ms) => new Date(ms).toISOString().slice(0, 10));
  }
  if (typeof s.pattern === 'string') {
    let re: RegExp | undefined;
    try {
      re = new RegExp(s.pattern, 'u');
    } catch {
      re = undefined;
    }
    if (re) {
      try {
        return fc.stringMatching(re).filter(fits);
      } catch {
        // fast-check cannot generate from every pattern (lookaheads): any text, most of it refused.
        return fc.oneof(fc.string({ maxLength: max }), WORDS).filter(fits);
      }
    }
  }
  return fc.oneof({ weight: 3, arbitrary: fc.string({ minLength: min, maxLength: Math.max(min, max) }) }, { weight: 1, arbitrary: WORDS.filter(fits) }, { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.max(min, max) }) });
}

function numberArb(s: Schema, integer: boolean): fc.Arbitrary<number> {
  const lo = (s.minimum as number | undefined) ?? ((s.exclusiveMinimum as number | undefined) !== undefined ? (s.exclusiveMinimum as number) + (integer ? 1 : 1e-9) : undefined);
  const hi = (s.maximum as number | undefined) ?? ((s.exclusiveMaximum as number | undefined) !== undefined ? (s.exclusiveMaximum as number) - (integer ? 1 : 1e-9) : undefined);
  if (integer) return fc.integer({ min: Math.max(lo ?? -1_000_000, Number.MIN_SAFE_INTEGER), max: Math.min(hi ?? 1_000_000, Number.MAX_SAFE_INTEGER) });
  return fc.oneof(fc.double({ min: lo ?? -1e9, max: hi ?? 1e9, noNaN: true, noDefaultInfinity: true }), fc.integer({ min: Math.ceil(lo ?? -1000), max: Math.floor(hi ?? 1000) }));
}

/** An arbitrary of values that (mostly) match `schema`; below `depth` 0 objects and arrays are kept minimal. */
const cache = new WeakMap<object, Map<number, fc.Arbitrary<unknown>>>();

export function fromSchema(schema: unknown, depth = 5): fc.Arbitrary<unknown> {
  if (!schema || typeof schema !== 'object') return build(schema, depth);
  let byDepth = cache.get(schema);
  if (!byDepth) cache.set(schema, (byDepth = new Map()));
  let arb = byDepth.get(depth);
  if (!arb) byDepth.set(depth, (arb = build(schema, depth)));
  return arb;
}

function build(schema: unknown, depth: number): fc.Arbitrary<unknown> {
  if (schema === true || schema === undefined || schema === null || typeof schema !== 'object') return ANY;
  const s = schema as Schema;
  if ('const' in s) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  const union = (s.oneOf ?? s.anyOf) as unknown[] | undefined;
  if (Array.isArray(union) && union.length) return fc.oneof(...union.map((u) => fromSchema(u, depth)));
  const type = Array.isArray(s.type) ? (s.type as string[]) : typeof s.type === 'string' ? [s.type] : [];
  if (type.length > 1) return fc.oneof(...type.map((t) => fromSchema({ ...s, type: t }, depth)));
  switch (type[0]) {
    case 'string':
      return stringArb(s);
    case 'integer':
      return numberArb(s, true);
    case 'number':
      return numberArb(s, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const min = (s.minItems as number | undefined) ?? 0;
      const max = Math.max(min, Math.min((s.maxItems as number | undefined) ?? 4, depth > 0 ? 4 : min));
      return fc.array(fromSchema(s.items, depth - 1), { minLength: min, maxLength: max });
    }
    case 'object':
      return objectArb(s, depth);
  }
  if (s.properties || s.patternProperties) return objectArb(s, depth);
  return ANY; // {} / Type.Unknown: any JSON
}

function objectArb(s: Schema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const props = (s.properties ?? {}) as Record<string, unknown>;
  const required = new Set((s.required as string[] | undefined) ?? []);
  const keys = Object.keys(props).filter((k) => required.has(k) || depth > 0);
  const known = fc.record(Object.fromEntries(keys.map((k) => [k, fromSchema(props[k], depth - 1)])), { requiredKeys: keys.filter((k) => required.has(k)) });
  const patterns = Object.entries((s.patternProperties ?? {}) as Record<string, unknown>);
  const extraSchema = s.additionalProperties && typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
  const extras: fc.Arbitrary<Record<string, unknown>>[] = patterns.map(([p, v]) => fc.dictionary(stringArb({ pattern: p, maxLength: 20 }), fromSchema(v, depth - 1), { minKeys: (s.minProperties as number | undefined) ?? 0, maxKeys: depth > 0 ? 3 : 1 }));
  if (extraSchema) extras.push(fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fromSchema(extraSchema, depth - 1), { maxKeys: depth > 0 ? 4 : 1 }));
  if (extras.length === 0) return known;
  return fc.tuple(known, ...extras).map(([k, ...xs]) => Object.assign({}, ...xs, k) as Record<string, unknown>);
}

/** A key that reaches an object's prototype when code forgets to guard. */
const PROTO_KEYS = fc.constantFrom('__proto__', 'constructor', 'prototype');

/**
 * JSON text of a hostile variant of `value`: at a random path, swap the subtree for any
 * JSON, drop a key, add an unknown key, add a prototype key (written into the text, as
 * `JSON.stringify` would drop `__proto__`), or change a value's type.
 */
export function mutate(value: unknown): fc.Arbitrary<string> {
  const paths: (string | number)[][] = [];
  const walk = (v: unknown, path: (string | number)[]) => {
    paths.push(path);
    if (path.length > 8) return;
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (v && typeof v === 'object') for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k], [...path, k]);
  };
  walk(value, []);
  return fc.tuple(fc.constantFrom(...paths), fc.nat(4), ANY, fc.string({ minLength: 1, maxLength: 10 }), PROTO_KEYS).map(([path, how, any, key, proto]) => {
    const copy = structuredClone(value) as unknown;
    const parentOf = (root: unknown, p: (string | number)[]) => p.slice(0, -1).reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], root);
    const set = (v: unknown) => {
      if (path.length === 0) return v;
      (parentOf(copy, path) as Record<string | number, unknown>)[path[path.length - 1]!] = v;
      return copy;
    };
    const target = path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], copy);
    switch (how) {
      case 0:
        return JSON.stringify(set(any));
      case 1: {
        if (path.length === 0) return JSON.stringify(any);
        const parent = parentOf(copy, path);
        if (Array.isArray(parent)) parent.splice(path[path.length - 1] as number, 1);
        else delete (parent as Record<string, unknown>)[path[path.length - 1] as string];
        return JSON.stringify(copy);
      }
      case 2:
        if (target && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, unknown>)[`x_${key}`] = any;
        return JSON.stringify(copy);
      case 3: {
        if (!target || typeof target !== 'object' || Array.isArray(target)) return JSON.stringify(set({ [proto]: { polluted: true } }));
        const marker = `"__MARK_${key.length}__":0`;
        (target as Record<string, unknown>)[`__MARK_${key.length}__`] = 0;
        return JSON.stringify(copy).replace(marker, `"${proto}":{"polluted":true,"prototype":{"polluted":true}}`);
      }
      default:
        return JSON.stringify(set(typeof target === 'string' ? 42 : typeof target === 'number' ? String(target) : Array.isArray(target) ? { 0: target[0] ?? null } : target && typeof target === 'object' ? [target] : target === null ? {} : null));
    }
  });
}

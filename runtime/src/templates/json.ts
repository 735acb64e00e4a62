/**
 * Plain-JSON helpers for definitions: deep copy, deep equality and a safe property
 * write. Definitions and overlays are JSON; these never touch prototypes, so a key
 * such as `__proto__` in user data stays an ordinary own property.
 */

export type JsonRecord = Record<string, unknown>;

/** True for a plain object (not an array, not null). */
export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Set an own, enumerable property, even one named `__proto__`. */
export function setOwn(target: JsonRecord, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * A deep copy of a JSON value; `undefined` properties are dropped.
 * @example clone({ a: [1, { b: 2 }] }) // → a new, equal object
 */
export function clone<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => clone(v)) as T;
  if (isRecord(value)) {
    const out: JsonRecord = {};
    for (const key of Object.keys(value)) {
      const v = value[key];
      if (v !== undefined) setOwn(out, key, clone(v));
    }
    return out as T;
  }
  return value;
}

/**
 * Structural equality of JSON values; property order and `undefined` properties do not count.
 * @example deepEqual({ a: 1, b: undefined }, { a: 1 }) // → true
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => deepEqual(v, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const keysA = Object.keys(a).filter((k) => a[k] !== undefined);
    const keysB = Object.keys(b).filter((k) => b[k] !== undefined);
    if (keysA.length !== keysB.length) return false;
    return keysA.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
}

/** Property names a patch may never write: they could reach an object's prototype. */
export const FORBIDDEN_PROPERTIES: ReadonlySet<string> = new Set(['__proto__', 'prototype', 'constructor']);

/**
 * The wholesale property changes that turn `from` into `to`: `set` for new or
 * changed properties, `unset` for removed ones. Properties in `skip` are ignored.
 * @example propertyDiff({ a: 1, b: 2 }, { a: 1, c: 3 }) // → { set: { c: 3 }, unset: ['b'] }
 */
export function propertyDiff(from: JsonRecord, to: JsonRecord, skip: readonly string[] = []): { set: JsonRecord; unset: string[] } {
  const set: JsonRecord = {};
  const unset: string[] = [];
  for (const key of Object.keys(to)) {
    if (skip.includes(key) || to[key] === undefined) continue;
    if (!deepEqual(from[key], to[key])) setOwn(set, key, clone(to[key]));
  }
  for (const key of Object.keys(from)) {
    if (skip.includes(key) || from[key] === undefined) continue;
    if (to[key] === undefined) unset.push(key);
  }
  return { set, unset };
}

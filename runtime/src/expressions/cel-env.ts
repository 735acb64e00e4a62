/**
 * CEL environments: one base environment with Branchline's limits, operators and
 * functions, and one cheap clone per expression scope with the scope's variables
 * declared in CEL types (cached by the scope's signature).
 *
 * Types: number → double, text → string, boolean → bool, date and datetime →
 * timestamp, any → dyn, list → list<…>, object → a declared message type, so that
 * `l.unit_pric` is caught at design time.
 */
import { Environment } from '@marcbachmann/cel-js';
import type { LocalizedMessage } from '@branchline/schemas';
import { TIMESTAMP } from './errors';
import { registerFunctions, registerMixedNumberOperators, type ClockCell } from './functions';
import { PARSE_LIMITS } from './limits';
import { LruCache } from './lru';
import type { Scope, ValueType } from './types';

/** An object type declared for a scope: its fields and what to call it in messages. */
export interface ObjectInfo {
  readonly fields: Readonly<Record<string, ValueType>>;
  readonly label: LocalizedMessage;
}

export interface ScopeEnvironment {
  readonly env: Environment;
  readonly scope: Scope;
  readonly signature: string;
  /** Declared object types by CEL type name. */
  readonly objects: ReadonlyMap<string, ObjectInfo>;
  /** Variables of the scope CEL cannot name (reserved words); reported if used. */
  readonly unusable: ReadonlySet<string>;
  /** The library's evaluator of this environment, for the fast path's handler calls. */
  readonly evaluator: unknown;
}

/** Not on the allowlist, so no expression can call it; only {@link createScopeEnvironment} does. */
const CAPTURE = 'branchline_internal_evaluator';
let captured: unknown;

/** The clock `now()` reads; `evaluate` sets it before each call (evaluation is synchronous). */
export const clock: ClockCell = { now: 0 };

let base: Environment | undefined;
function baseEnvironment(): Environment {
  if (!base) {
    const env = new Environment({ limits: PARSE_LIMITS, homogeneousAggregateLiterals: false, enableOptionalTypes: false });
    registerMixedNumberOperators(env);
    registerFunctions(env, clock);
    env.registerFunction(`${CAPTURE}(): bool`, function (this: unknown) {
      captured = this;
      return true;
    });
    base = env;
  }
  return base;
}

/** A stable text for a scope: same variables and types → same signature. */
export function scopeSignature(scope: Scope): string {
  const norm = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(norm);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      return Object.keys(o)
        .sort()
        .map((k) => [k, norm(o[k])]);
    }
    return v;
  };
  return JSON.stringify(norm(scope));
}

class TypeDeclarer {
  readonly objects = new Map<string, ObjectInfo>();
  constructor(private readonly env: Environment) {}

  celType(vt: ValueType, label: LocalizedMessage): string {
    switch (vt.type) {
      case 'number':
        return 'double';
      case 'text':
        return 'string';
      case 'boolean':
        return 'bool';
      case 'date':
      case 'datetime':
        return TIMESTAMP;
      case 'any':
        return 'dyn';
      case 'list':
        return `list<${this.celType(vt.of, { 'zh-CN': `${label['zh-CN']}中的一项`, en: `item of ${label.en}` })}>`;
      case 'object': {
        const name = `branchline.Object${this.objects.size + 1}`;
        this.objects.set(name, { fields: vt.fields, label });
        const fields: Record<string, string> = {};
        for (const [k, f] of Object.entries(vt.fields)) fields[k] = this.celType(f, { 'zh-CN': `${label['zh-CN']}.${k}`, en: `${label.en}.${k}` });
        this.env.registerType(name, { fields });
        return name;
      }
    }
  }
}

function createScopeEnvironment(scope: Scope, signature: string): ScopeEnvironment {
  const env = baseEnvironment().clone();
  const declarer = new TypeDeclarer(env);
  const unusable = new Set<string>();
  for (const [name, vt] of Object.entries(scope)) {
    const label = vt.type === 'list' && vt.of.type === 'object' ? { 'zh-CN': `"${name}" 的行`, en: `row of "${name}"` } : { 'zh-CN': `"${name}"`, en: `"${name}"` };
    try {
      env.registerVariable(name, vt.type === 'list' ? `list<${declarer.celType(vt.of, label)}>` : declarer.celType(vt, label));
    } catch {
      unusable.add(name); // a CEL reserved word such as `in` or `null`
    }
  }
  captured = undefined;
  env.evaluate(`${CAPTURE}()`, {});
  return { env, scope, signature, objects: declarer.objects, unusable, evaluator: captured };
}

const environments = new LruCache<string, ScopeEnvironment>(500);

/**
 * The CEL environment of a scope, built once per distinct scope.
 * @example environmentFor({ total: { type: 'number' } }).env.check('total > 100')
 */
export function environmentFor(scope: Scope): ScopeEnvironment {
  const signature = scopeSignature(scope);
  let found = environments.get(signature);
  if (!found) {
    found = createScopeEnvironment(scope, signature);
    environments.set(signature, found);
  }
  return found;
}

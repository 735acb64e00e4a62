/**
 * The fast path: a type-checked CEL syntax tree turned into nested closures, so a
 * form's computed fields do not pay for tree interpretation on every submission.
 * It never generates code from user text (no eval, no `new Function`): every
 * closure is written here, and operators and functions call the very overload
 * handlers the CEL library resolved while type checking, so results match the
 * library's evaluator (compile.test.ts checks that on a corpus).
 *
 * Only statically typed trees are compiled; anything involving `dyn`, indexing,
 * map literals or `has()` returns `undefined` and runs on the library's evaluator.
 */
import { callOf, listMacroOf, type CelNode, type CelType } from './ast';
import { tooLong } from './boundary';
import type { ObjectInfo } from './cel-env';
import { TIMESTAMP } from './errors';
import { itemType, listLimit, nodeValueType, textLimit, type TypeLookup } from './value-types';
import type { ValueType } from './types';

interface Frame {
  vars: Readonly<Record<string, unknown>>;
  readonly slots: unknown[];
}
type Fn = (f: Frame) => unknown;

/** Internals of a checked node that the fast path reads (set by the library's checker). */
interface Checked extends CelNode {
  readonly candidates?: {
    findBinaryOverload(l: CelType, r: CelType): { handler: Handler } | false;
    findUnaryOverload(t: CelType): { handler: Handler } | false;
    findFunction(args: CelType[], receiver?: CelType | null): { handler: Handler; macro?: unknown } | null;
  };
}
type Handler = (this: unknown, ...args: unknown[]) => unknown;
interface Matchable extends CelType {
  matchesValueType(v: unknown, ev: unknown): boolean;
}

class Unsupported extends Error {}

/** An evaluation error with the codes the library uses, so both paths map to the same problem. */
export class FastPathError extends Error {
  constructor(
    readonly code: string,
    readonly summary: string,
  ) {
    super(summary);
  }
}

const hasOwn = Object.hasOwn;
const EMPTY: Readonly<Record<string, unknown>> = Object.freeze(Object.create(null));
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/**
 * The input limits the worst-case estimate relies on, checked as each value is
 * read (variable, field or list item) instead of walking the whole input first.
 */
function sized(matches: (v: unknown) => boolean, t: CelType, vt: ValueType | undefined): (v: unknown, name: string) => boolean {
  if (t.name === 'string') {
    const limit = textLimit(vt);
    return (v, name) => matches(v) && ((v as string).length <= limit || tooLong(name, 'text', limit));
  }
  if (t.kind === 'list') {
    const limit = listLimit(vt);
    return (v, name) => matches(v) && ((v as unknown[]).length <= limit || tooLong(name, 'list', limit));
  }
  return matches;
}

interface Item {
  readonly slot: number;
  readonly type: ValueType | undefined;
}
type Items = ReadonlyMap<string, Item>;

const SIMPLE: Record<string, (v: unknown) => boolean> = {
  double: (v) => typeof v === 'number',
  int: (v) => typeof v === 'bigint',
  string: (v) => typeof v === 'string',
  bool: (v) => typeof v === 'boolean',
  [TIMESTAMP]: (v) => v instanceof Date,
};

type Num = number;
/**
 * Operators whose CEL overload (in the library's overloads.js) is exactly the
 * JavaScript operator, written inline to spare a call per operation. Operands are
 * evaluated left to right, as the library does.
 */
const INLINE: Record<string, (l: Fn, r: Fn) => Fn> = {
  'double + double': (l, r) => (f) => (l(f) as Num) + (r(f) as Num),
  'double - double': (l, r) => (f) => (l(f) as Num) - (r(f) as Num),
  'double * double': (l, r) => (f) => (l(f) as Num) * (r(f) as Num),
  'double / double': (l, r) => (f) => (l(f) as Num) / (r(f) as Num),
  'double % double': (l, r) => (f) => (l(f) as Num) % (r(f) as Num),
  'double < double': (l, r) => (f) => (l(f) as Num) < (r(f) as Num),
  'double <= double': (l, r) => (f) => (l(f) as Num) <= (r(f) as Num),
  'double > double': (l, r) => (f) => (l(f) as Num) > (r(f) as Num),
  'double >= double': (l, r) => (f) => (l(f) as Num) >= (r(f) as Num),
  'double == double': (l, r) => (f) => l(f) === r(f),
  'double != double': (l, r) => (f) => l(f) !== r(f),
  'string == string': (l, r) => (f) => l(f) === r(f),
  'string != string': (l, r) => (f) => l(f) !== r(f),
  'bool == bool': (l, r) => (f) => l(f) === r(f),
  'bool != bool': (l, r) => (f) => l(f) !== r(f),
};

/** The value of a whole-number literal that a double holds exactly. */
function numberLiteral(n: CelNode): number | undefined {
  return n.op === 'value' && typeof n.args === 'bigint' && Number.isSafeInteger(Number(n.args)) ? Number(n.args) : undefined;
}

class Builder {
  depth = 0;
  private readonly objects: ReadonlyMap<string, ObjectInfo>;
  constructor(
    private readonly ev: unknown,
    private readonly lookup: TypeLookup,
  ) {
    this.objects = lookup.objects;
  }

  declared(n: CelNode, items: Items): ValueType | undefined {
    return nodeValueType(n, new Map([...items].map(([k, v]) => [k, v.type])), this.lookup);
  }

  typeOf(n: CelNode): CelType {
    const t = n.checkedType;
    if (!t || t.hasDynType || t.hasPlaceholderType || t.kind === 'dyn' || t.kind === 'param') throw new Unsupported();
    return t;
  }

  matcher(t: CelType): (v: unknown) => boolean {
    if (this.objects.has(t.name)) return isPlainObject;
    if (t.hasDynType || t.kind === 'dyn') throw new Unsupported();
    const simple = SIMPLE[t.name];
    if (simple) return simple;
    if (t.kind === 'list') return Array.isArray;
    const m = t as Matchable;
    const ev = this.ev;
    return (v) => m.matchesValueType(v, ev);
  }

  build(n: CelNode, items: Items): Fn {
    switch (n.op) {
      case 'value': {
        const v = n.args;
        return () => v;
      }
      case 'id':
        return this.id(n, items);
      case '.':
        return this.field(n, items);
      case '?:':
        return this.ternary(n, items);
      case '&&':
      case '||':
        return this.logical(n, items);
      case '!_':
      case '-_':
        return this.unary(n, items);
      case 'call':
      case 'rcall':
        return listMacroOf(n) ? this.macro(n, items) : this.call(n, items);
      case 'list': {
        const parts = (n.args as CelNode[]).map((a) => this.build(a, items));
        return (f) => {
          const out = new Array(parts.length);
          for (let i = parts.length - 1; i >= 0; i--) out[i] = parts[i]!(f);
          return out;
        };
      }
      case '+': case '-': case '*': case '/': case '%':
      case '==': case '!=': case '<': case '<=': case '>': case '>=': case 'in':
        return this.binary(n, items);
      default:
        throw new Unsupported();
    }
  }

  id(n: CelNode, items: Items): Fn {
    const name = n.args as string;
    const item = items.get(name);
    if (item !== undefined) {
      const slot = item.slot;
      return (f) => f.slots[slot];
    }
    const t = this.typeOf(n);
    const matches = sized(this.matcher(t), t, this.declared(n, items));
    const refuse = (v: unknown): never => {
      if (v === undefined) throw new FastPathError('unknown_variable', `Unknown variable: ${name}`);
      throw new FastPathError('variable_type_mismatch', `Variable '${name}' has the wrong type`);
    };
    if (t.name === 'double') {
      return (f) => {
        const v = f.vars[name];
        return typeof v === 'number' ? v : refuse(v);
      };
    }
    return (f) => {
      const v = f.vars[name];
      return v !== undefined && matches(v, name) ? v : refuse(v);
    };
  }

  field(n: CelNode, items: Items): Fn {
    const [left, key] = n.args as [CelNode, string];
    const owner = this.typeOf(left);
    if (!this.objects.has(owner.name) && owner.kind !== 'map') throw new Unsupported();
    const l = this.build(left, items);
    const t = this.typeOf(n);
    const matches = sized(this.matcher(t), t, this.declared(n, items));
    const refuse = (o: Record<string, unknown>, v: unknown): never => {
      // Object.prototype holds no primitives: only an object or function value can be inherited.
      if (v === undefined || ((typeof v === 'object' || typeof v === 'function') && !hasOwn(o, key))) throw new FastPathError('no_such_key', `No such key: ${key}`);
      throw new FastPathError('field_type_mismatch', `Field '${key}' has the wrong type`);
    };
    if (t.name === 'double' && this.objects.has(owner.name)) {
      // The common case (a number column of a line item), without a call per check.
      return (f) => {
        const o = l(f) as Record<string, unknown>;
        const v = o[key];
        return typeof v === 'number' ? v : refuse(o, v);
      };
    }
    return (f) => {
      const o = l(f) as Record<string, unknown>;
      const v = o[key];
      if (v === undefined || ((typeof v === 'object' || typeof v === 'function') && !hasOwn(o, key)) || !matches(v, key)) refuse(o, v);
      return v;
    };
  }

  ternary(n: CelNode, items: Items): Fn {
    const [c, a, b] = (n.args as CelNode[]).map((x) => this.build(x, items)) as [Fn, Fn, Fn];
    return (f) => {
      const v = c(f);
      if (v === true) return a(f);
      if (v === false) return b(f);
      throw new FastPathError('invalid_condition_type', 'Ternary condition must be bool');
    };
  }

  logical(n: CelNode, items: Items): Fn {
    const [l, r] = (n.args as CelNode[]).map((x) => this.build(x, items)) as [Fn, Fn];
    const short = n.op === '||';
    const operandError = () => new FastPathError('invalid_logical_operand', 'Logical operator requires bool operands');
    // CEL's commutative logic: an error on one side is absorbed when the other side decides.
    return (f) => {
      let left: unknown;
      try {
        left = l(f);
      } catch (error) {
        left = error instanceof Error ? error : operandError();
      }
      if (left === short) return short;
      const right = r(f);
      if (left === !short) {
        if (typeof right === 'boolean') return right;
        throw operandError();
      }
      if (right === short) return short;
      if (right === !short && left instanceof Error) throw left;
      throw operandError();
    };
  }

  unary(n: CelNode, items: Items): Fn {
    const arg = n.args as CelNode;
    const overload = (n as Checked).candidates?.findUnaryOverload(this.typeOf(arg));
    if (!overload) throw new Unsupported();
    const a = this.build(arg, items);
    const h = overload.handler;
    return (f) => h(a(f));
  }

  binary(n: CelNode, items: Items): Fn {
    const [left, right] = n.args as [CelNode, CelNode];
    const overload = (n as Checked).candidates?.findBinaryOverload(this.typeOf(left), this.typeOf(right));
    if (!overload) throw new Unsupported();
    let [l, r] = [this.build(left, items), this.build(right, items)];
    let [lt, rt] = [this.typeOf(left).name, this.typeOf(right).name];
    // A whole-number literal next to a decimal (`discount_pct / 100`, `total > 1000`) is that
    // decimal: the mixed overloads convert it with Number(), and a safe integer compares exactly.
    const [lk, rk] = [numberLiteral(left), numberLiteral(right)];
    if (lt === 'int' && rt === 'double' && lk !== undefined) [l, lt] = [() => lk, 'double'];
    if (lt === 'double' && rt === 'int' && rk !== undefined) [r, rt] = [() => rk, 'double'];
    const inline = INLINE[`${lt} ${n.op} ${rt}`];
    if (inline) return inline(l, r);
    const h = overload.handler;
    const ev = this.ev;
    return (f) => h(l(f), r(f), n, ev);
  }

  call(n: CelNode, items: Items): Fn {
    const call = callOf(n)!;
    const nodes = call.receiver ? [call.receiver, ...call.args] : call.args;
    const types = call.args.map((a) => this.typeOf(a));
    const decl = (n as Checked).candidates?.findFunction(types, call.receiver ? this.typeOf(call.receiver) : null);
    if (!decl || decl.macro) throw new Unsupported();
    const parts = nodes.map((a) => this.build(a, items));
    const h = decl.handler;
    const ev = this.ev;
    return (f) => {
      const args = new Array(parts.length);
      for (let i = parts.length - 1; i >= 0; i--) args[i] = parts[i]!(f);
      return h.apply(ev, args);
    };
  }

  macro(n: CelNode, items: Items): Fn {
    const m = listMacroOf(n)!;
    const range = this.typeOf(m.receiver);
    if (range.kind !== 'list' || !range.valueType) throw new Unsupported();
    const list = this.build(m.receiver, items);
    const elementType = itemType(this.declared(m.receiver, items));
    const matches = sized(this.matcher(range.valueType), range.valueType, elementType);
    const slot = this.depth++;
    const inner = new Map(items).set(m.item, { slot, type: elementType });
    const bodies = m.bodies.map((b) => this.build(b, inner));
    this.depth--;
    const each = (f: Frame): unknown[] => {
      const xs = list(f);
      if (!Array.isArray(xs)) throw new FastPathError('invalid_comprehension_range', 'Expression cannot be range of a comprehension');
      return xs;
    };
    const bind = (f: Frame, v: unknown) => {
      if (!matches(v, m.item)) throw new FastPathError('variable_type_mismatch', `Variable '${m.item}' has the wrong type`);
      f.slots[slot] = v;
    };
    const bool = (v: unknown) => {
      if (typeof v !== 'boolean') throw new FastPathError('invalid_condition_type', 'predicate must return bool');
      return v;
    };
    return macroLoop(m.name, bodies, each, bind, bool);
  }
}

type Each = (f: Frame) => unknown[];
type Bind = (f: Frame, v: unknown) => void;
type Bool = (v: unknown) => boolean;

function quantifier(all: boolean, p: Fn, each: Each, bind: Bind, bool: Bool): Fn {
  return (f) => {
    const xs = each(f);
    let error: unknown;
    for (let i = 0; i < xs.length; i++) {
      bind(f, xs[i]);
      let v: boolean;
      try {
        v = bool(p(f));
      } catch (e) {
        error ??= e;
        continue;
      }
      if (v !== all) return v;
    }
    if (error !== undefined) throw error;
    return all;
  };
}

function mapLoop(a: Fn, b: Fn | undefined, each: Each, bind: Bind, bool: Bool): Fn {
  return (f) => {
    const xs = each(f);
    const out: unknown[] = [];
    for (let i = 0; i < xs.length; i++) {
      bind(f, xs[i]);
      if (b === undefined) out.push(a(f));
      else if (bool(a(f))) out.push(b(f));
    }
    return out;
  };
}

function filterLoop(p: Fn, each: Each, bind: Bind, bool: Bool, exactlyOne: boolean): Fn {
  return (f) => {
    const xs = each(f);
    const out: unknown[] = [];
    for (let i = 0; i < xs.length; i++) {
      bind(f, xs[i]);
      if (bool(p(f))) out.push(xs[i]);
    }
    return exactlyOne ? out.length === 1 : out;
  };
}

function macroLoop(name: string, bodies: Fn[], each: Each, bind: Bind, bool: Bool): Fn {
  const [a, b] = bodies as [Fn, Fn | undefined];
  switch (name) {
    case 'map':
      return mapLoop(a, b, each, bind, bool);
    case 'filter':
      return filterLoop(a, each, bind, bool, false);
    case 'all':
      return quantifier(true, a, each, bind, bool);
    case 'exists':
      return quantifier(false, a, each, bind, bool);
    default:
      return filterLoop(a, each, bind, bool, true);
  }
}

/**
 * Closures for a type-checked tree, or `undefined` when the tree needs the library's
 * evaluator. `ev` is the library's evaluator of the tree's environment (handlers use it).
 */
export function compileFast(root: CelNode, ev: unknown, lookup: TypeLookup): ((vars: Readonly<Record<string, unknown>>) => unknown) | undefined {
  try {
    const builder = new Builder(ev, lookup);
    const fn = builder.build(root, new Map());
    // Evaluation is synchronous and never re-enters the same expression, so one frame serves every call.
    const frame: Frame = { vars: EMPTY, slots: [] };
    return (vars) => {
      frame.vars = vars;
      try {
        return fn(frame);
      } finally {
        frame.vars = EMPTY;
      }
    };
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

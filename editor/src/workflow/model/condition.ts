/**
 * The condition builder's model — rules (field, operator, value) in and/or groups —
 * and its two-way mapping to the CEL text definitions store.
 *
 * `toExpression` always writes text `parseCondition` reads back to the same
 * (normalized) model. Text outside the builder's subset (function calls,
 * arithmetic, ternaries …) parses to `undefined`, and the panel keeps it in raw mode.
 *
 * @example
 * toExpression({ kind: 'group', join: 'and', items: [
 *   { kind: 'rule', field: 'record.arr', op: '>', value: 500000 },
 *   { kind: 'rule', field: 'record.usage_rate', op: '>', value: 80 },
 * ] }); // "record.arr > 500000 && record.usage_rate > 80"
 */
export const COMPARISONS = ['==', '!=', '>', '>=', '<', '<='] as const;
export const METHODS = ['contains', 'startsWith', 'endsWith'] as const;
export type Comparison = (typeof COMPARISONS)[number];
export type Method = (typeof METHODS)[number];
export type Operator = Comparison | Method | 'in';

export type Scalar = string | number | boolean | null;
export type RuleValue = Scalar | readonly Scalar[];

export interface Rule {
  readonly kind: 'rule';
  /** A dotted path, e.g. `record.arr`, `vars.tier`. */
  readonly field: string;
  readonly op: Operator;
  readonly value: RuleValue;
}
export interface Group {
  readonly kind: 'group';
  readonly join: 'and' | 'or';
  readonly items: readonly (Rule | Group)[];
}
export type Condition = Rule | Group;

/* ---------------------------------------------------------------- writing */

export function literal(v: Scalar): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '0';
  return String(v);
}

function ruleText(r: Rule): string {
  if (r.op === 'in') {
    const list = Array.isArray(r.value) ? r.value : [r.value as Scalar];
    return `${r.field} in [${list.map(literal).join(', ')}]`;
  }
  const v = Array.isArray(r.value) ? (r.value[0] ?? null) : (r.value as Scalar);
  if ((METHODS as readonly string[]).includes(r.op)) return `${r.field}.${r.op}(${literal(v)})`;
  return `${r.field} ${r.op} ${literal(v)}`;
}

/** CEL text for a condition; an empty group is `true`. */
export function toExpression(c: Condition): string {
  return write(normalize(c), true);
}

function write(c: Condition, top: boolean): string {
  if (c.kind === 'rule') return ruleText(c);
  if (c.items.length === 0) return 'true';
  const text = c.items.map((i) => write(i, false)).join(c.join === 'and' ? ' && ' : ' || ');
  return top || c.items.length === 1 ? text : `(${text})`;
}

/** Collapse one-item groups and drop empty ones, keeping the top level a group (the form the text reads back as). */
export function normalize(c: Condition): Group {
  const inner = (x: Condition): Condition | undefined => {
    if (x.kind === 'rule') return x;
    const items = x.items.map(inner).filter((i): i is Condition => i !== undefined);
    if (items.length === 0) return undefined;
    if (items.length === 1) return items[0];
    return { kind: 'group', join: x.join, items };
  };
  // With fewer than two items the join is not written, so it reads back as `and`.
  const n = inner(c);
  if (!n) return { kind: 'group', join: 'and', items: [] };
  return n.kind === 'group' ? n : { kind: 'group', join: 'and', items: [n] };
}

/* ---------------------------------------------------------------- reading */

type Token =
  | { t: 'path'; v: string }
  | { t: 'lit'; v: Scalar }
  | { t: 'op'; v: string };

const TOKEN = /\s*(?:(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)|(==|!=|>=|<=|&&|\|\||[<>()[\],-]))/y;

function unquote(s: string): string {
  return s.replace(/\\(.)/g, (_, ch: string) => (ch === 'n' ? '\n' : ch === 't' ? '\t' : ch));
}

function tokenize(text: string): Token[] | undefined {
  const out: Token[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < text.length) {
    if (/^\s*$/.test(text.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(text);
    if (!m) return undefined;
    pos = TOKEN.lastIndex;
    const [, num, sq, dq, ident, op] = m;
    if (num !== undefined) out.push({ t: 'lit', v: Number(num) });
    else if (sq !== undefined) out.push({ t: 'lit', v: unquote(sq) });
    else if (dq !== undefined) out.push({ t: 'lit', v: unquote(dq) });
    else if (ident === 'true' || ident === 'false') out.push({ t: 'lit', v: ident === 'true' });
    else if (ident === 'null') out.push({ t: 'lit', v: null });
    else if (ident === 'in') out.push({ t: 'op', v: 'in' });
    else if (ident !== undefined) out.push({ t: 'path', v: ident });
    else out.push({ t: 'op', v: op! });
  }
  return out;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}
  done(): boolean {
    return this.i >= this.tokens.length;
  }
  private peekOp(v: string): boolean {
    const t = this.tokens[this.i];
    return t?.t === 'op' && t.v === v;
  }
  private eat(v: string): void {
    if (!this.peekOp(v)) throw new Error(`expected ${v}`);
    this.i++;
  }
  private literal(): Scalar {
    let negative = false;
    if (this.peekOp('-')) {
      this.i++;
      negative = true;
    }
    const t = this.tokens[this.i++];
    if (t?.t !== 'lit' || (negative && typeof t.v !== 'number')) throw new Error('expected a value');
    return negative ? -(t.v as number) : t.v;
  }
  or(): Condition {
    const items = [this.and()];
    while (this.peekOp('||')) {
      this.i++;
      items.push(this.and());
    }
    return items.length === 1 ? items[0]! : { kind: 'group', join: 'or', items };
  }
  private and(): Condition {
    const items = [this.atom()];
    while (this.peekOp('&&')) {
      this.i++;
      items.push(this.atom());
    }
    return items.length === 1 ? items[0]! : { kind: 'group', join: 'and', items };
  }
  private atom(): Condition {
    if (this.peekOp('(')) {
      this.i++;
      const inner = this.or();
      this.eat(')');
      return inner;
    }
    const t = this.tokens[this.i++];
    if (t?.t !== 'path') throw new Error('expected a field');
    const dot = t.v.lastIndexOf('.');
    const method = dot > 0 ? t.v.slice(dot + 1) : '';
    if ((METHODS as readonly string[]).includes(method) && this.peekOp('(')) {
      this.i++;
      const value = this.literal();
      this.eat(')');
      return { kind: 'rule', field: t.v.slice(0, dot), op: method as Method, value };
    }
    if (this.peekOp('in')) {
      this.i++;
      this.eat('[');
      const list: Scalar[] = [];
      if (!this.peekOp(']')) {
        list.push(this.literal());
        while (this.peekOp(',')) {
          this.i++;
          list.push(this.literal());
        }
      }
      this.eat(']');
      return { kind: 'rule', field: t.v, op: 'in', value: list };
    }
    const op = this.tokens[this.i++];
    if (op?.t !== 'op' || !(COMPARISONS as readonly string[]).includes(op.v)) throw new Error('expected a comparison');
    return { kind: 'rule', field: t.v, op: op.v as Comparison, value: this.literal() };
  }
}

/**
 * The builder model of `text`, or undefined when the text is outside what the
 * builder can show (the panel then stays in raw mode). `true` is the empty group.
 */
export function parseCondition(text: string): Group | undefined {
  if (text.trim() === 'true') return { kind: 'group', join: 'and', items: [] };
  const tokens = tokenize(text);
  if (!tokens || tokens.length === 0) return undefined;
  try {
    const p = new Parser(tokens);
    const c = p.or();
    return p.done() ? normalize(c) : undefined;
  } catch {
    return undefined;
  }
}

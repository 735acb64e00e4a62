/**
 * The sandbox, attacked: every attempt must fail safely (a problem at design time
 * or an error result at run time, never a host object, never a crash) and fast.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileExpression } from './compile';
import { MAX_ANY_NODES, MAX_LIST_ITEMS, MAX_SOURCE_LENGTH, MAX_TEXT_LENGTH, PARSE_LIMITS } from './limits';
import type { Scope } from './types';

const ctx = { now: 0 };
const scope: Scope = {
  x: { type: 'object', fields: { a: { type: 'number' } } },
  name: { type: 'text' },
  tags: { type: 'list', of: { type: 'text' } },
  payload: { type: 'any' },
  lines: { type: 'list', of: { type: 'object', fields: { quantity: { type: 'number' }, note: { type: 'text', maxLength: 100 } } } },
};
const vars = { x: { a: 1 }, name: 'acme', tags: ['a'], payload: { level: 1, nested: { y: 2 } }, lines: [{ quantity: 1, note: 'n' }], secret_token: 'tok-123' };

/** Compile and run; returns 'refused' (design time), 'failed' (run time) or the value. */
function attempt(source: string, data: Record<string, unknown> = vars): { outcome: 'refused' | 'failed' | 'value'; value?: unknown; ms: number; text: string } {
  const t0 = performance.now();
  const c = compileExpression(source, scope);
  if (!c.ok) return { outcome: 'refused', ms: performance.now() - t0, text: JSON.stringify(c.problems) };
  const r = c.expression.evaluate(data, ctx);
  const ms = performance.now() - t0;
  return r.ok ? { outcome: 'value', value: r.value, ms, text: JSON.stringify(r.value) } : { outcome: 'failed', ms, text: JSON.stringify(r.error) };
}

function expectSafe(source: string, data?: Record<string, unknown>) {
  const r = attempt(source, data);
  expect(r.outcome, `${source} → ${r.text}`).not.toBe('value');
  expect(r.text).not.toContain('tok-123');
  expect(r.ms).toBeLessThan(2000); // typically < 5 ms; generous for a busy shared machine
  return r;
}

describe('no reach to prototypes, constructors, globals or the host', () => {
  it.each([
    'x.constructor',
    'x.__proto__',
    'x["constructor"]',
    'x["__proto__"]',
    'x.constructor.constructor("return process")()',
    'constructor',
    '__proto__',
    'this',
    'process',
    'globalThis',
    'require("fs")',
    'import("fs")',
    'eval("1")',
    'Function("return 1")()',
    'name.constructor',
    'name.toString()',
    'x.hasOwnProperty("a")',
    'x.valueOf()',
    'tags.constructor',
    'tags.__proto__',
    'payload.constructor',
    'payload["__proto__"]',
    'payload.__proto__.polluted',
    'payload.toString',
    'lines[0].constructor',
    'type(x)',
    'dyn(x).constructor',
    'secret_token',
    'branchline_internal_evaluator()',
    'google.protobuf',
    'x.a.constructor',
  ])('%s', (source) => {
    expectSafe(source);
  });

  it('a map literal cannot set a prototype, and nothing global changes', () => {
    const r = attempt('{"__proto__": {"polluted": "yes"}, "constructor": {"polluted": "yes"}, "prototype": {"polluted": "yes"}}');
    expect(r.outcome).toBe('value');
    expect(r.value).toEqual({});
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('data with a __proto__ key stays data', () => {
    const data = JSON.parse('{"x": {"a": 1, "__proto__": {"polluted": "yes"}}, "name": "n", "tags": [], "payload": {"__proto__": {"level": 9}}, "lines": []}');
    expectSafe('payload.level', data);
    expect(attempt('x.a', data).value).toBe(1);
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('the engine and the CEL library contain no eval or new Function', () => {
    const own = readdirSync(__dirname).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const lib = dirname(createRequire(import.meta.url).resolve('@marcbachmann/cel-js'));
    const files = [...own.map((f) => join(__dirname, f)), ...readdirSync(lib).filter((f) => f.endsWith('.js')).map((f) => join(lib, f))];
    expect(files.length).toBeGreaterThan(15);
    for (const f of files) expect(readFileSync(f, 'utf8'), f).not.toMatch(/\beval\s*\(|new\s+Function\s*\(|\bFunction\s*\(/);
  });
});

describe('runaway work is refused before it starts', () => {
  it.each([
    ['regular expressions (ReDoS)', 'name.matches("^(a+)+$")'],
    ['cel.bind doubling', 'cel.bind(a, tags + tags, cel.bind(b, a + a, b + b))'],
    ['split into huge lists', 'size(name.split(""))'],
    ['bytes', 'size(b"abc")'],
    ['unsigned numbers', '1u + 2u'],
    ['json parsing', 'b"{}".json()'],
    ['three nested list steps', 'tags.map(a, tags.map(b, tags.map(c, 1)))'],
    ['a list step inside another over the same big list', 'tags.map(a, tags.exists(b, a == b))'],
    ['text concatenated in a list step', 'tags.map(t, name + name).size() > 0'],
    ['many copies of a long text', `size(${Array.from({ length: 120 }, () => 'name').join(' + ')}) > 0`],
  ])('%s', (_what, source) => {
    const r = expectSafe(source);
    expect(r.outcome).toBe('refused');
  });

  it('refuses a source longer than the limit', () => {
    expect(expectSafe(`"${'a'.repeat(MAX_SOURCE_LENGTH)}"`).text).toContain('expression_too_complex');
  });

  it.each([
    ['parentheses', `${'('.repeat(500)}1${')'.repeat(500)}`],
    ['lists', `${'['.repeat(500)}1${']'.repeat(500)}`],
    ['negations', `${'!'.repeat(1500)}true`],
    ['minus signs', `${'-'.repeat(1500)}1`],
    ['ternaries', `${'true ? '.repeat(200)}1${' : 2'.repeat(200)}`],
    ['member chains', `x${'.a'.repeat(600)}`],
    ['long sums', Array.from({ length: 600 }, () => '1').join(' + ')],
  ])('deep or long %s fail fast without a stack overflow', (_what, source) => {
    const r = expectSafe(source.slice(0, MAX_SOURCE_LENGTH));
    expect(r.outcome).toBe('refused');
  });

  it('refuses a list literal beyond the element limit', () => {
    const source = `[${Array.from({ length: PARSE_LIMITS.maxListElements + 1 }, (_, i) => i).join(', ')}]`;
    expect(expectSafe(source).outcome).toBe('refused');
  });
});

describe('inputs beyond the limits are refused before evaluation', () => {
  it('a huge list', () => {
    const r = expectSafe('size(tags) > 0', { ...vars, tags: Array.from({ length: MAX_LIST_ITEMS + 1 }, () => 'a') });
    expect(r.text).toContain('input_too_large');
  });

  it('a giant text', () => {
    const r = expectSafe('name.contains("x")', { ...vars, name: 'a'.repeat(MAX_TEXT_LENGTH + 1) });
    expect(r.text).toContain('input_too_large');
  });

  it('a text in a line item beyond its declared length', () => {
    const r = expectSafe('lines.exists(l, l.note.contains("x"))', { ...vars, lines: [{ quantity: 1, note: 'a'.repeat(101) }] });
    expect(r.text).toContain('input_too_large');
  });

  it('a deeply nested or huge value of unknown shape', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = { d: deep };
    expect(expectSafe('payload.level == 1', { ...vars, payload: deep as object }).text).toContain('input_too_large');
    const wide = Object.fromEntries(Array.from({ length: MAX_ANY_NODES + 1 }, (_, i) => [`k${i}`, i]));
    const r = attempt('payload.level == 1', { ...vars, payload: wide });
    expect(r.text).toContain('input_too_large');
    expect(r.ms).toBeLessThan(3000); // linear in the input, which the server has already parsed
  });

  it('a value of the wrong type', () => {
    expect(expectSafe('name.contains("x")', { ...vars, name: 42 }).text).toContain('wrong_input_type');
    expect(expectSafe('lines.exists(l, l.quantity > 1)', { ...vars, lines: [{ quantity: '2' }] }).text).toContain('wrong_input_type');
  });
});

describe('the worst accepted case stays fast', () => {
  it('a list step inside another over a 300-row table finishes well under a second', () => {
    const table: Scope = { rows: { type: 'list', maxItems: 300, of: { type: 'object', fields: { q: { type: 'number' } } } } };
    const source = 'rows.filter(a, rows.exists(b, b.q > a.q * 2 + 1)).size() >= 0';
    const c = compileExpression(source, table);
    expect(c.ok).toBe(true);
    const rows = Array.from({ length: 300 }, (_, i) => ({ q: i % 7 }));
    const t0 = performance.now();
    const r = c.ok ? c.expression.evaluate({ rows }, ctx) : undefined;
    expect(r).toEqual({ ok: true, value: true });
    expect(performance.now() - t0).toBeLessThan(3000); // ≈ 5–20 ms on this machine
    expect(compileExpression(source, { rows: { ...table.rows!, maxItems: 1000 } as Scope[string] }).ok).toBe(false);
  });
});

describe('fuzz: any source text', () => {
  const alphabet = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz_0123456789 .,()[]{}"\'+-*/%<>=!&|?:\\'.split(''), 'lines', 'name', 'map', 'filter', 'exists', 'sum(', 'size(', 'x.a', '__proto__', 'constructor', 'cel.bind(', 'has(', 'now()', 'date("2026-01-01")');
  it('compiles to a result or problems, and evaluates without throwing', () => {
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }).map((parts) => parts.join('')), (source) => {
        const c = compileExpression(source, scope);
        if (!c.ok) {
          expect(c.problems.length).toBeGreaterThan(0);
          for (const p of c.problems) expect(p.message.en.length * p.message['zh-CN'].length).toBeGreaterThan(0);
          return;
        }
        const r = c.expression.evaluate(vars, ctx);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 1500 },
    );
  });
});

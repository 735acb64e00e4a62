/**
 * Expressions for the API-level proofs: a corpus of sandbox escape attempts (the
 * runtime's sandbox.test.ts attacks the engine directly; these go through definitions
 * and workflows on the server), and a grammar-based arbitrary that writes plausible CEL
 * over a form's fields — mostly parseable, often ill-typed, sometimes hostile.
 */
import fc from 'fast-check';

/** Escape attempts: prototype and constructor access, globals, the host, runaway work, giant strings. */
export const ESCAPES: readonly string[] = [
  'company.constructor',
  'company.__proto__',
  'company["constructor"]',
  'company.constructor.constructor("return process")()',
  'record.constructor.constructor("return process.env")()',
  'constructor',
  '__proto__',
  'this',
  'process',
  'process.env',
  'globalThis',
  'globalThis.process.mainModule.require("child_process").execSync("id")',
  'require("fs").readFileSync("/etc/passwd")',
  'import("fs")',
  'eval("1")',
  'Function("return 1")()',
  'company.toString()',
  'company.valueOf()',
  'company.hasOwnProperty("length")',
  'type(company)',
  'dyn(company).constructor',
  '{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}',
  '{"__proto__": {"polluted": "yes"}}.polluted',
  'company.matches("^(a+)+$")',
  'company.matches("(x+x+)+y")',
  'size(company.split(""))',
  `size(${Array.from({ length: 200 }, () => 'company').join(' + ')}) > 0`,
  'cel.bind(a, company + company, cel.bind(b, a + a, cel.bind(c, b + b, cel.bind(d, c + c, size(d + d)))))',
  '[1,2,3].map(a, [1,2,3].map(b, [1,2,3].map(c, [1,2,3].map(d, a + b + c + d))))',
  `${'('.repeat(3000)}1${')'.repeat(3000)}`,
  `${'!'.repeat(5000)}true`,
  `${'-'.repeat(5000)}1`,
  `[${Array.from({ length: 20_000 }, (_x, i) => i).join(',')}]`,
  `"${'a'.repeat(100_000)}"`,
  'b"\\xff\\xfe".json()',
  '1u + 18446744073709551615u',
  '9223372036854775807 + 1',
  '1 / 0',
  '"x" * 1000000000',
  'amount * 1e308 * 1e308',
  'google.protobuf.Any{}',
  'branchline_internal_evaluator()',
  'now().constructor',
  "record['__proto__']['polluted']",
  'has(record.__proto__)',
];

const IDENT = fc.constantFrom('company', 'amount', 'notes', 'contact', 'record.amount', 'record.company', 'x', 'now()', 'vars.total', 'event.data', '__proto__', 'constructor');
const LIT = fc.oneof(fc.integer({ min: -1e6, max: 1e6 }).map(String), fc.double({ noNaN: true, noDefaultInfinity: true }).map(String), fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s)), fc.constantFrom('true', 'false', 'null', '[]', '{}', '[1, 2]', 'date("2026-01-01")', 'b"ab"', '1u'));
const BIN = fc.constantFrom('+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=', '&&', '||', 'in');
const FN = fc.constantFrom('size', 'has', 'int', 'double', 'string', 'round', 'abs', 'min', 'max', 'sum', 'lower', 'upper', 'dyn', 'type');
const METHOD = fc.constantFrom('contains', 'startsWith', 'endsWith', 'matches', 'size', 'split', 'lowerAscii', 'trim', 'map', 'filter', 'exists', 'all');

/** Plausible CEL over the lead/visit fields, to depth 4; one in ten cases is a corpus attempt. */
export const expressionArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 9, arbitrary: fc.letrec<{ e: string }>((tie) => ({
    e: fc.oneof(
      { depthSize: 'small', maxDepth: 4, withCrossShrink: true },
      IDENT,
      LIT,
      fc.tuple(tie('e'), BIN, tie('e')).map(([a, op, b]) => `${a} ${op} ${b}`),
      fc.tuple(FN, tie('e')).map(([f, a]) => `${f}(${a})`),
      fc.tuple(tie('e'), METHOD, tie('e')).map(([a, m, b]) => (['map', 'filter', 'exists', 'all'].includes(m) ? `${a}.${m}(x, ${b})` : `${a}.${m}(${b})`)),
      fc.tuple(tie('e'), tie('e'), tie('e')).map(([c, a, b]) => `${c} ? ${a} : ${b}`),
      tie('e').map((a) => `(${a})`),
      tie('e').map((a) => `!${a}`),
    ),
  })).e },
  { weight: 1, arbitrary: fc.constantFrom(...ESCAPES) },
);

/**
 * Well-typed expressions over the lead/visit fields (`prefix` = '' in a form, 'record.' in
 * a workflow), so a good share of generated definitions is accepted and then evaluated.
 */
export function typedExpressions(prefix = ''): { number: fc.Arbitrary<string>; text: fc.Arbitrary<string>; boolean: fc.Arbitrary<string> } {
  const p = (k: string) => `${prefix}${k}`;
  const g = fc.letrec<{ n: string; t: string; b: string }>((tie) => ({
    n: fc.oneof(
      { depthSize: 'small', maxDepth: 4 },
      fc.constantFrom(p('amount'), '0', '1', '-2.5', '1000000', '0.1'),
      fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((x) => (Number.isInteger(x) ? `${x}.0` : String(x))),
      fc.tuple(tie('n'), fc.constantFrom('+', '-', '*', '/'), tie('n')).map(([a, op, b]) => `(${a} ${op} ${b})`),
      fc.tuple(tie('b'), tie('n'), tie('n')).map(([c, a, b]) => `(${c} ? ${a} : ${b})`),
      tie('t').map((t) => `double(size(${t}))`),
    ),
    t: fc.oneof(
      { depthSize: 'small', maxDepth: 4 },
      fc.constantFrom(p('company'), p('notes'), '""', '"华东"', '"<b>x</b>"'),
      fc.string({ maxLength: 20 }).map((s) => JSON.stringify(s)),
      fc.tuple(tie('t'), tie('t')).map(([a, b]) => `${a} + ${b}`),
      tie('t').map((t) => `${t}.lowerAscii()`),
    ),
    b: fc.oneof(
      { depthSize: 'small', maxDepth: 4 },
      fc.constantFrom('true', 'false'),
      fc.tuple(tie('n'), fc.constantFrom('<', '<=', '>', '>=', '==', '!='), tie('n')).map(([a, op, b]) => `${a} ${op} ${b}`),
      fc.tuple(tie('t'), fc.constantFrom('contains', 'startsWith', 'endsWith'), tie('t')).map(([a, m, b]) => `${a}.${m}(${b})`),
      fc.tuple(tie('b'), fc.constantFrom('&&', '||'), tie('b')).map(([a, op, b]) => `(${a} ${op} ${b})`),
      tie('b').map((b) => `!(${b})`),
      fc.tuple(tie('t'), tie('t')).map(([a, b]) => `${a} == ${b}`),
    ),
  }));
  return { number: g.n, text: g.t, boolean: g.b };
}

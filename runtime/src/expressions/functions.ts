/**
 * The functions business users call in expressions, registered on the CEL
 * environment. Numbers may arrive as CEL `int` (BigInt, from literals such as `3`)
 * or `double` (JS number, every field value); each function takes both and answers
 * with a plain number. Dates are CEL timestamps (JS `Date`).
 */
import type { Environment } from '@marcbachmann/cel-js';
import { inDateRange, parseIsoMillis } from './dates';
import { fail, TIMESTAMP } from './errors';

/** Where `now()` reads the injected clock; set by `evaluate` for the duration of one call. */
export interface ClockCell {
  now: number;
}

type Num = number | bigint;
const num = (x: Num): number => (typeof x === 'bigint' ? Number(x) : x);
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

function numbersOf(name: string, list: readonly unknown[]): number[] {
  const out: number[] = [];
  for (const v of list) {
    if (typeof v === 'number') out.push(v);
    else if (typeof v === 'bigint') out.push(Number(v));
    else fail('not_a_number', `${name}() needs a list of numbers.`, `${name}() 需要数字列表。`);
  }
  return out;
}

function sum(list: readonly unknown[]): number {
  let total = 0;
  for (const v of list) {
    if (typeof v === 'number') total += v;
    else if (typeof v === 'bigint') total += Number(v);
    else fail('not_a_number', 'sum() needs a list of numbers.', 'sum() 需要数字列表。');
  }
  return total;
}

function nonEmpty(name: string, list: readonly unknown[]): number[] {
  const xs = numbersOf(name, list);
  if (xs.length === 0) fail('empty_list', `${name}() needs at least one item; the list is empty.`, `${name}() 至少需要一项，当前列表为空。`);
  return xs;
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10];

/**
 * Round half away from zero to `digits` decimals (negative digits round to tens,
 * hundreds …). Correct for decimal inputs such as 1.005 → 1.01, unlike a bare
 * `Math.round(x * 100) / 100`.
 * @example roundTo(2.345, 2) // → 2.35
 */
export function roundTo(x: number, digits: number): number {
  if (!Number.isInteger(digits) || digits < -10 || digits > 10) {
    fail('bad_digits', 'round(x, digits): digits must be a whole number from -10 to 10.', 'round(x, 位数)：位数必须是 -10 到 10 的整数。');
  }
  if (!Number.isFinite(x)) return x;
  const sign = x < 0 ? -1 : 1;
  const factor = POW10[digits < 0 ? -digits : digits]!;
  const scaled = digits >= 0 ? Math.abs(x) * factor : Math.abs(x) / factor;
  if (digits >= 0 && scaled >= 2 ** 52) return x; // no fraction left to round
  const fraction = scaled - Math.floor(scaled);
  // Near a half, 15 significant digits remove binary noise such as 1.005 * 100 = 100.49999999999999.
  const rounded = Math.abs(fraction - 0.5) > 1e-6 ? Math.round(scaled) : Math.round(Number(scaled.toPrecision(15)));
  const back = digits >= 0 ? rounded / factor : rounded * factor;
  return sign * back || 0;
}

/** `now()`: the injected clock, or a clear error when the host gave none. */
function clockNow(clock: ClockCell): Date {
  if (!Number.isFinite(clock.now)) fail('no_clock', 'now() needs the current time, but none was given to the expression.', 'now() 需要当前时间，但未向表达式提供。');
  return toDate(clock.now);
}

/** A date moved by `n` units of `unitMs`; `n` must be a finite number. */
function shifted(d: Date, n: Num, unitMs: number, name: string): Date {
  const by = num(n);
  if (!Number.isFinite(by)) fail('not_finite', `${name}(): the amount to add is not a finite number (for example a division by zero).`, `${name}()：要增加的数量不是有限的数字（例如除以零）。`);
  return toDate(d.getTime() + by * unitMs);
}

function toDate(millis: number): Date {
  if (!inDateRange(millis)) fail('date_out_of_range', 'The date falls outside the years 0001–9999.', '日期超出 0001–9999 年的范围。');
  return new Date(millis);
}

function parseDate(text: string): Date {
  const ms = parseIsoMillis(text);
  if (ms === undefined) {
    fail('bad_date', `"${text.slice(0, 40)}" is not a date; write it as 2026-11-26 or 2026-11-26T08:00:00Z.`, `"${text.slice(0, 40)}" 不是日期，请写成 2026-11-26 或 2026-11-26T08:00:00Z。`);
  }
  return new Date(ms);
}

/** Register `fn` for every int/double combination of its number parameters (`N`). */
function overloads(env: Environment, name: string, params: readonly string[], ret: string, fn: (...args: never[]) => unknown): void {
  let combos: string[][] = [[]];
  for (const p of params) {
    const options = p === 'N' ? ['double', 'int'] : [p];
    combos = combos.flatMap((c) => options.map((o) => [...c, o]));
  }
  for (const c of combos) env.registerFunction(`${name}(${c.join(', ')}): ${ret}`, fn as (...args: unknown[]) => unknown, SYNC);
}

const TS = TIMESTAMP;
/** Every Branchline function is synchronous; saying so spares the library its Promise checks. */
const SYNC = { async: false };

/** Register every Branchline function on `env`; `now()` reads `clock`. */
export function registerFunctions(env: Environment, clock: ClockCell): void {
  env.registerFunction(`now(): ${TS}`, () => clockNow(clock), SYNC);
  env.registerFunction(`date(string): ${TS}`, (t: string) => parseDate(t), SYNC);
  env.registerFunction(`date(${TS}): ${TS}`, (d: Date) => toDate(Math.floor(d.getTime() / DAY_MS) * DAY_MS), SYNC);
  env.registerFunction(`days_between(${TS}, ${TS}): double`, (a: Date, b: Date) => (b.getTime() - a.getTime()) / DAY_MS, SYNC);
  env.registerFunction(`hours_between(${TS}, ${TS}): double`, (a: Date, b: Date) => (b.getTime() - a.getTime()) / HOUR_MS, SYNC);
  overloads(env, 'add_days', [TS, 'N'], TS, (d: Date, n: Num) => shifted(d, n, DAY_MS, 'add_days'));
  overloads(env, 'add_hours', [TS, 'N'], TS, (d: Date, n: Num) => shifted(d, n, HOUR_MS, 'add_hours'));

  for (const list of ['list<double>', 'list<int>']) {
    env.registerFunction(`sum(${list}): double`, sum, SYNC);
    env.registerFunction(`min(${list}): double`, (l: unknown[]) => Math.min(...nonEmpty('min', l)), SYNC);
    env.registerFunction(`max(${list}): double`, (l: unknown[]) => Math.max(...nonEmpty('max', l)), SYNC);
    env.registerFunction(`avg(${list}): double`, (l: unknown[]) => {
      const xs = nonEmpty('avg', l);
      return xs.reduce((s, x) => s + x, 0) / xs.length;
    }, SYNC);
  }
  env.registerFunction('count(list): double', (l: unknown[]) => l.length, SYNC);
  overloads(env, 'min', ['N', 'N'], 'double', (a: Num, b: Num) => Math.min(num(a), num(b)));
  overloads(env, 'max', ['N', 'N'], 'double', (a: Num, b: Num) => Math.max(num(a), num(b)));
  overloads(env, 'round', ['N'], 'double', (x: Num) => roundTo(num(x), 0));
  overloads(env, 'round', ['N', 'N'], 'double', (x: Num, d: Num) => roundTo(num(x), num(d)));
  overloads(env, 'abs', ['N'], 'double', (x: Num) => Math.abs(num(x)));
  overloads(env, 'clamp', ['N', 'N', 'N'], 'double', (x: Num, lo: Num, hi: Num) => {
    if (num(lo) > num(hi)) fail('bad_range', 'clamp(x, lo, hi): lo must not be greater than hi.', 'clamp(x, 下限, 上限)：下限不能大于上限。');
    return Math.min(Math.max(num(x), num(lo)), num(hi));
  });
}

/**
 * Operators CEL lacks for mixed numbers, so `discount_pct / 100` (double / int)
 * works as a business user expects; results are doubles.
 */
export function registerMixedNumberOperators(env: Environment): void {
  const ops: Record<string, (a: number, b: number) => number> = {
    '+': (a, b) => a + b,
    '-': (a, b) => a - b,
    '*': (a, b) => a * b,
    '/': (a, b) => a / b,
    '%': (a, b) => a % b,
  };
  for (const [op, f] of Object.entries(ops)) {
    env.registerOperator(`double ${op} int: double`, (a: number, b: bigint) => f(a, Number(b)));
    env.registerOperator(`int ${op} double: double`, (a: bigint, b: number) => f(Number(a), b));
  }
  env.registerOperator('double % double: double', (a: number, b: number) => a % b);
  env.registerOperator('double == int', (a: number, b: bigint) => a === Number(b));
}

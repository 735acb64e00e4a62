/**
 * Form engine throughput: `form_validations_per_s` — full `CompiledForm.validate`
 * calls per second on the quote form (customer, currency select, a table of line
 * items with product, integer quantity ≥ 1, unit price ≥ 0, discount 0–30 % and a
 * computed line total; computed subtotal, discount and total) with 10 line items.
 * Every call copies the submission, applies defaults, computes 13 values, validates
 * with ajv and checks required fields. Floor: 50,000/s on a 2-core machine.
 * `form_validations_full_per_s` adds the quote's visibility rule (a reason once a
 * line has more than 10 % discount) and its cross-field rule.
 *
 * Also `form_validations_per_cpu_s` (the same per second of CPU time used, which
 * stays meaningful on a busy shared machine), `form_previews_per_s` (evaluate) and
 * `expression_evals_per_s` (the tier expression of DESIGN.md scenario 3 on its own).
 * Figures are the median of 7 rounds of at least 0.5 s after 1 s of warm-up;
 * submissions rotate among 16 variants.
 *
 *   node --import tsx bench/suites/forms.ts      (standalone)
 *   npm run bench                                 (with every suite)
 */
import { pathToFileURL } from 'node:url';
import { compileExpression, compileForm } from '@branchline/runtime';
import type { FormDefinition } from '@branchline/schemas';
import { QUOTE_FORM, quoteSubmission } from '../../runtime/src/forms/fixtures';

/** The quote form as the benchmark specifies it: no visibility rule, no cross-field rule. */
const BENCH_QUOTE: FormDefinition = { ...QUOTE_FORM, key: 'bench-quote', fields: QUOTE_FORM.fields.filter((f) => f.key !== 'discount_reason'), rules: [] };

const ROUNDS = 7;
const ROUND_MS = 500;
const WARMUP_MS = 1000;
const ctx = { now: Date.UTC(2026, 10, 26, 8) };

/**
 * Calls per second of `fn`: the median of several timed rounds after a warm-up, by
 * the wall clock and per second of CPU time this process used (the second figure
 * stays meaningful when other work shares the machine).
 */
export function throughput(fn: (i: number) => void): { wall: number; cpu: number } {
  let i = 0;
  const until = (ms: number) => {
    const start = performance.now();
    const cpu0 = process.cpuUsage();
    let n = 0;
    while (performance.now() - start < ms) {
      for (let k = 0; k < 100; k++) fn(i++);
      n += 100;
    }
    const cpu = process.cpuUsage(cpu0);
    return { wall: n / ((performance.now() - start) / 1000), cpu: n / ((cpu.user + cpu.system) / 1e6) };
  };
  until(WARMUP_MS);
  const rounds = Array.from({ length: ROUNDS }, () => until(ROUND_MS));
  const median = (xs: number[]) => Math.round(xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!);
  return { wall: median(rounds.map((r) => r.wall)), cpu: median(rounds.map((r) => r.cpu)) };
}

function variants(): Record<string, unknown>[] {
  return Array.from({ length: 16 }, (_, v) => {
    const s = quoteSubmission(10);
    (s.lines as Record<string, unknown>[]).forEach((l, i) => {
      l.quantity = 1 + ((i + v) % 9);
      l.unit_price = 10 + v * 3.25 + i;
      l.discount_pct = (i + v) % 3 === 0 ? 5 : 0;
    });
    return s;
  });
}

export async function run(): Promise<Record<string, number>> {
  const form = compileForm(BENCH_QUOTE);
  const full = compileForm(QUOTE_FORM);
  for (const f of [form, full]) if (f.definitionProblems.length) throw new Error(`quote form invalid: ${JSON.stringify(f.definitionProblems)}`);
  const inputs = variants();
  for (const s of inputs) {
    for (const f of [form, full]) {
      const r = f.validate(s, ctx);
      if (!r.ok) throw new Error(`bench submission refused: ${JSON.stringify(r.problems)}`);
      if (typeof r.record.total !== 'number' || (r.record.lines as { line_total?: number }[]).some((l) => typeof l.line_total !== 'number')) throw new Error('computed values missing');
    }
  }
  const tier = compileExpression('arr > 500000 && usage_rate > 80 ? "S" : (arr >= 100000 && arr_growth >= 0 ? "A" : "B")', { arr: { type: 'number' }, usage_rate: { type: 'number' }, arr_growth: { type: 'number' } }, { expect: 'text' });
  if (!tier.ok) throw new Error('tier expression invalid');
  const customers = Array.from({ length: 16 }, (_, i) => ({ arr: 50_000 * i, usage_rate: 5 * i + 10, arr_growth: (i % 5) - 2 }));
  let sink = 0;
  const validations = throughput((i) => {
    sink += form.validate(inputs[i & 15], ctx).ok ? 1 : 0;
  });
  const fullValidations = throughput((i) => {
    sink += full.validate(inputs[i & 15], ctx).ok ? 1 : 0;
  });
  const previews = throughput((i) => {
    sink += form.evaluate(inputs[i & 15], ctx).problems.length;
  });
  const expressions = throughput((i) => {
    sink += tier.expression.evaluate(customers[i & 15]!, ctx).ok ? 1 : 0;
  });
  if (sink < 0) throw new Error('unreachable');
  return {
    form_validations_per_s: validations.wall,
    form_validations_per_cpu_s: validations.cpu,
    form_validations_full_per_s: fullValidations.wall,
    form_previews_per_s: previews.wall,
    expression_evals_per_s: expressions.wall,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run().then((r) => console.log(JSON.stringify(r)));
}

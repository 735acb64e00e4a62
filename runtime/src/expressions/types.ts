/**
 * The contract of Branchline's expression language, used by forms (computed
 * fields, visibility, conditional required, rules), workflows (conditions, switch
 * cases, assignments, scores, SLAs, best-match assignment) and the designers.
 *
 * Values crossing this boundary are plain JSON: numbers are JS numbers, dates are
 * ISO strings (`2026-11-26` / `2026-11-26T08:00:00.000Z`), lists are arrays, records
 * are objects. Evaluation never reads the real clock: `now` comes in the context.
 */
import type { Problem } from '@branchline/schemas';

/** The static type of a variable or of a value an expression returns. */
export type ValueType =
  | { type: 'number' }
  /** `maxLength` tightens the input limit (default 100,000 characters) the worst-case estimate assumes. */
  | { type: 'text'; maxLength?: number }
  | { type: 'boolean' }
  | { type: 'date' }
  | { type: 'datetime' }
  | { type: 'any' }
  /** `maxItems` tightens the input limit (default 1,000) the worst-case estimate assumes. */
  | { type: 'list'; of: ValueType; maxItems?: number }
  | { type: 'object'; fields: Record<string, ValueType> };

/** The variables an expression may name, with their types. */
export type Scope = Record<string, ValueType>;

export interface EvalContext {
  /** Current time, epoch milliseconds, from the injected clock. */
  readonly now: number;
}

export type EvalResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: Problem };

export interface CompiledExpression {
  readonly source: string;
  /** The inferred result type (`any` when it cannot be known statically). */
  readonly resultType: ValueType;
  /** Root variables (field keys) the expression reads, in first-use order, for dependency ordering. */
  readonly references: readonly string[];
  /** Evaluate with plain JSON variables; never throws for bad data — returns an error problem. */
  evaluate(vars: Readonly<Record<string, unknown>>, ctx: EvalContext): EvalResult;
}

export type CompileResult =
  | { readonly ok: true; readonly expression: CompiledExpression }
  | { readonly ok: false; readonly problems: Problem[] };

export interface CompileOptions {
  /** The type the caller needs (e.g. boolean for a condition); a mismatch is a problem. */
  readonly expect?: ValueType['type'];
}

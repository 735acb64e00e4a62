import type { Problem } from '@branchline/schemas';
import { ERRORS, type ErrorCode } from './catalogue';

/** Where a problem points: the request body (default), the query string, path params or headers. */
export type ProblemPart = 'body' | 'query' | 'params' | 'headers';
export type LocatedProblem = Problem & { in?: ProblemPart };

/**
 * The one error class the server throws for a client-visible failure. `code` names a
 * catalogue entry (status and message); `problems` carries the pointers of a 422.
 *
 * @example throw new AppError('record_not_found')
 * @example throw new AppError('record_invalid', { problems })
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly problems: readonly LocatedProblem[];
  readonly detail: string | undefined;

  constructor(code: ErrorCode, opts: { problems?: readonly LocatedProblem[]; detail?: string; cause?: unknown } = {}) {
    super(opts.detail ?? ERRORS[code].en, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.problems = opts.problems ?? [];
    this.detail = opts.detail;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** Prefix every problem's pointer, e.g. a definition's problems under `/definition`. */
export function underPointer(prefix: string, problems: readonly Problem[]): Problem[] {
  return problems.map((p) => ({ ...p, pointer: prefix + p.pointer }));
}

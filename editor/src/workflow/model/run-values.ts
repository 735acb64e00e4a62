/** Trace values that are bookkeeping (ids for the host), not something a designer reads. */
const BOOKKEEPING = new Set(['waitId', 'taskId', 'idempotencyKey']);

/** The values worth showing at a node, in trace order. */
export function shownValues(values: Readonly<Record<string, unknown>> | undefined): [string, unknown][] {
  return values ? Object.entries(values).filter(([k]) => !BOOKKEEPING.has(k)) : [];
}

/** At most this many values are shown on a node; the trace list has them all. */
export const NODE_VALUE_ROWS = 4;

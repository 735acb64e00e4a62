/**
 * Undo/redo as pure functions over immutable snapshots. Definitions are never
 * mutated (every edit returns a new object sharing untouched parts), so a snapshot
 * costs one reference and undo is exact.
 *
 * Consecutive edits with the same `coalesce` key (typing a label letter by letter)
 * fold into one step until {@link markHistory} closes the group.
 *
 * @example
 * let h = emptyHistory<Def>();
 * h = pushHistory(h, before, 'field.add');
 * const step = undoHistory(h, current); // → { history, definition: before }
 */
export interface HistoryEntry<D> {
  readonly definition: D;
  /** The edit type that led away from this snapshot, for the UI ("Undo field.add"). */
  readonly label: string;
}

export interface History<D> {
  readonly past: readonly HistoryEntry<D>[];
  readonly future: readonly HistoryEntry<D>[];
  /** The coalescing key of the last pushed edit; null once a mark closed the group. */
  readonly openGroup: string | null;
}

export const HISTORY_LIMIT = 200;

export function emptyHistory<D>(): History<D> {
  return { past: [], future: [], openGroup: null };
}

/** Record that `before` was replaced by an edit labelled `label`. */
export function pushHistory<D>(history: History<D>, before: D, label: string, coalesce?: string): History<D> {
  if (coalesce !== undefined && coalesce === history.openGroup && history.past.length > 0) {
    // Same group: the snapshot before the group stays the undo target.
    return { past: history.past, future: [], openGroup: coalesce };
  }
  const past = [...history.past, { definition: before, label }];
  if (past.length > HISTORY_LIMIT) past.splice(0, past.length - HISTORY_LIMIT);
  return { past, future: [], openGroup: coalesce ?? null };
}

export function markHistory<D>(history: History<D>): History<D> {
  return history.openGroup === null ? history : { ...history, openGroup: null };
}

export function undoHistory<D>(history: History<D>, current: D): { history: History<D>; definition: D } | null {
  const last = history.past[history.past.length - 1];
  if (!last) return null;
  return {
    definition: last.definition,
    history: { past: history.past.slice(0, -1), future: [{ definition: current, label: last.label }, ...history.future], openGroup: null },
  };
}

export function redoHistory<D>(history: History<D>, current: D): { history: History<D>; definition: D } | null {
  const next = history.future[0];
  if (!next) return null;
  return {
    definition: next.definition,
    history: { past: [...history.past, { definition: current, label: next.label }], future: history.future.slice(1), openGroup: null },
  };
}

/**
 * The SLA state of a task at a moment: how long is left (or how late it is) and how
 * urgent that is, from its creation and due time. Pure, so the live countdown and
 * its tests agree.
 */
export type SlaLevel = 'none' | 'ok' | 'soon' | 'overdue' | 'closed';

export interface SlaState {
  readonly level: SlaLevel;
  /** Due time minus now, in ms (negative when overdue); null without a due time. */
  readonly remainingMs: number | null;
  /** Share of the allowed time still left, 0–1 (0 when overdue); null without a due time. */
  readonly left: number | null;
}

/** Less than this share of the allowed time left counts as "due soon". */
export const SOON_SHARE = 0.25;

/**
 * @example slaState({ status: 'open', createdAt: '…T08:00Z', dueAt: '…T09:00Z' }, Date.parse('…T08:50Z'))
 * // → { level: 'soon', remainingMs: 600000, left: 0.1666… }
 */
export function slaState(task: { status: string; createdAt: string; dueAt: string | null }, now: number): SlaState {
  if (task.dueAt === null) return { level: task.status === 'open' ? 'none' : 'closed', remainingMs: null, left: null };
  const due = Date.parse(task.dueAt);
  const created = Date.parse(task.createdAt);
  const remainingMs = due - now;
  const allowed = Math.max(1, due - created);
  const left = Math.min(1, Math.max(0, remainingMs / allowed));
  if (task.status !== 'open') return { level: 'closed', remainingMs, left };
  if (remainingMs < 0) return { level: 'overdue', remainingMs, left: 0 };
  return { level: left < SOON_SHARE ? 'soon' : 'ok', remainingMs, left };
}

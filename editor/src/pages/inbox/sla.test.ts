import { describe, expect, it } from 'vitest';
import { slaState } from './sla';
import { formatDuration } from '../shared/time';

const at = (hhmm: string) => `2026-03-02T${hhmm}:00.000Z`;
const ms = (hhmm: string) => Date.parse(at(hhmm));
const task = (over: Partial<{ status: string; createdAt: string; dueAt: string | null }> = {}) => ({ status: 'open', createdAt: at('08:00'), dueAt: at('12:00'), ...over });

describe('slaState', () => {
  it('is ok with most of the time left, soon under a quarter, overdue past the due time', () => {
    expect(slaState(task(), ms('08:30'))).toMatchObject({ level: 'ok', remainingMs: 3.5 * 3600_000 });
    expect(slaState(task(), ms('11:01')).level).toBe('soon');
    expect(slaState(task(), ms('12:00')).level).toBe('soon');
    expect(slaState(task(), ms('12:01'))).toMatchObject({ level: 'overdue', remainingMs: -60_000, left: 0 });
  });

  it('has no level without a due time, and a closed task is never overdue', () => {
    expect(slaState(task({ dueAt: null }), ms('13:00'))).toEqual({ level: 'none', remainingMs: null, left: null });
    expect(slaState(task({ status: 'done' }), ms('13:00')).level).toBe('closed');
  });
});

describe('formatDuration', () => {
  const t = (key: string, o?: Record<string, unknown>) => `${o?.n}${key.slice(-1)}`;
  it('shows the two largest units, seconds only under an hour', () => {
    expect(formatDuration(3 * 3600_000 + 59 * 60_000 + 5_000, t)).toBe('3h 59m');
    expect(formatDuration(26 * 3600_000, t)).toBe('1d 2h');
    expect(formatDuration(59 * 60_000 + 5_400, t)).toBe('59m 5s');
    expect(formatDuration(-(4 * 60_000), t)).toBe('4m 0s');
    expect(formatDuration(400, t)).toBe('0s');
  });
});

/**
 * Past runs as the server returns them (GET /runs, GET /runs/:id — schemas/src/api/runs.ts),
 * read defensively: a list may be `{ items }` or an array, a run's trace may sit on
 * the run or in its persisted `state`, times may be epoch ms or ISO text, and where
 * a waiting run stands comes from its waits.
 */
import type { RunStatus, TraceEntry } from '@branchline/runtime';

export interface PastRun {
  readonly id: string;
  readonly status: RunStatus;
  readonly startedAt?: number;
  readonly version?: number;
  readonly recordId?: string;
  readonly cursor: readonly string[];
  readonly trace: readonly TraceEntry[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function time(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string') {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

export function normalizeRun(body: unknown): PastRun {
  const run = isObj(body) && isObj(body.run) ? body.run : isObj(body) ? body : {};
  const state = isObj(run.state) ? run.state : {};
  const rawTrace = (Array.isArray(run.trace) ? run.trace : Array.isArray(state.trace) ? state.trace : []) as (Omit<TraceEntry, 'at'> & { at: unknown })[];
  // The API gives times as ISO text; the canvas works in epoch ms like the interpreter.
  const trace = rawTrace.map((e) => ({ ...e, at: time(e.at) ?? 0 }) as TraceEntry);
  const waits = Array.isArray(run.waits) ? (run.waits as { nodeId?: unknown }[]) : [];
  const cursor = (
    Array.isArray(run.cursor) ? run.cursor : Array.isArray(state.cursor) ? state.cursor : waits.map((w) => w.nodeId).filter((id) => typeof id === 'string')
  ) as string[];
  const definition = isObj(state.definition) ? state.definition : {};
  const version = run.definitionVersion ?? run.version ?? definition.version;
  const startedAt = time(run.startedAt ?? state.startedAt);
  const recordId = run.recordId ?? state.recordId;
  return {
    id: String(run.id ?? state.id ?? ''),
    status: String(run.status ?? state.status ?? 'running') as RunStatus,
    cursor,
    trace: [...trace].sort((a, b) => a.seq - b.seq),
    ...(startedAt !== undefined ? { startedAt } : {}),
    ...(typeof version === 'number' ? { version } : {}),
    ...(typeof recordId === 'string' ? { recordId } : {}),
  };
}

export function runItems(body: unknown): PastRun[] {
  const list = Array.isArray(body) ? body : isObj(body) && Array.isArray(body.items) ? body.items : isObj(body) && Array.isArray(body.runs) ? body.runs : [];
  return list.map(normalizeRun).sort((a, b) => (b.startedAt ?? 0) - (a.startedAt ?? 0));
}

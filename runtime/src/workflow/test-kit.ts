/**
 * Builders for the workflow tests: small definitions, a fake clock, deep-frozen
 * inputs (any mutation by the engine throws) and a JSON round trip between steps.
 * Test support only; not exported from the package.
 */
import type { WorkflowDefinition, WorkflowEdge, WorkflowNode } from '@branchline/schemas';
import { arrayDirectory } from './directory';
import type { Candidate, RunEnv } from './types';

export const T0 = Date.parse('2026-11-26T08:00:00.000Z');
export const HOUR = 3_600_000;

type EdgeSpec = readonly [from: string, to: string, port?: string];

/** A workflow with `record.created` on `form`, starting at the first node. */
export function workflow(nodes: WorkflowNode[], edges: EdgeSpec[], extra: Partial<WorkflowDefinition> = {}): WorkflowDefinition {
  const edgeList: WorkflowEdge[] = edges.map(([from, to, port], i) => ({ id: `e${i + 1}`, from, to, ...(port ? { port } : {}) }));
  return deepFreeze({
    schemaVersion: 1,
    kind: 'workflow',
    key: 'test-flow',
    title: { 'zh-CN': '测试流程', en: 'Test flow' },
    trigger: { type: 'record.created', form: 'test-form' },
    start: nodes[0]!.id,
    nodes,
    edges: edgeList,
    ...extra,
  } as WorkflowDefinition);
}

/** A test environment at time `now` with a counter for ids. */
export function envAt(now: number, candidates: readonly Candidate[] = []): RunEnv {
  let n = 0;
  return { now, newId: (prefix) => `${prefix}-${++n}`, directory: arrayDirectory(candidates) };
}

/** Freeze a value and everything in it, so a mutation throws in strict mode. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** What a store does: serialise and read back. */
export const roundTrip = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export const text = (en: string, zh = en) => ({ 'zh-CN': zh, en });

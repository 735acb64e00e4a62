/**
 * Workflow interpreter throughput: node executions per second for a 10-node graph
 * of condition / set / switch nodes, compiled once (record typed by its form), trace
 * on, each run's final state kept in an in-memory store (a Map holding the latest
 * 1,000 runs) — as objects, and in a second figure serialised to JSON as a
 * database row would hold it.
 *
 *   node --import tsx bench/suites/workflow.ts      (standalone)
 *   npm run bench                                    (with every suite)
 */
import { pathToFileURL } from 'node:url';
import type { FormDefinition, WorkflowDefinition } from '@branchline/schemas';
import { arrayDirectory, compileWorkflow, startRun, type RunEnv, type RunState } from '@branchline/runtime';

const t = (en: string) => ({ 'zh-CN': en, en });

/** Qualify and prioritise a deal: 10 nodes (condition, set, switch, end); each run executes 6 or 7 of them. */
export const benchWorkflow: WorkflowDefinition = {
  schemaVersion: 1, kind: 'workflow', key: 'bench-qualify', title: t('Qualify'),
  trigger: { type: 'record.created', form: 'deal' },
  start: 'big',
  variables: [{ key: 'net', type: 'number', default: 0 }, { key: 'priority', type: 'number', default: 0 }],
  nodes: [
    { id: 'big', kind: 'condition', expression: 'record.amount > 1000.0' },
    { id: 'net', kind: 'set', assignments: [{ target: 'vars', key: 'net', expression: 'record.amount * (1.0 - record.discount)' }] },
    { id: 'small', kind: 'set', assignments: [{ target: 'vars', key: 'net', expression: 'record.amount' }] },
    { id: 'tier', kind: 'switch', cases: [{ id: 'S', when: "record.tier == 'S'" }, { id: 'A', when: "record.tier == 'A'" }] },
    { id: 'p1', kind: 'set', assignments: [{ target: 'vars', key: 'priority', expression: '1.0' }] },
    { id: 'p2', kind: 'set', assignments: [{ target: 'vars', key: 'priority', expression: '2.0' }] },
    { id: 'p3', kind: 'set', assignments: [{ target: 'vars', key: 'priority', expression: '3.0' }] },
    { id: 'worth', kind: 'condition', expression: 'vars.net > 500.0 && vars.priority < 3.0' },
    { id: 'stage', kind: 'set', assignments: [{ target: 'record', key: 'stage', expression: "'qualified'" }] },
    { id: 'done', kind: 'end', outcome: 'graded' },
  ],
  edges: [
    { id: 'e1', from: 'big', to: 'net', port: 'true' },
    { id: 'e2', from: 'big', to: 'small', port: 'false' },
    { id: 'e3', from: 'net', to: 'tier' },
    { id: 'e4', from: 'small', to: 'tier' },
    { id: 'e5', from: 'tier', to: 'p1', port: 'S' },
    { id: 'e6', from: 'tier', to: 'p2', port: 'A' },
    { id: 'e7', from: 'tier', to: 'p3', port: 'default' },
    { id: 'e8', from: 'p1', to: 'worth' },
    { id: 'e9', from: 'p2', to: 'worth' },
    { id: 'e10', from: 'p3', to: 'worth' },
    { id: 'e11', from: 'worth', to: 'stage', port: 'true' },
    { id: 'e12', from: 'worth', to: 'done', port: 'false' },
    { id: 'e13', from: 'stage', to: 'done' },
  ],
};

/** The form the trigger names; compiling against it types `record` (as the server does). */
export const dealForm: FormDefinition = {
  schemaVersion: 1, kind: 'form', key: 'deal', title: t('Deal'),
  fields: [
    { key: 'company', type: 'text', label: t('Company') },
    { key: 'amount', type: 'currency', label: t('Amount') },
    { key: 'discount', type: 'percent', label: t('Discount') },
    { key: 'tier', type: 'select', label: t('Tier'), options: ['S', 'A', 'B'].map((v) => ({ value: v, label: t(v) })) },
    { key: 'stage', type: 'text', label: t('Stage') },
  ],
};

const TIERS = ['S', 'A', 'B'];
const records = Array.from({ length: 64 }, (_, i) => ({ amount: 200 + i * 97, discount: (i % 5) / 20, tier: TIERS[i % 3]!, company: `Company ${i}` }));

type Store = Map<string, RunState | string>;
type Compiled = ReturnType<typeof compileWorkflow>;

/** Run `runs` workflow runs, storing each final state (as JSON when `serialize`); returns the node executions (trace entries). */
function batch(compiled: Compiled, env: RunEnv, store: Store, from: number, runs: number, serialize: boolean): number {
  let nodes = 0;
  for (let i = from; i < from + runs; i++) {
    const record = records[i & 63]!;
    const { state } = startRun(compiled, { type: 'start', version: 1, orgId: 'org-sh', runId: `run-${i}`, recordId: `rec-${i}`, record }, env);
    store.set(state.id, serialize ? JSON.stringify(state) : state);
    nodes += state.trace.length;
  }
  if (store.size > 1_000) store.clear(); // the store keeps the latest runs, as a write-back cache would
  return nodes;
}

/** Node executions per second over `ms` of batches, after a short warm-up. */
function measure(compiled: Compiled, env: RunEnv, serialize: boolean, ms: number): number {
  const store: Store = new Map();
  let i = 0;
  for (const end = performance.now() + 300; performance.now() < end; i += 500) batch(compiled, env, store, i, 500, serialize);
  let nodes = 0;
  const started = performance.now();
  while (performance.now() - started < ms) {
    nodes += batch(compiled, env, store, i, 500, serialize);
    i += 500;
  }
  return Math.round(nodes / ((performance.now() - started) / 1000));
}

export async function run(): Promise<Record<string, number>> {
  const compiled = compileWorkflow(benchWorkflow, { form: dealForm });
  const env: RunEnv = { now: Date.parse('2026-11-26T08:00:00Z'), newId: (p) => `${p}-x`, directory: arrayDirectory([]) };
  const check = startRun(compiled, { type: 'start', version: 1, orgId: 'org-sh', runId: 'check', recordId: 'r', record: records[20]! }, env).state;
  if (check.status !== 'completed' || check.trace.length < 6) throw new Error(`bench workflow did not complete: ${JSON.stringify(check.error)}`);
  return {
    workflow_node_executions_per_s: measure(compiled, env, false, 2000),
    workflow_node_executions_serialized_per_s: measure(compiled, env, true, 1500),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run().then((r) => console.log(JSON.stringify(r)));
}

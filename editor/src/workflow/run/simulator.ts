/**
 * A dry run in the browser: the runtime's own interpreter (`startRun` / `step`) on
 * a simulated clock, with a sample directory of reps. Nothing here decides where a
 * run goes — it only feeds the interpreter the inputs a user picks ("skip 4 h",
 * "approve", "send usage.dropped") and keeps what came back.
 *
 * Pure: every function returns a new simulation.
 *
 * @example
 * let sim = startSimulation(definition, { record: { tier: 'S' } }, Date.parse('2026-11-26T08:00:00Z'));
 * sim = skipTime(sim, 60 * 60_000);   // the 1 h SLA passes → the run leaves the task by `overdue`
 */
import type { WorkflowDefinition } from '@branchline/schemas';
import {
  compileWorkflow,
  rolesUsed,
  startRun,
  step,
  type Candidate,
  type CompiledWorkflow,
  type Directory,
  type Effect,
  type JsonObject,
  type RunEnv,
  type RunInput,
  type RunState,
  type TaskOutcome,
  type Wait,
} from '@branchline/runtime';

export const DRY_RUN_ORG = 'dry-run-branch';
export const DRY_RUN_OWNER = 'dry-run-owner';

/** One thing that happened in the simulation, for the log beside the canvas. */
export type SimulationEvent =
  | { readonly kind: 'start'; readonly at: number }
  | { readonly kind: 'input'; readonly at: number; readonly input: RunInput; readonly ignored?: string }
  | { readonly kind: 'effect'; readonly at: number; readonly effect: Effect };

export interface Simulation {
  readonly compiled: CompiledWorkflow;
  readonly now: number;
  readonly state: RunState;
  readonly log: readonly SimulationEvent[];
  readonly nextId: number;
}

export interface SampleStart {
  readonly record?: JsonObject;
  readonly event?: JsonObject;
  readonly vars?: JsonObject;
  readonly ownerId?: string;
}

/** Two sample reps per role the workflow assigns to, so every strategy has someone to pick. */
export function sampleDirectory(def: WorkflowDefinition): Directory {
  const byRole = new Map<string, Candidate[]>();
  for (const role of rolesUsed(def)) {
    byRole.set(role, [
      { id: `${role}-1`, role, orgId: DRY_RUN_ORG, attributes: { region: 'east', industries: ['manufacturing'] }, openTasks: 3 },
      { id: `${role}-2`, role, orgId: DRY_RUN_ORG, attributes: { region: 'south', industries: ['retail'] }, openTasks: 1 },
    ]);
  }
  return { candidates: (_org, role) => byRole.get(role) ?? [] };
}

function env(sim: { compiled: CompiledWorkflow; nextId: number }, now: number, directory: Directory): { env: RunEnv; ids: () => number } {
  let n = sim.nextId;
  return { env: { now, newId: (prefix) => `${prefix}-dry-${++n}`, directory }, ids: () => n };
}

const directories = new WeakMap<CompiledWorkflow, Directory>();
function directoryOf(compiled: CompiledWorkflow): Directory {
  let d = directories.get(compiled);
  if (!d) directories.set(compiled, (d = sampleDirectory(compiled.definition)));
  return d;
}

/** Start a dry run of `def` on `sample` at simulated time `now`. */
export function startSimulation(def: WorkflowDefinition | CompiledWorkflow, sample: SampleStart, now: number): Simulation {
  const compiled = 'kind' in def && def.kind === 'compiled-workflow' ? def : compileWorkflow(def as WorkflowDefinition);
  const { env: e, ids } = env({ compiled, nextId: 0 }, now, directoryOf(compiled));
  const result = startRun(
    compiled,
    {
      type: 'start',
      version: 0,
      orgId: DRY_RUN_ORG,
      runId: 'dry-run',
      recordId: 'dry-run-record',
      ownerId: sample.ownerId ?? DRY_RUN_OWNER,
      record: sample.record ?? {},
      ...(sample.vars ? { vars: sample.vars } : {}),
      ...(sample.event ? { event: sample.event } : {}),
    },
    e,
  );
  const log: SimulationEvent[] = [{ kind: 'start', at: now }, ...result.effects.map((effect) => ({ kind: 'effect' as const, at: now, effect }))];
  return { compiled, now, state: result.state, log, nextId: ids() };
}

/** Feed one input to the run at the simulation's current time. */
export function applyInput(sim: Simulation, input: RunInput, at: number = sim.now): Simulation {
  const { env: e, ids } = env(sim, at, directoryOf(sim.compiled));
  const result = step(sim.compiled, sim.state, input, e);
  const entry: SimulationEvent = result.ignored ? { kind: 'input', at, input, ignored: result.ignored } : { kind: 'input', at, input };
  return {
    ...sim,
    now: Math.max(sim.now, at),
    state: result.state,
    nextId: ids(),
    log: [...sim.log, entry, ...result.effects.map((effect) => ({ kind: 'effect' as const, at, effect }))],
  };
}

/** Waits with a due time, earliest first. */
export function timers(state: RunState): Wait[] {
  return state.waits.filter((w) => w.dueAt !== undefined).sort((a, b) => a.dueAt! - b.dueAt!);
}

/**
 * Move the simulated clock on by `ms`, firing every timer that falls due on the
 * way, each at its own due time and in order (a timer set by a fired one counts too).
 */
export function skipTime(sim: Simulation, ms: number): Simulation {
  const until = sim.now + ms;
  let current = sim;
  for (let guard = 0; guard < 1000; guard++) {
    const due = timers(current.state).find((w) => w.dueAt! <= until);
    if (!due) break;
    current = applyInput(current, { type: 'timer', waitId: due.id }, Math.max(current.now, due.dueAt!));
  }
  return { ...current, now: until };
}

/** Complete the task or decide the approval `taskId`. */
export function completeTask(sim: Simulation, taskId: string, outcome: TaskOutcome, data?: JsonObject): Simulation {
  return applyInput(sim, { type: 'task', taskId, outcome, by: DRY_RUN_OWNER, ...(data ? { data } : {}) });
}

/** Deliver an external event. */
export function sendEvent(sim: Simulation, event: string, key: string, data?: JsonObject): Simulation {
  return applyInput(sim, { type: 'event', event, key, ...(data ? { data } : {}) });
}

export function isFinished(sim: Simulation): boolean {
  return sim.state.status === 'completed' || sim.state.status === 'failed' || sim.state.status === 'cancelled';
}

/**
 * Helpers for running the built-in templates end to end: a fake clock, a directory
 * of reps, a record made by the real forms engine, and a driver that feeds a run
 * its inputs through a JSON round trip (as a store would).
 */
import { arrayDirectory, compileForm, startRun, step, type Candidate, type Effect, type RunEnv, type RunInput, type RunState, type StartInput } from '@branchline/runtime';
import type { FormDefinition, Template, WorkflowDefinition } from '@branchline/schemas';

export const T0 = Date.parse('2026-11-26T08:00:00.000Z');
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export function envAt(now: number, candidates: readonly Candidate[] = []): RunEnv {
  let n = 0;
  return { now, newId: (prefix) => `${prefix}-${++n}`, directory: arrayDirectory(candidates) };
}

/** A record as the forms engine stores it (computed values filled in), or the problems. */
export function recordOf(form: Template | FormDefinition, data: Record<string, unknown>): Record<string, unknown> {
  const def = (form.kind === 'template' ? form.definition : form) as FormDefinition;
  const r = compileForm(def).validate(data, { now: T0 });
  if (!r.ok) throw new Error(`sample data refused: ${JSON.stringify(r.problems.map((p) => [p.pointer, p.code]))}`);
  return r.record;
}

/** A run driven step by step on a fake clock, keeping every effect. */
export class Driver {
  state: RunState;
  readonly effects: Effect[] = [];
  constructor(
    readonly definition: WorkflowDefinition,
    start: Omit<StartInput, 'type' | 'version' | 'orgId'> & { orgId?: string },
    readonly candidates: Candidate[] = [],
    public now = T0,
  ) {
    const r = startRun(definition, { type: 'start', version: 1, orgId: 'org-sh', runId: 'run-1', ...start }, envAt(now, candidates));
    this.state = JSON.parse(JSON.stringify(r.state)) as RunState;
    this.effects.push(...r.effects);
  }
  /** Feed one input at time `at`; returns the effects of that transition. */
  send(input: RunInput, at = this.now): readonly Effect[] {
    this.now = at;
    const r = step(this.definition, this.state, input, envAt(at, this.candidates));
    this.state = JSON.parse(JSON.stringify(r.state)) as RunState;
    this.effects.push(...r.effects);
    return r.effects;
  }
  /** The task or approval the run waits for now. */
  openTask(): Extract<Effect, { type: 'task.create' }> {
    const wait = this.state.waits.find((w) => w.taskId);
    const task = this.effects.find((e): e is Extract<Effect, { type: 'task.create' }> => e.type === 'task.create' && e.taskId === wait?.taskId);
    if (!task) throw new Error(`no open task; status ${this.state.status}, waits ${JSON.stringify(this.state.waits)}`);
    return task;
  }
  complete(outcome: 'done' | 'approved' | 'rejected', at = this.now): readonly Effect[] {
    return this.send({ type: 'task', taskId: this.openTask().taskId, outcome, by: 'u-someone' }, at);
  }
  /** Fire the timer the run waits on (an SLA or a timeout), at its due time. */
  fireTimer(): readonly Effect[] {
    const wait = this.state.waits.find((w) => w.dueAt !== undefined);
    if (!wait) throw new Error('no timer to fire');
    return this.send({ type: 'timer', waitId: wait.id }, wait.dueAt);
  }
  of<T extends Effect['type']>(type: T): Extract<Effect, { type: T }>[] {
    return this.effects.filter((e): e is Extract<Effect, { type: T }> => e.type === type);
  }
}

export const wf = (t: Template) => t.definition as WorkflowDefinition;

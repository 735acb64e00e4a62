/**
 * Whether a trigger applies to a record or event, evaluated by the same compiled
 * expressions the run uses. The host routes by trigger type and form/event name;
 * this adds the `when` guard and an event trigger's `recordId` expression.
 */
import type { Problem, WorkflowDefinition } from '@branchline/schemas';
import type { CompiledWorkflow } from './compile';
import { compiledOf } from './compile';
import { runProblems, type At } from './problems';
import type { EpochMs, JsonObject } from './types';

export interface TriggerInput {
  readonly record?: JsonObject;
  readonly event?: JsonObject;
  readonly org?: JsonObject;
  /** For `field.changed`: the keys whose values changed. */
  readonly changedFields?: readonly string[];
}

export type TriggerResult =
  | { readonly ok: true; readonly matched: boolean; readonly recordId?: string }
  | { readonly ok: false; readonly problem: Problem };

/**
 * Evaluate a definition's trigger guard for an incoming record or event.
 * @example
 * const t = evaluateTrigger(def, { record, changedFields: ['tier'] }, now);
 * if (t.ok && t.matched) startRun(def, { type: 'start', version, orgId, record }, env);
 */
export function evaluateTrigger(definition: WorkflowDefinition | CompiledWorkflow, input: TriggerInput, now: EpochMs): TriggerResult {
  const cw = compiledOf(definition);
  const trigger = cw.definition.trigger;
  if (trigger.type === 'field.changed' && input.changedFields && !trigger.fields.some((f) => input.changedFields!.includes(f))) {
    return { ok: true, matched: false };
  }
  const scope = { record: input.record ?? {}, vars: {}, event: input.event ?? null, org: input.org ?? {}, now: new Date(now).toISOString() };
  let matched = true;
  const when = cw.trigger.get('when');
  if (when) {
    const r = evalTriggerSlot(cw, when, scope, now);
    if (!r.ok) return r;
    matched = r.value === true;
  }
  const rid = cw.trigger.get('recordId');
  if (!matched || !rid) return { ok: true, matched };
  const r = evalTriggerSlot(cw, rid, scope, now);
  if (!r.ok) return r;
  return typeof r.value === 'string' || typeof r.value === 'number' ? { ok: true, matched, recordId: String(r.value) } : { ok: true, matched };
}

/** Problems of the trigger name it like a step called "trigger". */
const TRIGGER_AT: At = { node: { id: 'trigger' }, index: -1 };

type SlotOf = CompiledWorkflow['trigger'] extends ReadonlyMap<string, infer S> ? S : never;
function evalTriggerSlot(cw: CompiledWorkflow, slot: SlotOf, scope: object, now: EpochMs): { ok: true; value: unknown } | { ok: false; problem: Problem } {
  if (!slot.expression) return { ok: false, problem: runProblems.expressionInvalid(TRIGGER_AT, slot.pointer, slot.problem!) };
  const r = slot.expression.evaluate(scope as Record<string, unknown>, { now });
  return r.ok ? { ok: true, value: r.value } : { ok: false, problem: runProblems.expressionFailed(TRIGGER_AT, slot.pointer, r.error) };
}

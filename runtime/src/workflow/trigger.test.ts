/**
 * Given a definition's trigger, when a record or event arrives, then the `when`
 * guard and an event trigger's `recordId` decide whether and for which record a run starts.
 */
import { describe, expect, it } from 'vitest';
import { evaluateTrigger } from './trigger';
import { T0, workflow } from './test-kit';

const end = { id: 'e', kind: 'end' as const };

describe('evaluateTrigger', () => {
  it('matches when the guard holds, and not otherwise', () => {
    const def = workflow([end], [], { trigger: { type: 'record.created', form: 'lead', when: "record.tier == 'S'" } });
    expect(evaluateTrigger(def, { record: { tier: 'S' } }, T0)).toEqual({ ok: true, matched: true });
    expect(evaluateTrigger(def, { record: { tier: 'B' } }, T0)).toEqual({ ok: true, matched: false });
  });
  it('matches without a guard', () => {
    expect(evaluateTrigger(workflow([end], []), { record: {} }, T0)).toEqual({ ok: true, matched: true });
  });
  it('skips a field.changed trigger when none of its fields changed', () => {
    const def = workflow([end], [], { trigger: { type: 'field.changed', form: 'lead', fields: ['tier', 'arr'] } });
    expect(evaluateTrigger(def, { record: {}, changedFields: ['phone'] }, T0)).toEqual({ ok: true, matched: false });
    expect(evaluateTrigger(def, { record: {}, changedFields: ['arr'] }, T0)).toEqual({ ok: true, matched: true });
  });
  it('finds the record of an event trigger', () => {
    const def = workflow([end], [], { trigger: { type: 'event', event: 'usage.dropped', when: 'event.data.drop_pct > 30', recordId: 'event.data.customer' } });
    expect(evaluateTrigger(def, { event: { type: 'usage.dropped', data: { drop_pct: 45, customer: 'rec-9' } } }, T0)).toEqual({ ok: true, matched: true, recordId: 'rec-9' });
    expect(evaluateTrigger(def, { event: { type: 'usage.dropped', data: { drop_pct: 5, customer: 'rec-9' } } }, T0)).toEqual({ ok: true, matched: false });
  });
  it('reports a guard that fails on the data, with a pointer into the trigger', () => {
    const def = workflow([end], [], { trigger: { type: 'record.created', form: 'lead', when: 'record.arr > 10' } });
    const r = evaluateTrigger(def, { record: {} }, T0);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem.pointer).toBe('/trigger/when');
  });
});

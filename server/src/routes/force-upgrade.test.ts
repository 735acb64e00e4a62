/**
 * HQ forcing a conflicting upgrade onto a branch instance after the template version's
 * upgrade deadline (POST /definitions/:id/upgrade with `force: true`), on the app's
 * injected fake clock: refused before the deadline (saying when it can be forced),
 * never allowed to a branch admin, never possible for a version without a deadline;
 * after it HQ's version wins, the branch's conflicting parts are set aside (kept and
 * listed), records follow HQ's rules and the audit log holds `definition.force_upgrade`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FormDefinition, FormField, Template } from '@branchline/schemas';
import { visitTemplate } from '../test-fixtures';
import { HOUR, T0, must, runsKit, type Kit } from '../runs/test-kit';

let kit: Kit;
afterEach(() => kit?.app.close());

const DAY = 24 * HOUR;
const DEADLINE = T0 + 7 * DAY;
const t = (en: string, zh: string) => ({ 'zh-CN': zh, en });
type Currency = Extract<FormField, { type: 'currency' }>;
const amount = (def: FormDefinition) => def.fields.find((f): f is Currency => f.key === 'amount' && f.type === 'currency')!;
const field = (def: FormDefinition, key: string) => def.fields.find((f) => f.key === key);

interface AsideEntry {
  change: { type: string; key?: string; field?: { key: string; type: string; label: { en: string } }; set?: Record<string, unknown> };
  reason: { code: string; params: Record<string, unknown> };
  templateVersion: number;
}

/**
 * v1 of visit-report (amount ≤ 100000), east's published instance with amount tightened to
 * ≤ 50000 and its own text `phone` field; then HQ's v2 (amount ≤ 200000 and HQ's own `phone`)
 * with `upgradeDeadline` when given. Returns the instance id.
 */
async function conflictingInstance(upgradeDeadline: number | null): Promise<string> {
  const v1 = visitTemplate(1);
  amount(v1.definition as FormDefinition).validation = { min: 0, max: 100000 };
  must(await kit.call('POST', '/templates', 'hqAdmin', { template: v1 }), 201);
  const created = must(await kit.call('POST', '/templates/visit-report/instances', 'eastAdmin', {}), 201);
  const def = structuredClone(created.definition) as FormDefinition;
  amount(def).validation = { min: 0, max: 50000 };
  def.fields.push({ key: 'phone', type: 'text', label: t('WeChat or phone', '微信或电话') } as FormField);
  must(await kit.call('PUT', `/definitions/${created.id}`, 'eastAdmin', { definition: def }), 200);
  must(await kit.call('POST', `/definitions/${created.id}/publish`, 'eastAdmin'), 200);
  const v2: Template = visitTemplate(2);
  amount(v2.definition as FormDefinition).validation = { min: 0, max: 200000 };
  (v2.definition as FormDefinition).fields.push({ key: 'phone', type: 'phone', label: t('HQ phone', '总部电话') } as FormField);
  const published = must(await kit.call('POST', '/templates', 'hqAdmin', { template: v2, ...(upgradeDeadline !== null ? { upgradeDeadline: new Date(upgradeDeadline).toISOString() } : {}) }), 201);
  expect(published).toMatchObject({ key: 'visit-report', version: 2 });
  return created.id as string;
}

const force = (id: string, who: 'hqAdmin' | 'eastAdmin') => kit.call('POST', `/definitions/${id}/upgrade`, who, { force: true });
const plan = async (id: string, who: 'hqAdmin' | 'eastAdmin') => must(await kit.call('GET', `/definitions/${id}/upgrade`, who), 200) as { clean: boolean; canForce: boolean; deadline?: string; conflicts: { code: string }[] };
const forceAudits = async (id: string) => must(await kit.call('GET', `/audit?entity=definition:${id}&action=definition.force_upgrade`, 'auditor'), 200).items as { actor?: string; diff: { before: { templateVersion: number }; after: { templateVersion: number; setAside?: unknown[] } } }[];
const submit = (id: string, data: Record<string, unknown>) => kit.call('POST', `/definitions/${id}/records`, 'eastRep', { data: { company: '上海精工', region: 'east', ...data } });
/** The instance as stored: still on v1 with the branch's overlay in effect. */
async function stillOnV1(id: string): Promise<void> {
  const detail = must(await kit.call('GET', `/definitions/${id}`, 'eastAdmin'), 200) as { version: number; template: { version: number }; definition: FormDefinition; setAside: unknown[] };
  expect(detail).toMatchObject({ version: 1, template: { version: 1 } });
  expect(amount(detail.definition).validation).toEqual({ min: 0, max: 50000 });
  expect(field(detail.definition, 'phone')).toMatchObject({ type: 'text' });
  expect(detail.setAside).toEqual([]);
}

describe('forcing a conflicting upgrade after HQ\'s deadline', () => {
  it('before the deadline even HQ is refused (409, saying when); a branch admin never may (403); the instance stays on v1', async () => {
    kit = await runsKit({ setup: false });
    const id = await conflictingInstance(DEADLINE);
    const hqPlan = await plan(id, 'hqAdmin');
    expect(hqPlan).toMatchObject({ clean: false, canForce: false, deadline: new Date(DEADLINE).toISOString() });
    expect(hqPlan.conflicts.map((c) => c.code).sort()).toEqual(['key_taken_by_hq', 'tightened_rule_changed_by_hq']);

    // One millisecond before the deadline.
    kit.clock.now = DEADLINE - 1;
    await kit.relogin();
    expect((await plan(id, 'hqAdmin')).canForce).toBe(false);
    const early = await force(id, 'hqAdmin');
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'upgrade_conflicts' });
    expect(early.json().detail).toBe(`It can be forced after ${new Date(DEADLINE).toISOString()}.`);

    const branch = await force(id, 'eastAdmin');
    expect(branch.statusCode).toBe(403);
    expect(branch.json()).toMatchObject({ code: 'forbidden', detail: 'Only HQ may force an upgrade with conflicts.' });

    await stillOnV1(id);
    expect(await forceAudits(id)).toEqual([]);
  });

  it('after the deadline a branch admin is still refused (403) and the plan never offers the branch a force', async () => {
    kit = await runsKit({ setup: false });
    const id = await conflictingInstance(DEADLINE);
    kit.clock.now = DEADLINE + 30 * DAY;
    await kit.relogin();
    expect((await plan(id, 'eastAdmin')).canForce).toBe(false);
    expect((await plan(id, 'hqAdmin')).canForce).toBe(true);
    expect((await force(id, 'eastAdmin')).statusCode).toBe(403);
    await stillOnV1(id);
    expect(await forceAudits(id)).toEqual([]);
  });

  it('at the deadline HQ\'s force moves the instance to v2: HQ wins, the branch\'s parts are set aside and listed, records follow v2, audited', async () => {
    kit = await runsKit({ setup: false });
    const id = await conflictingInstance(DEADLINE);
    // Under the branch's tightened cap a 150000 visit is refused.
    expect((await submit(id, { amount: 150000 })).statusCode).toBe(422);

    kit.clock.now = DEADLINE;
    await kit.relogin();
    const res = await force(id, 'hqAdmin');
    expect(res.statusCode).toBe(200);
    const detail = res.json() as { status: string; version: number; template: { version: number }; definition: FormDefinition; setAside: AsideEntry[] };
    expect(detail).toMatchObject({ status: 'published', version: 2, template: { version: 2 } });
    // HQ's version wins on both conflicts.
    expect(amount(detail.definition).validation).toEqual({ min: 0, max: 200000 });
    expect(field(detail.definition, 'phone')).toMatchObject({ type: 'phone', label: { en: 'HQ phone' } });
    expect(detail.definition.fields.filter((f) => f.key === 'phone')).toHaveLength(1);

    // The branch's conflicting parts are kept, not deleted: listed on the definition as it is read back.
    const stored = must(await kit.call('GET', `/definitions/${id}`, 'eastAdmin'), 200) as unknown as typeof detail;
    expect(stored.setAside).toEqual(detail.setAside);
    const byCode = Object.fromEntries(stored.setAside.map((e) => [e.reason.code, e]));
    expect(Object.keys(byCode).sort()).toEqual(['key_taken_by_hq', 'tightened_rule_changed_by_hq']);
    expect(byCode.key_taken_by_hq!.change).toMatchObject({ type: 'field.add', field: { key: 'phone', type: 'text', label: { en: 'WeChat or phone' } } });
    expect(byCode.tightened_rule_changed_by_hq!.change).toMatchObject({ type: 'field.update', key: 'amount' });
    expect(JSON.stringify(byCode.tightened_rule_changed_by_hq!.change)).toContain('50000');
    expect(stored.setAside.every((e) => e.templateVersion === 2)).toBe(true);

    // Version 2 is what runs now: HQ's cap and HQ's phone field apply to new records.
    expect((await submit(id, { amount: 150000 })).statusCode).toBe(201);
    expect((await submit(id, { amount: 250000 })).statusCode).toBe(422);
    const usage = must(await kit.call('GET', '/templates/visit-report/usage', 'hqAdmin'), 200).items as { definitionId: string; templateVersion: number; upToDate: boolean }[];
    expect(usage.find((u) => u.definitionId === id)).toMatchObject({ templateVersion: 2, upToDate: true });

    const audits = await forceAudits(id);
    expect(audits).toHaveLength(1);
    expect(audits[0]!.diff).toMatchObject({ before: { templateVersion: 1 }, after: { templateVersion: 2 } });
    expect(audits[0]!.diff.after.setAside).toHaveLength(2);
    // No plain upgrade was recorded for it.
    expect(must(await kit.call('GET', `/audit?entity=definition:${id}&action=definition.upgrade`, 'auditor'), 200).items).toEqual([]);

    // Nothing is left to upgrade.
    expect((await force(id, 'hqAdmin')).statusCode).toBe(409);
  });

  it('a template version without a deadline can never be forced, however late', async () => {
    kit = await runsKit({ setup: false });
    const id = await conflictingInstance(null);
    kit.clock.now = T0 + 365 * DAY;
    await kit.relogin();
    const p = await plan(id, 'hqAdmin');
    expect(p.canForce).toBe(false);
    expect(p).not.toHaveProperty('deadline');
    const res = await force(id, 'hqAdmin');
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'upgrade_conflicts', detail: 'This template version has no upgrade deadline, so it cannot be forced.' });
    await stillOnV1(id);
    expect(await forceAudits(id)).toEqual([]);
  });

  it("force on a clean upgrade forces nothing: a branch admin's upgrade is audited as definition.upgrade, not as HQ's force", async () => {
    kit = await runsKit({ setup: false });
    must(await kit.call('POST', '/templates', 'hqAdmin', { template: visitTemplate(1) }), 201);
    const id = must(await kit.call('POST', '/templates/visit-report/instances', 'eastAdmin', { publish: true }), 201).id as string;
    const v2 = visitTemplate(2);
    (v2.definition as FormDefinition).fields.push({ key: 'phone', type: 'phone', label: t('HQ phone', '总部电话') } as FormField);
    must(await kit.call('POST', '/templates', 'hqAdmin', { template: v2, upgradeDeadline: new Date(DEADLINE).toISOString() }), 201);
    expect((await plan(id, 'eastAdmin')).clean).toBe(true);
    const res = await force(id, 'eastAdmin');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ version: 2, template: { version: 2 }, setAside: [] });
    expect(await forceAudits(id)).toEqual([]);
    const upgrades = must(await kit.call('GET', `/audit?entity=definition:${id}&action=definition.upgrade`, 'auditor'), 200).items as { diff: unknown }[];
    expect(upgrades.map((a) => a.diff)).toEqual([{ before: { templateVersion: 1 }, after: { templateVersion: 2 } }]);
  });
});

/**
 * Changes an upgrade set aside: listed on GET /definitions/:id, re-applied to the draft
 * (checked like any edit) or discarded (audited) by a branch admin.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { FormDefinition, FormField, Template } from '@branchline/schemas';
import { bearer, loginAll, problemLines, testApp, type DemoUser } from '../test-support';
import { visitTemplate } from '../test-fixtures';

let app: FastifyInstance;
let tok: Record<DemoUser, string>;
beforeEach(async () => {
  app = await testApp();
  tok = await loginAll(app);
});
afterEach(() => app.close());

const call = (method: string, url: string, who: DemoUser, payload?: unknown) =>
  app.inject({ method: method as 'GET', url: `/api/v1${url}`, headers: bearer(tok[who]), ...(payload !== undefined ? { payload: payload as object } : {}) });
const t = (en: string, zh: string) => ({ 'zh-CN': zh, en });
type Currency = Extract<FormField, { type: 'currency' }>;
const amount = (def: FormDefinition) => def.fields.find((f): f is Currency => f.key === 'amount' && f.type === 'currency')!;
const form = (def: unknown) => def as FormDefinition;

interface Entry {
  change: { type: string; key?: string; field?: { key: string }; rule?: { id: string } };
  reason: { code: string; message: { en: string; 'zh-CN': string }; params?: Record<string, unknown> };
  at: string;
  templateVersion: number;
}

/**
 * East's published instance of visit-report v1 with: amount tightened to ≤ 50000, its own
 * text `phone` field, a rule on `visits`, `notes` removed. v2: HQ loosens amount to ≤ 200000,
 * adds its own `phone`, drops `visits` and locks `notes`. The upgrade sets every branch part aside.
 */
async function upgradedWithEverythingAside(): Promise<{ id: string; entries: Entry[] }> {
  const v1 = visitTemplate(1);
  amount(form(v1.definition)).validation = { min: 0, max: 100000 };
  expect((await call('POST', '/templates', 'hqAdmin', { template: v1 })).statusCode).toBe(201);
  const created = (await call('POST', '/templates/visit-report/instances', 'eastAdmin', {})).json();
  const def = structuredClone(created.definition) as FormDefinition;
  amount(def).validation = { min: 0, max: 50000 };
  def.fields = def.fields.filter((f) => f.key !== 'notes');
  def.fields.push({ key: 'phone', type: 'text', label: t('WeChat or phone', '微信或电话') } as FormField);
  def.rules = [{ id: 'visited', assert: 'visits >= 1', message: t('Visit first', '请先拜访') }];
  expect((await call('PUT', `/definitions/${created.id}`, 'eastAdmin', { definition: def })).json().problems).toEqual([]);
  expect((await call('POST', `/definitions/${created.id}/publish`, 'eastAdmin')).statusCode).toBe(200);
  const v2: Template = visitTemplate(2);
  amount(form(v2.definition)).validation = { min: 0, max: 200000 };
  form(v2.definition).fields = form(v2.definition).fields.filter((f) => f.key !== 'visits');
  form(v2.definition).fields.push({ key: 'phone', type: 'phone', label: t('HQ phone', '总部电话') } as FormField);
  v2.locks.push({ element: 'field', key: 'notes', policy: t('Notes are kept for audits', '备注用于审计') });
  expect((await call('POST', '/templates', 'hqAdmin', { template: v2 })).statusCode).toBe(201);
  const plan = (await call('GET', `/definitions/${created.id}/upgrade`, 'eastAdmin')).json() as { conflicts: { code: string }[] };
  expect(plan.conflicts.map((c) => c.code).sort()).toEqual(['breaks_after_upgrade', 'key_taken_by_hq', 'newly_locked', 'tightened_rule_changed_by_hq']);
  const res = await call('POST', `/definitions/${created.id}/upgrade`, 'eastAdmin', { resolutions: plan.conflicts.map((_, i) => ({ conflict: i, choice: 'aside' })) });
  expect(res.statusCode).toBe(200);
  const detail = (await call('GET', `/definitions/${created.id}`, 'eastAdmin')).json();
  return { id: created.id as string, entries: detail.setAside as Entry[] };
}

const indexOf = (entries: Entry[], code: string) => entries.findIndex((e) => e.reason.code === code);

describe('set-aside changes', () => {
  it('are listed on the definition with the change, the reason in both languages and when', async () => {
    const { entries } = await upgradedWithEverythingAside();
    expect(entries.map((e) => [e.reason.code, e.change.type]).sort()).toEqual([
      ['breaks_after_upgrade', 'rule.add'],
      ['key_taken_by_hq', 'field.add'],
      ['newly_locked', 'field.remove'],
      ['tightened_rule_changed_by_hq', 'field.update'],
    ]);
    for (const e of entries) {
      expect(e.templateVersion).toBe(2);
      expect(Date.parse(e.at)).not.toBeNaN();
      expect(e.reason.message.en.length).toBeGreaterThan(10);
      expect(e.reason.message['zh-CN'].length).toBeGreaterThan(5);
      expect(e.reason.params).not.toHaveProperty('setAside');
    }
    expect(entries[indexOf(entries, 'key_taken_by_hq')]!.reason.params).toMatchObject({ element: 'field', key: 'phone' });
  });

  it('re-applying one that still fits puts it in the draft, takes it off the list, is audited and publishes', async () => {
    const { id, entries } = await upgradedWithEverythingAside();
    const i = indexOf(entries, 'tightened_rule_changed_by_hq');
    const res = await call('POST', `/definitions/${id}/set-aside/${i}/reapply`, 'eastAdmin');
    expect(res.statusCode).toBe(200);
    const detail = res.json();
    expect(amount(detail.definition).validation).toEqual({ min: 0, max: 50000 });
    expect(detail.status).toBe('draft');
    expect(detail.setAside.map((e: Entry) => e.reason.code).sort()).toEqual(['breaks_after_upgrade', 'key_taken_by_hq', 'newly_locked']);
    expect(detail.overlay.changes).toContainEqual(expect.objectContaining({ type: 'field.update', key: 'amount' }));
    const audit = (await call('GET', `/audit?entity=definition:${id}&action=definition.set_aside.reapply`, 'auditor')).json();
    expect(audit.items[0].diff.before.setAside.change).toEqual(entries[i]!.change);
    const published = await call('POST', `/definitions/${id}/publish`, 'eastAdmin');
    expect(published.statusCode).toBe(200);
    expect(amount(published.json().definition.definition).validation).toEqual({ min: 0, max: 50000 });
  });

  it('re-applying one that no longer applies is refused with a pointer at the set-aside change, and it stays', async () => {
    const { id, entries } = await upgradedWithEverythingAside();
    const i = indexOf(entries, 'key_taken_by_hq');
    const res = await call('POST', `/definitions/${id}/set-aside/${i}/reapply`, 'eastAdmin');
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('set_aside_does_not_fit');
    expect(problemLines(res).every((l) => l.startsWith(`/setAside/${i}/change`))).toBe(true);
    expect(problemLines(res).length).toBeGreaterThan(0);
    expect((await call('GET', `/definitions/${id}`, 'eastAdmin')).json().setAside).toHaveLength(4);
  });

  it("re-applying one HQ's locks refuse is refused as any edit would be (locked_element, HQ's policy)", async () => {
    const { id, entries } = await upgradedWithEverythingAside();
    const res = await call('POST', `/definitions/${id}/set-aside/${indexOf(entries, 'newly_locked')}/reapply`, 'eastAdmin');
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('locked_element');
    expect(res.json().errors[0].params.policy.en).toBe('Notes are kept for audits');
  });

  it('re-applying one that would make the draft invalid is refused with pointers into the definition', async () => {
    const { id, entries } = await upgradedWithEverythingAside();
    const i = indexOf(entries, 'breaks_after_upgrade');
    const res = await call('POST', `/definitions/${id}/set-aside/${i}/reapply`, 'eastAdmin');
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('set_aside_does_not_fit');
    expect(problemLines(res)).toEqual(['/definition/rules/0/assert unknown_field']);
    expect(res.json().errors[0].params.setAside).toBe(i);
    const detail = (await call('GET', `/definitions/${id}`, 'eastAdmin')).json();
    expect(detail.definition.rules ?? []).toEqual([]);
    expect(detail.setAside).toHaveLength(4);
  });

  it('discarding one drops it for good and is audited with the change', async () => {
    const { id, entries } = await upgradedWithEverythingAside();
    const i = indexOf(entries, 'key_taken_by_hq');
    const res = await call('DELETE', `/definitions/${id}/set-aside/${i}`, 'eastAdmin');
    expect(res.statusCode).toBe(200);
    expect(res.json().setAside.map((e: Entry) => e.reason.code)).not.toContain('key_taken_by_hq');
    expect(res.json().setAside).toHaveLength(3);
    expect(res.json().status).toBe('published');
    const audit = (await call('GET', `/audit?entity=definition:${id}&action=definition.set_aside.discard`, 'auditor')).json();
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0].diff.before.setAside.change).toEqual(entries[i]!.change);
  });

  it('refuses unknown positions, other branches, designers and reps', async () => {
    const { id } = await upgradedWithEverythingAside();
    for (const index of ['4', '99', 'x', '-1', '1.5']) {
      const res = await call('POST', `/definitions/${id}/set-aside/${index}/reapply`, 'eastAdmin');
      expect([res.statusCode, res.json().code], index).toEqual([404, 'set_aside_not_found']);
    }
    expect((await call('DELETE', `/definitions/${id}/set-aside/0`, 'southAdmin')).json().code).toBe('definition_not_found');
    expect((await call('POST', `/definitions/${id}/set-aside/0/reapply`, 'eastDesigner')).statusCode).toBe(403);
    expect((await call('DELETE', `/definitions/${id}/set-aside/0`, 'eastRep')).statusCode).toBe(403);
    expect((await call('GET', `/definitions/${id}`, 'eastAdmin')).json().setAside).toHaveLength(4);
  });

  it('reads what older upgrades stored (one batch per upgrade) as one entry per change', async () => {
    const { id, entries } = await upgradedWithEverythingAside();
    const batch = { at: entries[0]!.at, from: 1, to: 2, changes: [entries[0]!.change], conflicts: [{ pointer: '/changes/0', code: entries[0]!.reason.code, message: entries[0]!.reason.message, params: { ...entries[0]!.reason.params, setAside: [0] } }] };
    app.svc.store.sqlite.prepare('UPDATE definitions SET set_aside = ? WHERE id = ?').run(JSON.stringify([batch]), id);
    const detail = (await call('GET', `/definitions/${id}`, 'eastAdmin')).json();
    expect(detail.setAside).toEqual([entries[0]]);
  });
});

/**
 * Upgrading a branch instance with conflicts by resolving each one: keep the branch's
 * part, take HQ's, or set it aside — through GET/POST /definitions/:id/upgrade.
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
/** The `amount` currency field of a visit-report form. */
const amount = (def: FormDefinition) => def.fields.find((f): f is Currency => f.key === 'amount' && f.type === 'currency')!;

/** v1: amount ≤ 100000. v2: HQ loosens amount to ≤ 200000 and adds its own `phone` field. */
function versions(): [Template, Template] {
  const v1 = visitTemplate(1);
  amount(v1.definition as FormDefinition).validation = { min: 0, max: 100000 };
  const v2 = visitTemplate(2);
  amount(v2.definition as FormDefinition).validation = { min: 0, max: 200000 };
  (v2.definition as FormDefinition).fields.push({ key: 'phone', type: 'phone', label: t('HQ phone', '总部电话') } as FormField);
  return [v1, v2];
}

/** East's instance of v1, published, with amount tightened to ≤ 50000 and its own `phone` field. */
async function branchInstance(): Promise<string> {
  const [v1] = versions();
  expect((await call('POST', '/templates', 'hqAdmin', { template: v1 })).statusCode).toBe(201);
  const created = (await call('POST', '/templates/visit-report/instances', 'eastAdmin', {})).json();
  const def = structuredClone(created.definition) as FormDefinition;
  amount(def).validation = { min: 0, max: 50000 };
  def.fields.push({ key: 'phone', type: 'text', label: t('WeChat or phone', '微信或电话') } as FormField);
  expect((await call('PUT', `/definitions/${created.id}`, 'eastAdmin', { definition: def })).statusCode).toBe(200);
  expect((await call('POST', `/definitions/${created.id}/publish`, 'eastAdmin')).statusCode).toBe(200);
  expect((await call('POST', '/templates', 'hqAdmin', { template: versions()[1] })).statusCode).toBe(201);
  return created.id as string;
}

interface Conflict {
  code: string;
  pointer: string;
  keepable: boolean;
  params: { setAside: number[]; key?: string };
}

const field = (def: FormDefinition, key: string) => def.fields.find((f) => f.key === key);

describe('upgrade with conflicts resolved by the branch admin', () => {
  it('the plan lists both conflicts and says which can keep the branch side', async () => {
    const id = await branchInstance();
    const plan = (await call('GET', `/definitions/${id}/upgrade`, 'eastAdmin')).json() as { from: number; to: number; clean: boolean; conflicts: Conflict[] };
    expect(plan).toMatchObject({ from: 1, to: 2, clean: false });
    const byCode = Object.fromEntries(plan.conflicts.map((c) => [c.code, c]));
    expect(Object.keys(byCode).sort()).toEqual(['key_taken_by_hq', 'tightened_rule_changed_by_hq']);
    expect(byCode.tightened_rule_changed_by_hq!.keepable).toBe(true);
    expect(byCode.key_taken_by_hq!.keepable).toBe(false);
    // Without resolutions the conflicting upgrade is still refused.
    expect((await call('POST', `/definitions/${id}/upgrade`, 'eastAdmin', {})).statusCode).toBe(409);
  });

  it('keep mine on the cap, set the own phone field aside: published on v2 with the stricter cap and the field kept aside', async () => {
    const id = await branchInstance();
    const conflicts = (await call('GET', `/definitions/${id}/upgrade`, 'eastAdmin')).json().conflicts as Conflict[];
    const resolutions = conflicts.map((c, i) => ({ conflict: i, choice: c.code === 'tightened_rule_changed_by_hq' ? 'mine' : 'aside' }));
    const res = await call('POST', `/definitions/${id}/upgrade`, 'eastAdmin', { to: 2, resolutions });
    expect(res.statusCode).toBe(200);
    const detail = res.json();
    expect(detail).toMatchObject({ status: 'published', version: 2, template: { version: 2 } });
    expect(amount(detail.definition).validation).toEqual({ min: 0, max: 50000 });
    expect(field(detail.definition, 'phone')).toMatchObject({ type: 'phone', label: { en: 'HQ phone' } });
    const aside = detail.setAside as { change: { type: string; field?: { key: string } }; reason: { code: string; params: { key?: string } }; templateVersion: number }[];
    expect(aside.map((e) => [e.reason.code, e.reason.params.key, e.change.type, e.change.field?.key, e.templateVersion])).toEqual([['key_taken_by_hq', 'phone', 'field.add', 'phone', 2]]);
    const usage = (await call('GET', '/templates/visit-report/usage', 'hqAdmin')).json();
    expect(usage.items.find((i: { definitionId: string }) => i.definitionId === id)).toMatchObject({ templateVersion: 2, upToDate: true });
    const audit = (await call('GET', `/audit?entity=definition:${id}&action=definition.upgrade`, 'auditor')).json();
    expect(audit.items[0].diff.after.resolutions).toEqual(resolutions);
  });

  it("take HQ's for both: HQ's cap applies and nothing is set aside", async () => {
    const id = await branchInstance();
    const n = (await call('GET', `/definitions/${id}/upgrade`, 'eastAdmin')).json().conflicts.length as number;
    const res = await call('POST', `/definitions/${id}/upgrade`, 'eastAdmin', { resolutions: Array.from({ length: n }, (_, i) => ({ conflict: i, choice: 'hq' })) });
    expect(res.statusCode).toBe(200);
    expect(amount(res.json().definition).validation).toEqual({ min: 0, max: 200000 });
    expect(res.json().setAside).toEqual([]);
  });

  it('refuses keeping a part that cannot apply, unresolved and unknown conflicts, and leaves the instance on v1', async () => {
    const id = await branchInstance();
    const conflicts = (await call('GET', `/definitions/${id}/upgrade`, 'eastAdmin')).json().conflicts as Conflict[];
    const clash = conflicts.findIndex((c) => c.code === 'key_taken_by_hq');
    const all = conflicts.map((_, i) => ({ conflict: i, choice: 'mine' }));
    const refused = await call('POST', `/definitions/${id}/upgrade`, 'eastAdmin', { resolutions: all });
    expect(refused.statusCode).toBe(409);
    expect(problemLines(refused).every((l) => l.startsWith(`/resolutions/${clash} `))).toBe(true);
    expect(problemLines(refused).length).toBeGreaterThan(0);

    const missing = await call('POST', `/definitions/${id}/upgrade`, 'eastAdmin', { resolutions: [{ conflict: 0, choice: 'hq' }] });
    expect(missing.statusCode).toBe(422);
    expect(problemLines(missing)).toEqual(['/resolutions unresolved']);
    const unknown = await call('POST', `/definitions/${id}/upgrade`, 'eastAdmin', { resolutions: [...all.map((r) => ({ ...r, choice: 'hq' })), { conflict: 7, choice: 'hq' }] });
    expect(problemLines(unknown)).toEqual(['/resolutions/2/conflict unknown_conflict']);
    const bad = await call('POST', `/definitions/${id}/upgrade`, 'eastAdmin', { resolutions: [{ conflict: 0, choice: 'theirs' }] });
    expect(bad.statusCode).toBe(422);

    expect((await call('GET', `/definitions/${id}`, 'eastAdmin')).json()).toMatchObject({ version: 1, template: { version: 1 } });
  });

  it('a designer may read the plan but not apply it', async () => {
    const id = await branchInstance();
    expect((await call('GET', `/definitions/${id}/upgrade`, 'eastDesigner')).statusCode).toBe(200);
    expect((await call('POST', `/definitions/${id}/upgrade`, 'eastDesigner', { resolutions: [] })).statusCode).toBe(403);
  });
});

describe('an upgrade whose merge would not validate', () => {
  /** East's published instance of v1 with a rule on `visits`; v2: HQ removes `visits`. */
  async function ruleOnRemovedField(): Promise<string> {
    expect((await call('POST', '/templates', 'hqAdmin', { template: visitTemplate(1) })).statusCode).toBe(201);
    const created = (await call('POST', '/templates/visit-report/instances', 'eastAdmin', {})).json();
    const def = structuredClone(created.definition) as FormDefinition;
    def.rules = [{ id: 'visited', assert: 'visits >= 1', message: t('Visit first', '请先拜访'), field: 'visits' }];
    expect((await call('PUT', `/definitions/${created.id}`, 'eastAdmin', { definition: def })).json().problems).toEqual([]);
    expect((await call('POST', `/definitions/${created.id}/publish`, 'eastAdmin')).statusCode).toBe(200);
    const v2 = visitTemplate(2);
    (v2.definition as FormDefinition).fields = (v2.definition as FormDefinition).fields.filter((f) => f.key !== 'visits');
    expect((await call('POST', '/templates', 'hqAdmin', { template: v2 })).statusCode).toBe(201);
    return created.id as string;
  }

  it('lists the branch rule as a conflict with pointers, cannot keep it, and sets it aside on a valid v2', async () => {
    const id = await ruleOnRemovedField();
    const plan = (await call('GET', `/definitions/${id}/upgrade`, 'eastAdmin')).json() as { clean: boolean; conflicts: (Conflict & { params: { definitionPointer: string; cause: string; id: string } })[]; preview: FormDefinition };
    expect(plan.clean).toBe(false);
    expect(plan.conflicts.map((c) => [c.pointer, c.code, c.params.id, c.params.cause, c.keepable])).toEqual([['/overlay/changes/0', 'breaks_after_upgrade', 'visited', 'unknown_field', false]]);
    expect(plan.conflicts[0]!.params.definitionPointer).toMatch(/^\/rules\/0\/(assert|field)$/);
    expect(plan.preview.rules ?? []).toEqual([]);

    const kept = await call('POST', `/definitions/${id}/upgrade`, 'eastAdmin', { resolutions: [{ conflict: 0, choice: 'mine' }] });
    expect(kept.statusCode).toBe(409);
    expect([...new Set(problemLines(kept))]).toEqual(['/resolutions/0 unknown_field']);

    const res = await call('POST', `/definitions/${id}/upgrade`, 'eastAdmin', { resolutions: [{ conflict: 0, choice: 'aside' }] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'published', template: { version: 2 } });
    expect(res.json().definition.rules ?? []).toEqual([]);
  });
});

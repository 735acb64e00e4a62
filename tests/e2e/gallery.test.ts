/**
 * The template gallery in Debian's Chromium against the real server: HQ publishes a
 * new version of a template and sees which branches use which version; a branch
 * admin starts an instance, and when HQ's next version collides with the branch's
 * own changes, resolves each conflict and upgrades.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormDefinition, FormField } from '@branchline/schemas';
import type { Page } from 'playwright-core';
import { openBrowser, screenshot, signIn, startApp, type OpenBrowser, type RunningApp } from './harness';

/** Each test signs in as its own user, whatever the previous one left. */
async function signOutIfIn(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: 'Sign out' });
  if (await button.isVisible()) await button.click();
}

const HQ = 'admin@hq.demo';
const EAST = 'admin@east.demo';
const SOUTH = 'admin@south.demo';

interface Usage {
  latestVersion: number;
  items: { definitionId: string; orgId: string; templateVersion: number; upToDate: boolean }[];
  byVersion: Record<string, number>;
}
interface Detail {
  id: string;
  version: number;
  status: string;
  definition: FormDefinition;
  template: { key: string; version: number; latestVersion: number; definition: FormDefinition };
  setAside: { change: { type: string; field?: { key: string; label: { en: string } } }; reason: { code: string } }[];
}
type Table = Extract<FormField, { type: 'table' }>;
const lines = (def: FormDefinition) => def.fields.find((f): f is Table => f.key === 'lines' && f.type === 'table')!;
const discount = (def: FormDefinition) => lines(def).columns.find((c) => c.key === 'discount_pct') as { validation?: { min?: number; max?: number } };

describe('template gallery, end to end', () => {
  let app: RunningApp;
  let browser: OpenBrowser;

  beforeAll(async () => {
    app = await startApp();
    browser = await openBrowser(app);
    browser.page.setDefaultTimeout(10_000);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('HQ publishes a new version of customer registration and sees which branches use which version', async () => {
    for (const who of [EAST, SOUTH]) expect((await app.api(who, 'POST', '/templates/customer-registration/instances', { publish: true })).status).toBe(201);
    const { page } = browser;
    await signIn(page, app.origin, HQ);
    await page.getByRole('link', { name: 'Templates' }).click();
    const card = page.locator('[data-testid="template-card"][data-template="customer-registration"]');
    await card.waitFor();
    await expect.poll(() => card.getByTestId('usage-summary').textContent()).toBe('2 instance(s) · v1: 2');

    await card.getByRole('button', { name: 'Publish new version' }).click();
    const dialog = page.getByRole('dialog');
    const json = dialog.getByTestId('template-json');
    await expect.poll(async () => (await json.inputValue()).length).toBeGreaterThan(100);
    // HQ adds a field to the next version, editing the JSON the dialog prepared (version 2).
    const doc = JSON.parse(await json.inputValue()) as { version: number; definition: FormDefinition };
    expect(doc.version).toBe(2);
    doc.definition.fields.push({ key: 'company_website', type: 'text', label: { 'zh-CN': '公司网站', en: 'Company website' } } as FormField);
    await json.fill(JSON.stringify(doc, null, 2));
    await dialog.getByLabel('Chinese').fill('新增公司网站字段');
    await dialog.getByLabel('English').fill('Adds the company website');
    await screenshot(page, 'gallery-publish');
    await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => card.locator('.tpl-head .badge').textContent()).toBe('Version 2');

    // The template page: which branch is on which version, as the server counts it.
    await card.getByRole('link', { name: 'Details' }).click();
    await page.getByRole('heading', { name: 'Customer registration' }).waitFor();
    await page.getByTestId('usage-table').waitFor();
    await expect(page.getByTestId('changelog').textContent()).resolves.toContain('Adds the company website');
    await expect(page.getByTestId('diff-list').textContent()).resolves.toContain('/fields/company_website');
    const rows = async () =>
      page.getByTestId('usage-table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => `${tr.getAttribute('data-org')}@${tr.getAttribute('data-template-version')}`).sort());
    expect(await rows()).toEqual(['east@1', 'south@1']);
    await expect(page.getByTestId('usage-table').textContent()).resolves.toContain('behind v2');

    // East upgrades (cleanly: it changed nothing); HQ sees one branch on each version.
    const eastId = (await app.api<Usage>(HQ, 'GET', '/templates/customer-registration/usage')).body.items.find((i) => i.orgId === 'east')!.definitionId;
    expect((await app.api(EAST, 'POST', `/definitions/${eastId}/upgrade`, {})).status).toBe(200);
    await page.reload();
    await page.getByTestId('usage-table').waitFor();
    const usage = (await app.api<Usage>(HQ, 'GET', '/templates/customer-registration/usage')).body;
    expect(await rows()).toEqual(usage.items.map((i) => `${i.orgId}@${i.templateVersion}`).sort());
    expect(await rows()).toEqual(['east@2', 'south@1']);
    const bars = await page.getByTestId('usage-by-version').locator('li').evaluateAll((lis) => lis.map((li) => [li.getAttribute('data-version'), li.getAttribute('data-count')]));
    expect(bars).toEqual(Object.entries(usage.byVersion).map(([v, n]) => [v, String(n)]).reverse());
    await screenshot(page, 'gallery-usage');
    expect(browser.foreign).toEqual([]);
  }, 90_000);

  it('a branch admin instantiates the quote form, upgrades it past three conflicts by resolving each, then re-applies or discards what was set aside', async () => {
    const { page } = browser;
    await signOutIfIn(page);
    await signIn(page, app.origin, SOUTH);
    await page.getByRole('link', { name: 'Templates' }).click();
    await page.getByText('Your branch has no template instances yet').waitFor({ state: 'detached' });
    const quote = page.locator('[data-testid="template-card"][data-template="quote"]');
    await quote.getByRole('button', { name: 'Use template' }).click();
    await page.getByRole('dialog').getByLabel('Publish it at once').check();
    await page.getByRole('dialog').getByRole('button', { name: 'Create instance' }).click();
    await page.waitForURL(/#\/definitions\/def_/);
    const id = decodeURIComponent(page.url().split('#/definitions/')[1]!);
    const created = (await app.api<Detail>(SOUTH, 'GET', `/definitions/${id}`)).body;
    expect(created).toMatchObject({ status: 'published', version: 1, template: { key: 'quote', version: 1 } });

    // The branch's own changes, as its designer saves them: a stricter discount cap (20 %), a WeChat field and its own wording of a label.
    const mine = structuredClone(created.definition);
    discount(mine).validation = { min: 0, max: 20 };
    mine.fields.find((f) => f.key === 'customer_name')!.label.en = 'Client';
    mine.fields.push({ key: 'wechat', type: 'text', label: { 'zh-CN': '微信', en: 'WeChat' } } as FormField);
    expect((await app.api(SOUTH, 'PUT', `/definitions/${id}`, { definition: mine })).status).toBe(200);
    expect((await app.api(SOUTH, 'POST', `/definitions/${id}/publish`)).status).toBe(200);
    // HQ's version 2 raises the cap to 40 %, adds its own `wechat` field and rewords the same label.
    const v1 = (await app.api<{ template: { definition: FormDefinition } }>(HQ, 'GET', '/templates/quote')).body.template;
    const v2 = structuredClone(v1) as unknown as { version: number; definition: FormDefinition; changelog?: unknown };
    v2.version = 2;
    v2.changelog = { 'zh-CN': '折扣上限提高到 40%，新增企业微信字段。', en: 'Discount cap raised to 40 %; WeCom account field added.' };
    discount(v2.definition).validation = { min: 0, max: 40 };
    v2.definition.fields.push({ key: 'wechat', type: 'text', label: { 'zh-CN': '企业微信', en: 'WeCom account' } } as FormField);
    v2.definition.fields.find((f) => f.key === 'customer_name')!.label.en = 'Customer (legal name)';
    expect((await app.api(HQ, 'POST', '/templates', { template: v2 })).status).toBe(201);

    await page.getByRole('link', { name: 'Templates' }).click();
    const row = page.locator(`[data-testid="instances"] tr[data-definition-id="${id}"]`);
    await row.getByTestId('upgrade-available').waitFor();
    await expect(row.getByTestId('upgrade-available').textContent()).resolves.toBe('Upgrade available: v2');
    await row.getByTestId('upgrade-available').click();

    await page.getByRole('heading', { name: /version 1 → 2/ }).waitFor();
    await expect(page.getByTestId('upgrade-state').textContent()).resolves.toBe('3 conflict(s) to resolve');
    await expect(page.getByTestId('diff-list').textContent()).resolves.toContain('/fields/lines/columns/discount_pct/validation/max');
    const cap = page.locator('[data-testid="conflict"][data-code="tightened_rule_changed_by_hq"]');
    const clash = page.locator('[data-testid="conflict"][data-code="key_taken_by_hq"]');
    const wording = page.locator('[data-testid="conflict"][data-code="changed_by_both"]');
    await expect(cap.getByTestId('ours').textContent()).resolves.toBe('20');
    await expect(cap.getByTestId('theirs').textContent()).resolves.toBe('40');
    // HQ now uses the key `wechat`: the branch's own field cannot be kept as it is.
    await expect(clash.getByRole('radio', { name: /Keep mine/ }).isDisabled()).resolves.toBe(true);
    const apply = page.getByRole('button', { name: 'Upgrade to version 2' });
    await expect(apply.isDisabled()).resolves.toBe(true);
    await cap.getByRole('radio', { name: /Keep mine/ }).check();
    await clash.getByRole('radio', { name: /Set mine aside/ }).check();
    await wording.getByRole('radio', { name: /Set mine aside/ }).check();
    await screenshot(page, 'gallery-upgrade-conflicts');
    await apply.click();
    await page.getByTestId('upgrade-done').waitFor();
    await expect(page.getByTestId('upgrade-set-aside').textContent()).resolves.toContain('2 change(s) of your branch are set aside');
    await screenshot(page, 'gallery-upgrade-done');

    const upgraded = (await app.api<Detail>(SOUTH, 'GET', `/definitions/${id}`)).body;
    expect(upgraded).toMatchObject({ status: 'published', version: 3, template: { version: 2 } }); // 1 created, 2 the local change, 3 the upgrade
    expect(discount(upgraded.definition).validation).toEqual({ min: 0, max: 20 });
    expect(upgraded.definition.fields.find((f) => f.key === 'wechat')!.label.en).toBe('WeCom account');
    expect(upgraded.definition.fields.find((f) => f.key === 'customer_name')!.label.en).toBe('Customer (legal name)');
    expect(upgraded.setAside.map((e) => e.reason.code).sort()).toEqual(['changed_by_both', 'key_taken_by_hq']);
    expect(upgraded.setAside.find((e) => e.reason.code === 'key_taken_by_hq')!.change.field?.label.en).toBe('WeChat');

    // On the instance the set-aside changes wait with their reasons: the wording is re-applied, the own WeChat field no longer fits and is discarded.
    await page.getByRole('link', { name: 'Open the instance' }).click();
    const aside = page.getByTestId('set-aside');
    await aside.waitFor();
    const entry = (code: string) => aside.locator(`[data-testid="set-aside-entry"][data-code="${code}"]`);
    await expect(aside.getByTestId('set-aside-entry').count()).resolves.toBe(2);
    await expect(entry('key_taken_by_hq').getByTestId('set-aside-reason').textContent()).resolves.toContain('field "wechat"');
    await expect(entry('changed_by_both').textContent()).resolves.toContain('Changed by both');
    await screenshot(page, 'designer-set-aside');
    await entry('changed_by_both').getByRole('button', { name: 'Re-apply' }).click();
    await expect.poll(() => aside.getByTestId('set-aside-outcome').textContent()).toBe('Re-applied to the draft. Publish to put it into effect.');
    await expect.poll(() => aside.getByTestId('set-aside-entry').count()).toBe(1);
    const reapplied = (await app.api<Detail>(SOUTH, 'GET', `/definitions/${id}`)).body;
    expect(reapplied.status).toBe('draft');
    expect(reapplied.definition.fields.find((f) => f.key === 'customer_name')!.label.en).toBe('Client');
    expect(reapplied.setAside.map((e) => e.reason.code)).toEqual(['key_taken_by_hq']);

    await entry('key_taken_by_hq').getByRole('button', { name: 'Re-apply' }).click();
    await entry('key_taken_by_hq').getByTestId('set-aside-error').waitFor();
    await expect(entry('key_taken_by_hq').getByTestId('set-aside-error').textContent()).resolves.toContain('wechat');
    expect((await app.api<Detail>(SOUTH, 'GET', `/definitions/${id}`)).body.setAside).toHaveLength(1);
    await entry('key_taken_by_hq').getByRole('button', { name: 'Discard' }).click();
    await entry('key_taken_by_hq').getByRole('button', { name: 'Discard for good' }).click();
    await expect.poll(() => aside.getByTestId('set-aside-outcome').textContent()).toBe('Discarded.');
    await expect.poll(() => aside.getByTestId('set-aside-entry').count()).toBe(0);
    expect((await app.api<Detail>(SOUTH, 'GET', `/definitions/${id}`)).body.setAside).toEqual([]);
    const audit = (await app.api<{ items: { action: string; diff: { before: { setAside: { reason: { code: string } } } } }[] }>(HQ, 'GET', `/audit?entity=definition:${id}`)).body.items;
    expect(audit.filter((a) => a.action.startsWith('definition.set_aside.')).map((a) => [a.action, a.diff.before.setAside.reason.code])).toEqual([
      ['definition.set_aside.discard', 'key_taken_by_hq'],
      ['definition.set_aside.reapply', 'changed_by_both'],
    ]);

    // Back in the gallery the instance is up to date.
    await page.getByRole('link', { name: 'Templates' }).click();
    await expect.poll(() => page.locator(`[data-testid="instances"] tr[data-definition-id="${id}"]`).textContent()).toContain('Up to date');
    expect(browser.foreign).toEqual([]);
    // The one refusal the page asked for: re-applying the WeChat field (422, shown under its entry).
    expect(browser.errors).toEqual(['console: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)']);
  }, 90_000);

  it('HQ publishes a new template from a form designed as an HQ definition', async () => {
    const { page } = browser;
    const form = {
      schemaVersion: 1,
      kind: 'form',
      key: 'site-visit',
      title: { 'zh-CN': '现场拜访', en: 'Site visit' },
      fields: [
        { key: 'customer', type: 'text', label: { 'zh-CN': '客户', en: 'Customer' }, required: true },
        { key: 'visited_on', type: 'date', label: { 'zh-CN': '拜访日期', en: 'Visited on' } },
      ],
    };
    const draft = await app.api<{ id: string }>(HQ, 'POST', '/definitions', { definition: form });
    expect(draft.status).toBe(201);
    await signOutIfIn(page);
    await signIn(page, app.origin, HQ);
    await page.getByRole('link', { name: 'Templates' }).click();
    await page.getByRole('button', { name: 'New template' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Definition designed in the designer').selectOption(draft.body.id);
    await dialog.getByRole('button', { name: 'Use this definition' }).click();
    const json = dialog.getByTestId('template-json');
    await expect.poll(async () => JSON.parse(await json.inputValue()).key).toBe('site-visit');
    // HQ locks the customer field before publishing.
    const doc = JSON.parse(await json.inputValue()) as { version: number; locks: unknown[] };
    expect(doc.version).toBe(1);
    doc.locks = [{ element: 'field', key: 'customer', policy: { 'zh-CN': '总部需要按客户汇总拜访。', en: 'HQ totals visits per customer.' } }];
    await json.fill(JSON.stringify(doc, null, 2));
    await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    const card = page.locator('[data-testid="template-card"][data-template="site-visit"]');
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain('1 locked element(s)');
    const published = (await app.api<{ version: number; template: { locks: { key: string }[] } }>(HQ, 'GET', '/templates/site-visit')).body;
    expect(published.version).toBe(1);
    expect(published.template.locks.map((l) => l.key)).toEqual(['customer']);

    // A refused document is explained with the server's pointers.
    await card.getByRole('button', { name: 'Publish new version' }).click();
    await expect.poll(async () => (await json.inputValue()).length).toBeGreaterThan(50);
    const bad = JSON.parse(await json.inputValue()) as { locks: { key: string }[] };
    bad.locks[0]!.key = 'no_such_field';
    await json.fill(JSON.stringify(bad));
    await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
    await dialog.getByTestId('publish-error').waitFor();
    await expect(dialog.getByTestId('publish-error').textContent()).resolves.toContain('/template/locks/0/key');
    await screenshot(page, 'gallery-publish-refused');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await app.api<{ version: number }>(HQ, 'GET', '/templates/site-visit')).body.version).toBe(1);
    expect(browser.foreign).toEqual([]);
  }, 90_000);
});

/**
 * The form designer as a branch admin uses it, in Debian's Chromium against the real
 * server: build a form by dragging fields, write a computed field with autocomplete,
 * watch the preview compute, publish, fill in the published form and see the record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drag, openBrowser, screenshot, signIn, startApp, type OpenBrowser, type RunningApp } from './harness';

const E2E_TIMEOUT = 120_000;

const ADMIN = 'admin@east.demo';

describe('form designer, end to end', () => {
  let app: RunningApp;
  let browser: OpenBrowser;

  beforeAll(async () => {
    app = await startApp();
    browser = await openBrowser(app);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  }, E2E_TIMEOUT);

  it('builds a form by dragging, computes in the preview, publishes, is filled in and stored', async () => {
    const { page } = browser;
    await page.goto(`${app.origin}/`);
    await page.getByRole('button', { name: /Sign in|登录/ }).waitFor();
    await screenshot(page, 'login');
    await signIn(page, app.origin, ADMIN);
    await page.getByRole('heading', { name: 'Forms & workflows' }).waitFor();
    await page.locator('.state, .table').first().waitFor();
    await screenshot(page, 'definitions');

    await page.getByRole('button', { name: 'New form' }).click();
    await page.getByRole('dialog').getByLabel('Title').fill('Visit report');
    await page.getByRole('button', { name: 'Create' }).click();
    const designer = page.getByTestId('form-designer');
    await designer.waitFor();
    await expect(page.getByTestId('field-name').isVisible()).resolves.toBe(true);

    const root = page.getByTestId('drop-root');
    for (const type of ['number', 'currency', 'text', 'computed']) {
      await drag(page, page.locator(`.palette-item[data-field-type="${type}"]`), root, 'bottom');
      await page.locator(`.field-card[data-field-key]`).nth(0).waitFor();
    }
    const keys = await page.locator('.canvas .field-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-field-key')));
    expect(keys).toEqual(['name', 'number', 'amount', 'text', 'computed']);

    // The computed field was selected by its drop; write its expression with autocomplete.
    const expression = page.getByRole('combobox', { name: 'Expression' });
    await expression.fill('');
    await expression.pressSequentially('num');
    await page.getByRole('option', { name: /number/ }).first().waitFor();
    await expression.press('Enter');
    await expression.pressSequentially(' * amo');
    await expression.press('Tab');
    await expect(expression.inputValue()).resolves.toBe('number * amount');
    await expect(page.getByTestId('expression-errors').count()).resolves.toBe(0);

    // A wrong name is reported inline by the runtime's compiler, and fixed again.
    await expression.pressSequentially('x');
    await page.getByTestId('expression-errors').waitFor();
    await expression.press('Backspace');
    await page.getByTestId('expression-errors').waitFor({ state: 'detached' });

    // The live preview runs the real runtime.
    await page.locator('#preview-number').fill('3');
    await page.locator('#preview-amount').fill('50');
    await expect.poll(() => page.getByTestId('computed-computed').textContent()).toBe('150');
    await screenshot(page, 'form-designer');

    await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect.poll(() => page.getByTestId('publish-notice').textContent()).toContain('Published as version 1');

    await page.getByRole('link', { name: 'Fill in' }).click();
    await page.locator('#fill-name').fill('ACME Machinery');
    await page.locator('#fill-number').fill('4');
    await page.locator('#fill-amount').fill('25');
    await expect.poll(() => page.getByTestId('computed-computed').textContent()).toBe('100');
    await page.getByRole('button', { name: 'Submit' }).click();
    const record = page.getByTestId('saved-record');
    await record.waitFor();
    await expect(record.locator('[data-field="computed"] dd').textContent()).resolves.toBe('100');
    await expect(record.locator('[data-field="name"] dd').textContent()).resolves.toBe('ACME Machinery');
    await screenshot(page, 'record-saved');

    const stored = await app.api<{ items: { data: Record<string, unknown> }[] }>(ADMIN, 'GET', `/records?q=ACME`);
    expect(stored.body.items.map((r) => r.data.computed)).toEqual([100]);
    expect(browser.foreign).toEqual([]);
  }, E2E_TIMEOUT);
  it('sets validation, options, a visibility rule and a section in the property panel, and the preview follows each', async () => {
    const definition = {
      schemaVersion: 1,
      kind: 'form',
      key: 'visit-plan',
      title: { en: 'Visit plan', 'zh-CN': '拜访计划' },
      fields: [
        { key: 'visits', type: 'number', label: { en: 'Visits', 'zh-CN': '拜访次数' } },
        { key: 'note', type: 'text', label: { en: 'Note', 'zh-CN': '备注' } },
        { key: 'channel', type: 'select', label: { en: 'Channel', 'zh-CN': '渠道' }, options: [{ value: 'phone', label: { en: 'Phone', 'zh-CN': '电话' } }] },
      ],
    };
    const created = await app.api<{ id: string }>(ADMIN, 'POST', '/definitions', { definition });
    expect(created.status).toBe(201);
    const { page } = browser;
    await page.goto(`${app.origin}/#/definitions/${created.body.id}`);
    await page.getByTestId('form-designer').waitFor();
    const props = page.getByTestId('field-properties');
    const select = (key: string) => page.getByTestId(`field-${key}`).locator('.field-card-body').click();

    // Validation: at most 10 visits; the preview says so for 50.
    await select('visits');
    await props.getByLabel('Maximum').fill('10');
    await page.locator('#preview-visits').fill('50');
    await page.locator('#preview-visits').press('Tab');
    await page.locator('#preview-visits-err').waitFor();
    await expect(page.locator('#preview-visits-err').textContent()).resolves.toContain('10');
    await page.locator('#preview-visits').fill('3');
    await page.locator('#preview-visits-err').waitFor({ state: 'detached' });

    // Visibility rule: the note shows only for more than 2 visits.
    await select('note');
    await props.getByText('Visibility and conditions').click();
    const rule = props.getByRole('combobox', { name: 'Show only when' });
    await rule.fill('visits > 2');
    await rule.press('Escape');
    await expect(page.getByTestId('expression-errors').count()).resolves.toBe(0);
    await expect.poll(() => page.locator('#preview-note').isVisible()).toBe(true);
    await page.locator('#preview-visits').fill('1');
    await expect.poll(() => page.locator('#preview-note').count()).toBe(0);

    // Options: a second channel, labelled in both languages, offered by the preview.
    await select('channel');
    await props.getByRole('button', { name: '+ Add option' }).click();
    await props.getByLabel('Label of option 2 (English)').fill('Referral');
    await props.getByLabel('Label of option 2 (中文（简体）)').fill('转介绍');
    await expect.poll(() => page.locator('#preview-channel option').allTextContents()).toContain('Referral');

    // A section: the note moves into it.
    await page.getByRole('button', { name: '+ Add section' }).click();
    await select('note');
    const sectionId = await props.getByLabel('Section').locator('option').nth(1).getAttribute('value');
    await props.getByLabel('Section').selectOption(sectionId!);
    await expect.poll(() => page.locator(`.canvas [data-section="${sectionId}"] .field-card[data-field-key]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-field-key')))).toEqual(['note']);
    await screenshot(page, 'form-designer-properties');

    await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor({ timeout: 10_000 });
    const saved = (await app.api<{ definition: { sections?: { id: string }[]; fields: Record<string, unknown>[] } }>(ADMIN, 'GET', `/definitions/${created.body.id}`)).body.definition;
    const f = (key: string) => saved.fields.find((x) => x.key === key)!;
    expect(f('visits').validation).toEqual({ max: 10 });
    expect(f('note')).toMatchObject({ visibleWhen: 'visits > 2', section: sectionId });
    expect((f('channel').options as { label: Record<string, string> }[])[1]!.label).toEqual({ en: 'Referral', 'zh-CN': '转介绍' });
    expect(saved.sections!.map((x) => x.id)).toEqual([sectionId]);
    expect(browser.foreign).toEqual([]);
  }, E2E_TIMEOUT);
});

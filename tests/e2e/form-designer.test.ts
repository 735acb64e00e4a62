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
});

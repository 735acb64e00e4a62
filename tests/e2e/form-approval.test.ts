/**
 * Approval before effect, as the server requires it: a designer's publish becomes a
 * change request; the branch admin approves it and the version takes effect. Then
 * the version history shows what the next draft changes, and the whole UI switches
 * to Chinese.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, screenshot, signIn, startApp, type OpenBrowser, type RunningApp } from './harness';

const E2E_TIMEOUT = 120_000;
const DESIGNER = 'designer@east.demo';
const ADMIN = 'admin@east.demo';

describe('publishing with approval, version diff and language, end to end', () => {
  let app: RunningApp;
  let browser: OpenBrowser;

  beforeAll(async () => {
    app = await startApp();
    browser = await openBrowser(app);
  }, E2E_TIMEOUT);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  }, E2E_TIMEOUT);

  it('a designer submits, the branch admin approves, the diff shows the next change, the UI speaks Chinese', async () => {
    const { page } = browser;
    await signIn(page, app.origin, DESIGNER);
    await page.getByRole('button', { name: 'New form' }).click();
    await page.getByRole('dialog').getByLabel('Title').fill('Site visit');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('form-designer').waitFor();
    await page.getByRole('button', { name: 'Submit for approval' }).click();
    await expect.poll(() => page.getByTestId('publish-notice').textContent()).toContain('A branch admin must approve');
    await expect(page.getByRole('button', { name: 'Waiting for approval' }).isDisabled()).resolves.toBe(true);
    const url = page.url();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, app.origin, ADMIN);
    await page.goto(url);
    await page.getByTestId('form-designer').waitFor();
    await expect(page.locator('.designer-title .badge-pending_approval').textContent()).resolves.toBe('Pending approval');
    await page.getByRole('button', { name: 'Approve & publish' }).click();
    await expect.poll(() => page.getByTestId('publish-notice').textContent()).toContain('Published as version 1');
    await expect(page.locator('.designer-title .badge-published').isVisible()).resolves.toBe(true);

    // The next draft: rename a label, then compare with version 1.
    await page.getByTestId('field-name').locator('.field-card-body').click();
    const label = page.getByTestId('field-properties').getByRole('group', { name: 'Label' });
    await label.getByLabel('EN').fill('Visitor');
    await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Versions' }).click();
    const dialog = page.getByRole('dialog', { name: 'Version history' });
    await dialog.getByText('/fields/name/label/en').waitFor();
    await expect(dialog.locator('.diff-changed').first().textContent()).resolves.toContain('Visitor');
    await screenshot(page, 'version-diff');
    await dialog.getByRole('button', { name: 'Close' }).last().click();

    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await page.getByRole('link', { name: '表单与流程' }).waitFor();
    await expect(page.getByRole('button', { name: '发布', exact: true }).isVisible()).resolves.toBe(true);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    await page.getByTestId('preview-status').waitFor();
    await screenshot(page, 'form-designer-zh');
    expect(browser.foreign).toEqual([]);
  }, E2E_TIMEOUT);
});

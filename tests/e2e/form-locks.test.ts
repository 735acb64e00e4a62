/**
 * A branch admin adapts HQ's customer-registration template: locked fields show
 * HQ's policy, removing one is refused with that policy as the reason (the
 * runtime's checkLocks decides in the browser; the server would refuse it too), a
 * local field is added and the instance is published.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drag, openBrowser, screenshot, signIn, startApp, type OpenBrowser, type RunningApp } from './harness';

const E2E_TIMEOUT = 120_000;

const ADMIN = 'admin@east.demo';

interface Detail {
  id: string;
  template?: { locks: { element: string; key?: string; policy: Record<string, string> }[] };
  definition: { fields: { key: string; required?: boolean }[] };
}

describe('HQ locks in the form designer, end to end', () => {
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

  it('refuses to delete a locked field, explains the lock, accepts a local field and publishes', async () => {
    const created = await app.api<Detail>(ADMIN, 'POST', '/templates/customer-registration/instances', {});
    expect(created.status).toBe(201);
    const detail = (await app.api<Detail>(ADMIN, 'GET', `/definitions/${created.body.id}`)).body;
    const lock = detail.template!.locks.find((l) => l.element === 'field' && detail.definition.fields.some((f) => f.key === l.key))!;
    const lockedKey = lock.key!;
    const policy = lock.policy.en!;

    const { page } = browser;
    await signIn(page, app.origin, ADMIN);
    await page.getByRole('link', { name: /Customer registration/i }).first().click();
    await page.getByTestId('form-designer').waitFor();

    const card = page.getByTestId(`field-${lockedKey}`);
    await card.getByTestId('lock').waitFor();
    await expect(card.getByTestId('lock').getAttribute('aria-label')).resolves.toContain(policy);

    // The remove button says it is disabled (aria-disabled) but still answers a click with the reason.
    const remove = card.getByRole('button', { name: /^Remove/ });
    await expect(remove.getAttribute('aria-disabled')).resolves.toBe('true');
    await remove.click({ force: true });
    const refusal = page.getByTestId('refusal');
    await refusal.waitFor();
    await expect(refusal.textContent()).resolves.toContain(policy);
    await expect(card.isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Dismiss' }).first().click();
    await refusal.waitFor({ state: 'detached' });

    // The keyboard way (Delete on the selected card) is refused the same way.
    await card.locator('.field-card-body').click();
    await page.keyboard.press('Delete');
    await refusal.waitFor();
    await expect(card.isVisible()).resolves.toBe(true);

    // The selected field shows HQ's policy in the property panel; its key cannot be edited.
    await expect(page.getByTestId('lock-notice').textContent()).resolves.toContain(policy);
    await expect(page.getByTestId('field-properties').getByLabel('Key').isDisabled()).resolves.toBe(true);
    // …nor loosened: a required locked field stays required.
    expect(detail.definition.fields.find((f) => f.key === lockedKey)).toMatchObject({ required: true });
    await expect(page.getByTestId('field-properties').getByRole('checkbox', { name: 'Required' }).isDisabled()).resolves.toBe(true);
    await screenshot(page, 'locked-field');

    await page.getByRole('button', { name: 'Dismiss' }).first().click();
    const fieldsBefore = await page.locator('.canvas .field-card').count();
    const firstGroup = page.locator('.canvas .field-list').first();
    await drag(page, page.locator('.palette-item[data-field-type="text"]'), firstGroup, 'bottom');
    await expect.poll(() => page.locator('.canvas .field-card').count()).toBe(fieldsBefore + 1);
    const label = page.getByTestId('field-properties').getByRole('group', { name: 'Label' });
    await label.getByLabel('EN').fill('WeChat ID');
    await label.getByLabel('中文').fill('微信号');
    await page.getByTestId('field-properties').getByLabel('Key').fill('wechat_id');
    await page.getByTestId('field-properties').getByLabel('Key').press('Enter');
    await page.getByTestId('field-wechat_id').waitFor();

    await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect.poll(() => page.getByTestId('publish-notice').textContent()).toContain('Published as version');

    const after = (await app.api<Detail & { status: string; overlay?: { changes: { type: string; field?: { key: string } }[] } }>(ADMIN, 'GET', `/definitions/${created.body.id}`)).body;
    expect(after.status).toBe('published');
    expect(after.definition.fields.map((f) => f.key)).toContain('wechat_id');
    expect(after.definition.fields.map((f) => f.key)).toContain(lockedKey);

    // The JSON view is held to the same locks: removing the locked field there is refused with HQ's policy, not "applied".
    await page.getByRole('button', { name: 'JSON' }).click();
    await page.locator('.monaco-editor .view-lines').waitFor();
    await page.waitForFunction(() => (globalThis as { monaco?: unknown }).monaco !== undefined);
    await page.evaluate((key) => {
      const m = (globalThis as unknown as { monaco: typeof import('monaco-editor') }).monaco;
      const model = m.editor.getModels()[0]!;
      const def = JSON.parse(model.getValue()) as { fields: { key: string }[] };
      def.fields = def.fields.filter((f) => f.key !== key);
      model.pushEditOperations([], [{ range: model.getFullModelRange(), text: JSON.stringify(def, null, 2) }], () => null);
    }, lockedKey);
    await expect.poll(() => page.getByTestId('json-status').getAttribute('data-state')).toBe('refused');
    await expect(page.getByTestId('json-status').textContent()).resolves.toContain(policy);
    await page.getByRole('button', { name: 'Designer' }).click();
    await page.getByTestId(`field-${lockedKey}`).waitFor();
    expect(browser.foreign).toEqual([]);
  }, E2E_TIMEOUT);
});

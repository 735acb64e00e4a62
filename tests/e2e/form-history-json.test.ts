/**
 * Undo and redo across edits made by drag, click and typing (buttons and Ctrl+Z /
 * Ctrl+Shift+Z), and the JSON view in two-way sync with the designer: a valid edit
 * in Monaco shows up in the designer as one undoable step; invalid JSON shows
 * markers and leaves the designer alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drag, openBrowser, screenshot, signIn, startApp, type OpenBrowser, type RunningApp } from './harness';

const E2E_TIMEOUT = 120_000;

const ADMIN = 'admin@east.demo';

const form = {
  schemaVersion: 1,
  kind: 'form',
  key: 'history-check',
  title: { en: 'History check', 'zh-CN': '历史检查' },
  fields: [{ key: 'company', type: 'text', label: { en: 'Company', 'zh-CN': '公司' } }],
};

describe('undo/redo and the JSON view, end to end', () => {
  let app: RunningApp;
  let browser: OpenBrowser;
  let id: string;

  beforeAll(async () => {
    app = await startApp();
    browser = await openBrowser(app);
    const res = await app.api<{ id: string }>(ADMIN, 'POST', '/definitions', { definition: form });
    expect(res.status).toBe(201);
    id = res.body.id;
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const keys = () => browser.page.locator('.canvas .field-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-field-key')));

  it('undoes and redoes a few steps with the buttons and the keyboard', async () => {
    const { page } = browser;
    await signIn(page, app.origin, ADMIN);
    await page.goto(`${app.origin}/#/definitions/${id}`);
    await page.getByTestId('form-designer').waitFor();

    await page.locator('.palette-item[data-field-type="email"]').click();
    await page.locator('.palette-item[data-field-type="phone"]').click();
    await page.getByTestId('field-properties').getByRole('checkbox', { name: 'Required' }).check();
    expect(await keys()).toEqual(['company', 'email', 'phone']);

    await page.getByRole('button', { name: 'Undo' }).click(); // required
    await expect(page.getByTestId('field-properties').getByRole('checkbox', { name: 'Required' }).isChecked()).resolves.toBe(false);
    await page.locator('body').press('Control+z'); // phone
    expect(await keys()).toEqual(['company', 'email']);
    await page.locator('body').press('Control+z'); // email
    expect(await keys()).toEqual(['company']);
    await page.locator('body').press('Control+Shift+z');
    expect(await keys()).toEqual(['company', 'email']);
    await page.getByRole('button', { name: 'Redo' }).click();
    expect(await keys()).toEqual(['company', 'email', 'phone']);

    // Keyboard reorder with dnd-kit's keyboard sensor: pick up, move up, drop.
    const handle = page.getByTestId('field-phone').locator('.drag-handle');
    await handle.focus();
    await page.keyboard.press('Space');
    // dnd-kit measures the drop targets once the drag starts; move only after that.
    await page.locator('[data-testid="field-phone"] .drag-handle[aria-pressed="true"]').waitFor();
    await page.waitForTimeout(100);
    await page.keyboard.press('ArrowUp');
    await page.waitForTimeout(100);
    await page.keyboard.press('Space');
    await expect.poll(keys).toEqual(['company', 'phone', 'email']);
    await page.locator('body').press('Control+z');
    expect(await keys()).toEqual(['company', 'email', 'phone']);

    // Reorder by mouse: the first field dragged by its handle below the last; one undo step.
    await drag(page, page.getByTestId('field-company').locator('.drag-handle'), page.getByTestId('field-phone'), 'bottom');
    await expect.poll(keys).toEqual(['email', 'phone', 'company']);
    await page.locator('body').press('Control+z');
    expect(await keys()).toEqual(['company', 'email', 'phone']);
  }, E2E_TIMEOUT);

  it('edits in the JSON view and sees the designer follow; invalid JSON never clobbers it', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'JSON' }).click();
    await page.locator('.monaco-editor .view-lines').waitFor();
    await page.waitForFunction(() => (globalThis as { monaco?: unknown }).monaco !== undefined);

    // A valid edit: rename a label through the model, as typing would.
    await page.evaluate(() => {
      const m = (globalThis as unknown as { monaco: typeof import('monaco-editor') }).monaco;
      const model = m.editor.getModels()[0]!;
      const def = JSON.parse(model.getValue());
      def.fields[0].label.en = 'Customer company';
      model.pushEditOperations([], [{ range: model.getFullModelRange(), text: JSON.stringify(def, null, 2) }], () => null);
    });
    await expect.poll(() => page.getByTestId('json-status').getAttribute('data-state')).toBe('apply');

    // Invalid JSON: markers from the JSON worker, the store keeps the last valid definition.
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('{{');
    await expect.poll(() => page.getByTestId('json-status').getAttribute('data-state')).toBe('invalid-json');
    const markers = await page.waitForFunction(() => {
      const m = (globalThis as unknown as { monaco: typeof import('monaco-editor') }).monaco;
      const list = m.editor.getModelMarkers({});
      return list.length > 0 ? list.map((x) => x.message) : null;
    });
    expect((await markers.jsonValue())!.length).toBeGreaterThan(0);
    await screenshot(page, 'json-view');

    await page.getByRole('button', { name: 'Designer' }).click();
    await page.getByTestId('form-designer').waitFor();
    await expect(page.getByTestId('field-company').textContent()).resolves.toContain('Customer company');
    expect(await keys()).toEqual(['company', 'email', 'phone']);

    // The JSON edit is one undoable step.
    await page.locator('body').press('Control+z');
    await expect.poll(() => page.getByTestId('field-company').textContent()).toContain('Company');
    await expect(page.getByTestId('field-company').textContent()).resolves.not.toContain('Customer company');

    await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor({ timeout: 10_000 });
    const saved = await app.api<{ definition: { fields: { key: string; label: { en: string } }[] } }>(ADMIN, 'GET', `/definitions/${id}`);
    expect(saved.body.definition.fields.map((f) => f.key)).toEqual(['company', 'email', 'phone']);
    expect(saved.body.definition.fields[0]!.label.en).toBe('Company');
    expect(browser.foreign).toEqual([]);
  }, E2E_TIMEOUT);
});

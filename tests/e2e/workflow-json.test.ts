/**
 * The JSON view of a workflow, in Debian's Chromium against the real server: Monaco
 * completes property names from the workflow's JSON Schema, marks text that parses
 * but breaks the schema (and the designer keeps its definition), and a valid edit
 * shows up on the canvas as one undoable step — the canvas follows the JSON.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { WorkflowDefinition } from '@branchline/schemas';
import { openBrowser, screenshot, signIn, startApp, type OpenBrowser, type RunningApp } from './harness';

/** What the page functions below read in the browser (this file compiles without the DOM library). */
interface BrowserGlobals {
  __designer: unknown;
  document: { querySelector(selector: string): unknown };
}

const ADMIN = 'admin@east.demo';

const workflow: WorkflowDefinition = {
  schemaVersion: 1,
  kind: 'workflow',
  key: 'json-follow-up',
  title: { en: 'JSON follow-up', 'zh-CN': 'JSON 跟进' },
  trigger: { type: 'manual' },
  start: 'big',
  nodes: [
    { id: 'big', kind: 'condition', expression: 'record.arr > 100000' },
    { id: 'call', kind: 'task', name: { en: 'Call the customer', 'zh-CN': '致电客户' }, assignee: { strategy: 'role', role: 'sales_rep' } },
    { id: 'done', kind: 'end' },
  ],
  edges: [
    { id: 'e1', from: 'big', to: 'call', port: 'true' },
    { id: 'e2', from: 'big', to: 'done', port: 'false' },
    { id: 'e3', from: 'call', to: 'done', port: 'done' },
  ],
  ui: { nodes: { big: { x: 0, y: 0 }, call: { x: -150, y: 160 }, done: { x: 0, y: 320 } } },
};

type Monaco = typeof import('monaco-editor');
const modelText = (page: Page) => page.evaluate(() => (globalThis as unknown as { monaco: Monaco }).monaco.editor.getModels()[0]!.getValue());
/** Replace the whole text through the model, as typing would (an edit, not setValue). */
async function replaceText(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => {
    const model = (globalThis as unknown as { monaco: Monaco }).monaco.editor.getModels()[0]!;
    model.pushEditOperations([], [{ range: model.getFullModelRange(), text: t }], () => null);
  }, text);
}
const markers = (page: Page) => page.evaluate(() => (globalThis as unknown as { monaco: Monaco }).monaco.editor.getModelMarkers({}).map((m) => m.message));
const nodeIds = (page: Page) => page.locator('.react-flow__node[data-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')).filter((id) => id !== '__trigger').sort());

describe('workflow JSON view, end to end', () => {
  let app: RunningApp;
  let browser: OpenBrowser;
  let id: string;

  beforeAll(async () => {
    app = await startApp();
    browser = await openBrowser(app);
    browser.page.setDefaultTimeout(15_000);
    const res = await app.api<{ id: string }>(ADMIN, 'POST', '/definitions', { definition: workflow });
    expect(res.status).toBe(201);
    id = res.body.id;
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('completes from the schema, marks schema errors, and the canvas follows a valid edit as one undo step', async () => {
    const { page } = browser;
    await signIn(page, app.origin, ADMIN);
    await page.goto(`${app.origin}/#/definitions/${id}`);
    await page.locator('.wf-canvas[data-ready="true"]').waitFor();
    expect(await nodeIds(page)).toEqual(['big', 'call', 'done']);

    await page.getByRole('button', { name: 'JSON' }).click();
    await page.locator('.monaco-editor .view-lines').waitFor();
    await page.waitForFunction(() => (globalThis as { monaco?: unknown }).monaco !== undefined);
    const original = await modelText(page);
    expect(JSON.parse(original)).toMatchObject({ key: 'json-follow-up', start: 'big' });

    // Completion from the JSON Schema: a top-level property the document does not have yet.
    await page.locator('.monaco-editor .view-lines').click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('"');
    await page.keyboard.press('Control+Space');
    const suggestion = page.locator('.suggest-widget .monaco-list-row', { hasText: 'description' });
    await suggestion.first().waitFor();
    await page.keyboard.press('Escape');

    // Text that parses but breaks the schema: markers from the schema, the designer keeps its definition.
    const broken = JSON.parse(original) as WorkflowDefinition;
    (broken.nodes[1] as { kind: string }).kind = 'frobnicate';
    await replaceText(page, JSON.stringify(broken, null, 2));
    await expect.poll(() => page.getByTestId('json-status').getAttribute('data-state')).toBe('invalid-shape');
    await expect.poll(async () => (await markers(page)).length, { timeout: 10_000 }).toBeGreaterThan(0);
    await expect(page.getByTestId('json-status').textContent()).resolves.toContain('/nodes/1');

    // A valid edit: a notify step between the call and the end.
    const edited = JSON.parse(original) as WorkflowDefinition;
    edited.nodes.splice(2, 0, { id: 'tell', kind: 'notify', channel: 'inbox', to: { strategy: 'role', role: 'branch_admin' }, message: { en: 'Called.', 'zh-CN': '已致电。' } });
    edited.edges = edited.edges.filter((e) => e.id !== 'e3');
    edited.edges.push({ id: 'e4', from: 'call', to: 'tell', port: 'done' }, { id: 'e5', from: 'tell', to: 'done' });
    edited.ui = { nodes: { ...edited.ui!.nodes, tell: { x: -150, y: 240 } } };
    await replaceText(page, JSON.stringify(edited, null, 2));
    await expect.poll(() => page.getByTestId('json-status').getAttribute('data-state')).toBe('apply');
    await expect.poll(async () => (await markers(page)).length).toBe(0);
    await screenshot(page, 'workflow-json-view');

    await page.getByRole('button', { name: 'Designer' }).click();
    await page.locator('.wf-canvas[data-ready="true"]').waitFor();
    await page.getByTestId('wf-node-tell').waitFor();
    expect(await nodeIds(page)).toEqual(['big', 'call', 'done', 'tell']);
    // The trigger edge plus the four of the definition.
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(5);
    await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor({ timeout: 10_000 });
    const saved = (await app.api<{ definition: WorkflowDefinition }>(ADMIN, 'GET', `/definitions/${id}`)).body.definition;
    expect(saved.edges.map((e) => `${e.from}.${e.port ?? 'next'}→${e.to}`).sort()).toEqual(['big.false→done', 'big.true→call', 'call.done→tell', 'tell.next→done']);

    // The JSON edit is one undoable step on the canvas, and the JSON view shows the undone definition.
    await page.getByTestId('wf-canvas').click({ position: { x: 10, y: 10 } });
    await page.keyboard.press('Control+z');
    await expect.poll(() => nodeIds(page)).toEqual(['big', 'call', 'done']);
    await page.getByRole('button', { name: 'JSON' }).click();
    await page.locator('.monaco-editor .view-lines').waitFor();
    await expect.poll(async () => JSON.parse(await modelText(page)).nodes.map((n: { id: string }) => n.id)).toEqual(['big', 'call', 'done']);

    // The workflow designer in Chinese: toolbar, palette, side tabs and the step names. Switching
    // the language keeps the open designer as it is — same page, same undo history, no reload
    // of the (maybe not yet saved) definition from the server.
    await page.getByRole('button', { name: 'Designer' }).click();
    await page.locator('.wf-canvas[data-ready="true"]').waitFor();
    const redo = page.locator('.designer-tools button[aria-keyshortcuts="Control+Shift+Z"]');
    await expect(redo.isDisabled()).resolves.toBe(false); // the JSON edit, undone above, can be redone
    await page.evaluate(() => ((globalThis as unknown as BrowserGlobals).__designer = (globalThis as unknown as BrowserGlobals).document.querySelector('.designer')));
    const requestsBefore = browser.requests.length;
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await expect.poll(() => page.getByTestId('wf-fit').textContent()).toBe('适应画布');
    await expect(page.getByTestId('wf-auto-layout').textContent()).resolves.toBe('自动布局');
    await expect(page.getByTestId('wf-palette-approval').textContent()).resolves.toContain('审批');
    await expect(page.getByTestId('wf-tab-dryrun').textContent()).resolves.toContain('试运行');
    await expect(page.getByTestId('wf-node-call').textContent()).resolves.toContain('致电客户');
    await page.waitForTimeout(500);
    await expect(page.evaluate(() => (globalThis as unknown as BrowserGlobals).__designer === (globalThis as unknown as BrowserGlobals).document.querySelector('.designer'))).resolves.toBe(true);
    await expect(redo.isDisabled()).resolves.toBe(false);
    expect(await nodeIds(page)).toEqual(['big', 'call', 'done']);
    expect(browser.requests.slice(requestsBefore).filter((u) => u.includes('/api/v1/orgs'))).toEqual([]);
    await screenshot(page, 'workflow-designer-zh');
    await page.locator('.lang-switch select').selectOption('en');
    expect(browser.foreign).toEqual([]);
    expect(browser.errors).toEqual([]);
  }, 120_000);
});

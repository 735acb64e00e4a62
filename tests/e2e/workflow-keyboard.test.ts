/**
 * The workflow designer without a mouse, in Debian's Chromium against the real
 * server: a branch admin builds a two-branch workflow with Tab, Enter, the arrow
 * keys and typing only — steps added from the palette with Enter, a step selected
 * on the canvas with Enter, its exits connected in the panel's "Connections"
 * section — and sees the edges on the canvas, no problems, and the draft the
 * server keeps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { WorkflowDefinition } from '@branchline/schemas';
import { openBrowser, screenshot, signIn, startApp, type OpenBrowser, type RunningApp } from './harness';

const ADMIN = 'admin@east.demo';

const isFocused = (loc: Locator) => loc.evaluate((el) => el === el.ownerDocument.activeElement);

/** Press Tab (or Shift+Tab) until `target` has the focus, as a keyboard user would. */
async function tabTo(page: Page, target: Locator, { back = false, max = 80 } = {}): Promise<void> {
  for (let i = 0; i < max; i++) {
    if ((await target.count()) === 1 && (await isFocused(target))) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  const at = await page.locator('body').evaluate((body) => body.ownerDocument.activeElement?.outerHTML.slice(0, 120) ?? 'nothing');
  throw new Error(`${target} never got the focus after ${max} presses of ${back ? 'Shift+Tab' : 'Tab'} (it is on ${at})`);
}

/** The text of a select's chosen option (the root tsconfig has no DOM types, so the element is described here). */
const chosen = (select: Locator) => select.evaluate((el) => (el as unknown as { selectedOptions: ArrayLike<{ textContent: string | null }> }).selectedOptions[0]?.textContent ?? '');

/** With a select focused (closed), press ArrowDown until the chosen option's text contains `text`. */
async function arrowTo(page: Page, select: Locator, text: string, max = 20): Promise<void> {
  for (let i = 0; i < max; i++) {
    const shown = await chosen(select);
    if (shown.includes(text)) return;
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`no option with "${text}" in ${select}`);
}

/** The focus is visible: the global :focus-visible outline is drawn. */
const outlined = (loc: Locator) =>
  loc.evaluate((el) => {
    const style = el.ownerDocument.defaultView!.getComputedStyle(el);
    return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  });

const edgeList = (def: WorkflowDefinition) => def.edges.map((e) => `${e.from}.${e.port ?? 'next'}→${e.to}`).sort();

describe('workflow designer by keyboard, end to end', () => {
  let app: RunningApp;
  let browser: OpenBrowser;

  beforeAll(async () => {
    app = await startApp();
    browser = await openBrowser(app);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('builds a two-branch workflow with Tab, Enter, arrow keys and typing, and sees its edges and no problems', async () => {
    const { page } = browser;
    await signIn(page, app.origin, ADMIN);
    await tabTo(page, page.getByRole('button', { name: 'New workflow' }));
    await page.keyboard.press('Enter');
    const title = page.getByRole('dialog').getByLabel('Title');
    await tabTo(page, title);
    await page.keyboard.type('Keyboard follow-up');
    await page.keyboard.press('Enter');
    await page.locator('.wf-canvas[data-ready="true"]').waitFor();
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(2); // the trigger and the end step

    // Two steps from the palette, each with Enter: the new step is selected and its panel shown.
    await tabTo(page, page.getByTestId('wf-palette-condition'));
    await page.keyboard.press('Enter');
    await page.getByTestId('wf-node-condition_1').waitFor();
    await tabTo(page, page.getByTestId('wf-palette-task'));
    await page.keyboard.press('Enter');
    await page.getByTestId('wf-node-task_1').waitFor();
    await expect(page.getByTestId('wf-node-panel').getAttribute('data-node')).resolves.toBe('task_1');

    // The task's "done" exit to the end step, in the panel.
    const done = page.getByTestId('wf-connection-done-select');
    await tabTo(page, done);
    expect(await outlined(done)).toBe(true);
    // Its accessible name is the label of the exit.
    expect(await page.getByLabel('Exit “done” leads to').getAttribute('data-testid')).toBe('wf-connection-done-select');
    await arrowTo(page, done, '(end)');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);

    // Back to the canvas: the condition step, selected with Enter.
    const condition = page.locator('.react-flow__node[data-id="condition_1"]');
    await tabTo(page, condition, { back: true });
    expect(await outlined(condition)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('wf-node-panel').getAttribute('data-node')).toBe('condition_1');

    // Its "yes" exit to the task, its "no" exit to the end, and it becomes the first step.
    const yes = page.getByTestId('wf-connection-true-select');
    await tabTo(page, yes);
    await arrowTo(page, yes, '(task_1)');
    const no = page.getByTestId('wf-connection-false-select');
    await tabTo(page, no);
    await arrowTo(page, no, '(end)');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(4);
    // Arrowing through the choices was one step: Ctrl+Z cuts the "no" connection, Ctrl+Shift+Z brings it back.
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3);
    await expect.poll(() => chosen(no)).toBe('— not connected —');
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(4);
    await tabTo(page, page.getByRole('button', { name: 'Start here' }));
    await page.keyboard.press('Enter');

    // Everything on the canvas: the trigger's edge and three connections, drawn as React Flow edges.
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(4);
    for (const id of ['e_condition_1_true', 'e_condition_1_false', 'e_task_1_done']) await page.getByTestId(`rf__edge-${id}`).waitFor({ state: 'attached' });
    await expect.poll(() => page.getByTestId('wf-problem-count').textContent()).toContain('No problems');

    // Laid out by keyboard too, so the picture reads.
    await tabTo(page, page.getByTestId('wf-auto-layout'), { back: true });
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByTestId('wf-fit'));
    await page.keyboard.press('Enter');
    // Laid out and fitted: every connection shows.
    for (const id of ['e_condition_1_true', 'e_condition_1_false', 'e_task_1_done']) await page.getByTestId(`rf__edge-${id}`).waitFor();
    await page.waitForTimeout(400);
    await screenshot(page, 'workflow-keyboard');

    // The draft the server holds is the workflow connected in the panel.
    await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor({ timeout: 10_000 });
    const id = decodeURIComponent(new URL(page.url()).hash.split('/').pop()!);
    const saved = (await app.api<{ definition: WorkflowDefinition }>(ADMIN, 'GET', `/definitions/${id}`)).body.definition;
    expect(saved.start).toBe('condition_1');
    expect(edgeList(saved)).toEqual(['condition_1.false→end', 'condition_1.true→task_1', 'task_1.done→end']);

    // A selected step moves with the arrow keys (5 px a press), each press saved and undoable like a drag.
    const before = saved.ui!.nodes!.task_1!;
    const task = page.locator('.react-flow__node[data-id="task_1"]');
    await tabTo(page, task, { back: true });
    await page.keyboard.press('Enter');
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Control+z'); // the last press only
    await expect.poll(() => page.getByTestId('save-status').getAttribute('data-state')).toBe('saved');
    const moved = async () => (await app.api<{ definition: WorkflowDefinition }>(ADMIN, 'GET', `/definitions/${id}`)).body.definition.ui!.nodes!.task_1;
    await expect.poll(moved, { timeout: 10_000 }).toEqual({ x: before.x + 20, y: before.y });

    expect(browser.foreign).toEqual([]);
    expect(browser.errors.filter((e) => !e.includes('favicon'))).toEqual([]);
  }, 120_000);
});

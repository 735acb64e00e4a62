/**
 * The workflow designer as a branch admin uses it, in Debian's Chromium against the
 * real server: build a two-branch workflow by dragging steps from the palette and
 * connecting their ports, dry-run it with the runtime's interpreter and see the
 * path lit, undo and redo canvas edits; and on HQ's mandatory customer-grading
 * workflow, a locked step cannot be deleted and says why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { WorkflowDefinition } from '@branchline/schemas';
import { openBrowser, screenshot, signIn, startApp, type OpenBrowser, type RunningApp } from './harness';

const ADMIN = 'admin@east.demo';

async function centerOf(loc: Locator): Promise<{ x: number; y: number }> {
  const box = await loc.boundingBox();
  if (!box) throw new Error('element is not visible');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** A palette step dropped at a point of the canvas, with the mouse moves dnd-kit needs. */
async function dropStep(page: Page, kind: string, at: { x: number; y: number }): Promise<void> {
  const from = await centerOf(page.getByTestId(`wf-palette-${kind}`));
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 10, from.y + 10, { steps: 5 });
  await page.mouse.move(at.x, at.y, { steps: 20 });
  await page.mouse.up();
}

/** Drag from a node's port handle to another node's input, as React Flow expects. */
async function connect(page: Page, from: string, port: string, to: string): Promise<void> {
  const a = await centerOf(page.locator(`.react-flow__handle[data-nodeid="${from}"][data-handleid="${port}"]`));
  const b = await centerOf(page.locator(`.react-flow__handle[data-nodeid="${to}"][data-handleid="in"]`));
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move(b.x, b.y, { steps: 15 });
  await page.mouse.up();
}

const nodeCount = (page: Page) => page.locator('.react-flow__node').count();
const runState = (page: Page, id: string) => page.getByTestId(`wf-node-${id}`).getAttribute('data-run');

describe('workflow designer, end to end', () => {
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

  it('builds a two-branch workflow by dragging and connecting, undoes and redoes, dry-runs it and lights the path', async () => {
    const { page } = browser;
    await signIn(page, app.origin, ADMIN);
    await page.getByRole('button', { name: 'New workflow' }).click();
    await page.getByRole('dialog').getByLabel('Title').fill('Big customer follow-up');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.locator('.wf-canvas[data-ready="true"]').waitFor();
    expect(await nodeCount(page)).toBe(2); // the trigger and the end step of a new workflow

    const canvas = await page.getByTestId('wf-canvas').boundingBox();
    if (!canvas) throw new Error('no canvas');
    await dropStep(page, 'condition', { x: canvas.x + canvas.width * 0.3, y: canvas.y + canvas.height * 0.2 });
    await page.getByTestId('wf-node-condition_1').waitFor();
    await dropStep(page, 'task', { x: canvas.x + canvas.width * 0.2, y: canvas.y + canvas.height * 0.45 });
    await page.getByTestId('wf-node-task_1').waitFor();

    await connect(page, '__trigger', 'start', 'condition_1');
    await connect(page, 'condition_1', 'true', 'task_1');
    await connect(page, 'condition_1', 'false', 'end');
    await connect(page, 'task_1', 'done', 'end');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(4);

    // The condition, written as an expression: the runtime's compiler checks it inline,
    // the validator puts the problem on the node and in the list, which jumps to it.
    await page.getByTestId('wf-node-condition_1').click();
    await page.getByTestId('wf-condition-mode-raw').click();
    await page.getByTestId('wf-condition-raw').fill('record.arr >');
    await page.getByTestId('wf-condition-raw-problems').waitFor();
    await page.getByTestId('wf-node-condition_1').getByTestId('wf-problem-badge').waitFor();
    await page.getByTestId('wf-node-end').click();
    await page.getByTestId('wf-problem-count').click();
    await page.locator('[data-testid="wf-problem"][data-target="condition_1"]').first().click();
    await page.getByTestId('wf-tab-properties').click();
    await expect(page.getByTestId('wf-node-panel').getAttribute('data-node')).resolves.toBe('condition_1');
    await page.getByTestId('wf-condition-raw').fill('record.arr > 500000');
    await expect(page.getByTestId('wf-condition-raw-problems').count()).resolves.toBe(0);
    await expect.poll(() => page.getByTestId('wf-problem-count').textContent()).toContain('No problems');

    // Undo and redo canvas edits: a step dropped, then deleted with the keyboard.
    await dropStep(page, 'notify', { x: canvas.x + canvas.width * 0.75, y: canvas.y + canvas.height * 0.6 });
    await page.getByTestId('wf-node-notify_1').waitFor();
    expect(await nodeCount(page)).toBe(5);
    await page.keyboard.press('Control+z');
    await expect.poll(() => nodeCount(page)).toBe(4);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => nodeCount(page)).toBe(5);
    await page.getByTestId('wf-node-notify_1').click();
    await page.keyboard.press('Delete');
    await expect.poll(() => nodeCount(page)).toBe(4);
    await page.keyboard.press('Control+z');
    await expect.poll(() => nodeCount(page)).toBe(5);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => nodeCount(page)).toBe(4);
    await screenshot(page, 'workflow-designer');

    // The draft the server holds is the workflow drawn: ports on its edges, start after the trigger.
    await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor({ timeout: 10_000 });
    const id = decodeURIComponent(new URL(page.url()).hash.split('/').pop()!);
    const saved = (await app.api<{ definition: WorkflowDefinition }>(ADMIN, 'GET', `/definitions/${id}`)).body.definition;
    expect(saved.start).toBe('condition_1');
    expect(saved.edges.map((e) => `${e.from}.${e.port ?? 'next'}→${e.to}`).sort()).toEqual(['condition_1.false→end', 'condition_1.true→task_1', 'task_1.done→end']);
    expect(saved.nodes.find((n) => n.id === 'condition_1')).toMatchObject({ expression: 'record.arr > 500000' });
    // Positions sit in `ui` only: the steps placed on the canvas, and the new workflow's end step, laid out automatically when it opened and kept there with the first save.
    expect(Object.keys(saved.ui?.nodes ?? {}).sort()).toEqual(['condition_1', 'end', 'task_1']);

    // Auto-layout places every step (in one undoable edit), the true branch left of the false one.
    await page.getByTestId('wf-auto-layout').click();
    await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor({ timeout: 10_000 });
    await expect
      .poll(async () => Object.keys((await app.api<{ definition: WorkflowDefinition }>(ADMIN, 'GET', `/definitions/${id}`)).body.definition.ui?.nodes ?? {}).sort())
      .toEqual(['condition_1', 'end', 'task_1']);
    const laid = (await app.api<{ definition: WorkflowDefinition }>(ADMIN, 'GET', `/definitions/${id}`)).body.definition.ui!.nodes!;
    expect(laid.condition_1!.y).toBeLessThan(laid.task_1!.y);
    expect(laid.task_1!.y).toBeLessThan(laid.end!.y);

    // The minimap draws every step; zoom to fit brings every node back into view after zooming in far.
    await page.locator('.react-flow__minimap').waitFor();
    // (the trigger joins the minimap once React Flow has measured it)
    await expect.poll(() => page.locator('.react-flow__minimap .react-flow__minimap-node').count()).toBeGreaterThanOrEqual(await page.locator('.react-flow__node:not([data-id="__trigger"])').count());
    const inView = async () => {
      const box = (await page.getByTestId('wf-canvas').boundingBox())!;
      const boxes = await page.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, w: r.width, h: r.height })));
      return boxes.filter((b) => b.x >= box.x - 1 && b.y >= box.y - 1 && b.x + b.w <= box.x + box.width + 1 && b.y + b.h <= box.y + box.height + 1).length;
    };
    // (counted before zooming: the canvas renders only the nodes in view)
    const all = await nodeCount(page);
    expect(all).toBe(4);
    await page.mouse.move(canvas.x + canvas.width * 0.5, canvas.y + canvas.height * 0.5);
    for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -400);
    await expect.poll(inView).toBeLessThan(all);
    await page.getByTestId('wf-fit').click();
    await expect.poll(inView).toBe(all);

    // Dry run, big customer: the true branch to the task, which waits.
    await page.getByTestId('wf-tab-dryrun').click();
    await page.getByTestId('wf-sample-json-mode').click();
    await page.getByTestId('wf-sample-json').fill('{ "arr": 900000 }');
    await page.getByTestId('wf-dry-run').click();
    await page.locator('[data-testid="wf-dry-status"][data-status="waiting"]').waitFor();
    await expect(runState(page, 'condition_1')).resolves.toBe('visited');
    await expect(runState(page, 'task_1')).resolves.toBe('current');
    await expect(runState(page, 'end')).resolves.toBe('skipped');
    await expect(page.locator('.react-flow__edge.wf-edge--taken').count()).resolves.toBe(2);
    await expect(page.getByTestId('wf-node-condition_1').getByTestId('wf-node-values').textContent()).resolves.toContain('900000');
    await screenshot(page, 'workflow-dry-run');
    await page.getByTestId('wf-dry-task-done').click();
    await page.locator('[data-testid="wf-dry-status"][data-status="completed"]').waitFor();
    await expect(runState(page, 'end')).resolves.toBe('visited');
    await expect(page.locator('.react-flow__edge.wf-edge--taken').count()).resolves.toBe(3);

    // Small customer: the false branch straight to the end.
    await page.getByTestId('wf-sample-json').fill('{ "arr": 1000 }');
    await page.getByTestId('wf-dry-run').click();
    await page.locator('[data-testid="wf-dry-status"][data-status="completed"]').waitFor();
    await expect(runState(page, 'task_1')).resolves.toBe('skipped');
    await expect(runState(page, 'end')).resolves.toBe('visited');
    await expect(page.getByTestId('wf-trace').locator('li').count()).resolves.toBe(2);

    expect(browser.foreign).toEqual([]);
    // A draft with a condition that does not compile is saved (its problems listed), so no request failed.
    expect(browser.errors.filter((e) => !e.includes('favicon'))).toEqual([]);
  });

  it("keeps a locked step of HQ's mandatory customer-grading workflow and says why", async () => {
    const created = await app.api<{ id: string }>(ADMIN, 'POST', '/templates/customer-grading/instances', {});
    expect(created.status).toBe(201);
    const { page } = browser;
    await page.goto(`${app.origin}/#/definitions/${created.body.id}`);
    await page.locator('.wf-canvas[data-ready="true"]').waitFor();
    const before = await nodeCount(page);

    const node = page.getByTestId('wf-node-follow_s');
    await expect(node.getByTestId('wf-lock').getAttribute('aria-label')).resolves.toContain('HQ made this workflow mandatory');
    await node.click();
    await expect(page.getByTestId('wf-lock-banner').textContent()).resolves.toContain('HQ made this workflow mandatory');
    await expect(page.getByTestId('wf-node-delete').isDisabled()).resolves.toBe(true);
    await page.keyboard.press('Delete');
    await page.keyboard.press('Backspace');
    await page.waitForTimeout(300);
    expect(await nodeCount(page)).toBe(before);
    await expect(node.isVisible()).resolves.toBe(true);
    // Fixed in place: dragging it does not move it against the other steps (at most the view pans).
    const offset = async () => {
      const [a, b] = [await centerOf(node), await centerOf(page.getByTestId('wf-node-by_tier'))];
      return [Math.round(a.x - b.x), Math.round(a.y - b.y)];
    };
    const was = await offset();
    const at = await centerOf(node);
    await page.mouse.move(at.x, at.y);
    await page.mouse.down();
    await page.mouse.move(at.x + 120, at.y + 80, { steps: 10 });
    await page.mouse.up();
    expect(await offset()).toEqual(was);
    await screenshot(page, 'workflow-locked-step');

    const after = (await app.api<{ definition: WorkflowDefinition }>(ADMIN, 'GET', `/definitions/${created.body.id}`)).body.definition;
    expect(after.nodes.map((n) => n.id)).toContain('follow_s');
    expect(browser.foreign).toEqual([]);
  });

  it('opens a past run of a published workflow and draws its trace on the canvas', async () => {
    const definition: WorkflowDefinition = {
      schemaVersion: 1,
      kind: 'workflow',
      key: 'deal-won-follow-up',
      title: { en: 'Deal won follow-up', 'zh-CN': '赢单跟进' },
      trigger: { type: 'event', event: 'deal.won' },
      start: 'big_deal',
      nodes: [
        { id: 'big_deal', kind: 'condition', expression: 'event.data.amount > 100000' },
        { id: 'kickoff', kind: 'task', name: { en: 'Kick-off call', 'zh-CN': '启动会' }, assignee: { strategy: 'role', role: 'branch_admin' } },
        { id: 'thanks', kind: 'notify', channel: 'inbox', to: { strategy: 'role', role: 'branch_admin' }, message: { en: 'A deal was won.', 'zh-CN': '赢得一单。' } },
        { id: 'done', kind: 'end' },
      ],
      edges: [
        { id: 'e_big', from: 'big_deal', to: 'kickoff', port: 'true' },
        { id: 'e_small', from: 'big_deal', to: 'thanks', port: 'false' },
        { id: 'e_kickoff', from: 'kickoff', to: 'done', port: 'done' },
        { id: 'e_thanks', from: 'thanks', to: 'done' },
      ],
      ui: { nodes: { big_deal: { x: 0, y: 0 }, kickoff: { x: -150, y: 160 }, thanks: { x: 150, y: 160 }, done: { x: 0, y: 320 } } },
    };
    const created = await app.api<{ id: string }>(ADMIN, 'POST', '/definitions', { definition });
    expect(created.status).toBe(201);
    const published = await app.api<{ status: string }>(ADMIN, 'POST', `/definitions/${created.body.id}/publish`, {});
    expect(published.status).toBe(200);
    const event = await app.api<{ started: string[] }>(ADMIN, 'POST', '/events', { type: 'deal.won', key: 'deal-42', data: { amount: 250000 } });
    expect(event.status).toBe(202);
    expect(event.body.started).toHaveLength(1);

    const { page } = browser;
    await page.goto(`${app.origin}/#/definitions/${created.body.id}`);
    await page.locator('.wf-canvas[data-ready="true"]').waitFor();
    await page.getByTestId('wf-tab-runs').click();
    await page.getByTestId('wf-run-item').first().click();
    await page.getByTestId('wf-trace').waitFor();
    await expect(runState(page, 'big_deal')).resolves.toBe('visited');
    await expect(runState(page, 'kickoff')).resolves.toBe('current');
    await expect(runState(page, 'thanks')).resolves.toBe('skipped');
    await expect(page.locator('.react-flow__edge.wf-edge--taken').count()).resolves.toBe(2);
    await expect(page.getByTestId('wf-node-big_deal').getByTestId('wf-node-values').textContent()).resolves.toContain('250000');
    await screenshot(page, 'workflow-past-run');
    expect(browser.foreign).toEqual([]);
  });
  it("dry-runs HQ's customer grading from a picked record, skips 4 h on the simulated clock and follows the SLA's overdue path", async () => {
    const form = await app.api<{ id: string }>(ADMIN, 'POST', '/templates/customer-registration/instances', { publish: true });
    expect(form.status).toBe(201);
    const data = { company_name: 'Hangzhou Lakeside Robotics', credit_code: '91310115MA1K3YJ12X', region: 'east', contact_name: 'Li Wei', contact_phone: '+86 138 0000 1234', contact_email: 'li.wei@lakeside.example', data_source: 'referral', privacy_consent: true, arr: 250000, usage_rate: 55, arr_growth: 12 };
    const record = await app.api<{ id: string; data: { tier: string } }>(ADMIN, 'POST', `/definitions/${form.body.id}/records`, { data });
    expect(record.status).toBe(201);
    expect(record.body.data.tier).toBe('A');
    // East's copy of the grading workflow (the locked-step test above may have made it already).
    const existing = (await app.api<{ items: { id: string; key: string; orgId: string }[] }>(ADMIN, 'GET', '/definitions')).body.items.find((d) => d.key === 'customer-grading' && d.orgId === 'east');
    const grading = existing ?? (await app.api<{ id: string }>(ADMIN, 'POST', '/templates/customer-grading/instances', {})).body;

    const { page } = browser;
    // Signed in already when the tests above ran; not when this one runs alone.
    await page.goto(`${app.origin}/`);
    await page.locator('.shell-header, input[type="password"]').first().waitFor();
    if (!(await page.locator('.shell-header').isVisible())) await signIn(page, app.origin, ADMIN);
    await page.goto(`${app.origin}/#/definitions/${grading.id}`);
    await page.locator('.wf-canvas[data-ready="true"]').waitFor();
    await page.getByTestId('wf-tab-dryrun').click();
    // Pick the stored record: the sample form takes its values.
    await page.getByTestId('wf-sample-record').selectOption(record.body.id);
    await expect.poll(() => page.getByTestId('wf-sample-company_name').inputValue()).toBe('Hangzhou Lakeside Robotics');
    await expect(page.getByTestId('wf-sample-arr').inputValue()).resolves.toBe('250000');
    await page.getByTestId('wf-dry-run').click();
    await page.locator('[data-testid="wf-dry-status"][data-status="waiting"]').waitFor();
    await expect(runState(page, 'by_tier')).resolves.toBe('visited');
    await expect(runState(page, 'follow_a')).resolves.toBe('current');
    await expect(page.getByTestId('wf-node-by_tier').getByTestId('wf-node-values').textContent()).resolves.toContain('A');

    // 1 h later the tier A follow-up (4 h SLA) still waits; 4 h more and it leaves by its overdue port.
    await page.getByTestId('wf-dry-skip-1h').click();
    await expect(runState(page, 'follow_a')).resolves.toBe('current');
    await expect(page.getByTestId('wf-dry-status').textContent()).resolves.toContain('(+1 h)');
    await page.getByTestId('wf-dry-skip-4h').click();
    await expect.poll(() => runState(page, 'escalate')).toBe('current');
    await expect(runState(page, 'follow_a')).resolves.toBe('visited');
    await expect(runState(page, 'followed_up')).resolves.toBe('skipped');
    await expect(page.getByTestId('wf-dry-status').textContent()).resolves.toContain('(+5 h)');
    await expect(page.getByTestId('wf-trace').textContent()).resolves.toContain('overdue');
    await screenshot(page, 'workflow-dry-run-skip');
    expect(browser.foreign).toEqual([]);
  });
});

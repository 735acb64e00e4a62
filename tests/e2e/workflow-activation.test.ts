/**
 * Switching workflows off and on and starting manual ones by hand, in Debian's
 * Chromium against the real server. East's branch admin publishes a manual workflow,
 * runs it now and sees the run; switches it off, sees the Off badge (designer and
 * definitions list) and Run now refused with the server's message; switches it on
 * again. A manual workflow on a form is started from a record's page. HQ's mandatory
 * customer-grading instance shows the switch locked with HQ's policy, in both languages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '@branchline/schemas';
import { MANDATORY_POLICY } from '@branchline/runtime';
import { openBrowser, screenshot, signIn, startApp, type OpenBrowser, type RunningApp } from './harness';

const ADMIN = 'admin@east.demo';

const manual = (key: string, form?: string): WorkflowDefinition => ({
  schemaVersion: 1,
  kind: 'workflow',
  key,
  title: { en: `Manual ${key}`, 'zh-CN': `手动 ${key}` },
  trigger: form ? { type: 'manual', form } : { type: 'manual' },
  start: 'tell',
  nodes: [
    { id: 'tell', kind: 'notify', channel: 'inbox', to: { strategy: 'role', role: 'branch_admin' }, message: { en: 'Started by hand.', 'zh-CN': '手动启动。' } },
    { id: 'done', kind: 'end' },
  ],
  edges: [{ id: 'e1', from: 'tell', to: 'done' }],
  ui: { nodes: { tell: { x: 0, y: 0 }, done: { x: 0, y: 160 } } },
});

interface RunSummary {
  id: string;
  status: string;
  definitionId: string | null;
  recordId: string | null;
}

describe('workflow activation and manual runs, end to end', () => {
  let app: RunningApp;
  let browser: OpenBrowser;

  beforeAll(async () => {
    app = await startApp();
    browser = await openBrowser(app);
    browser.page.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('publishes a manual workflow, runs it now, switches it off (badge, Run now refused) and on again', async () => {
    const created = await app.api<{ id: string }>(ADMIN, 'POST', '/definitions', { definition: manual('call-list') });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const { page } = browser;
    await signIn(page, app.origin, ADMIN);
    await page.goto(`${app.origin}/#/definitions/${id}`);
    await page.locator('.wf-canvas[data-ready="true"]').waitFor();
    // A draft never published has no switch and no Run now.
    expect(await page.getByTestId('active-switch').count()).toBe(0);
    expect(await page.getByTestId('run-now').count()).toBe(0);

    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByTestId('publish-notice').filter({ hasText: 'Published as version 1.' }).waitFor();
    const toggle = page.getByRole('switch');
    await expect(toggle.getAttribute('aria-checked')).resolves.toBe('true');
    await expect(toggle.isEnabled()).resolves.toBe(true);
    expect(await page.getByTestId('workflow-off').count()).toBe(0);

    // Run now opens the run it started, which the server has on record.
    await page.getByTestId('run-now').click();
    await page.waitForURL(/#\/runs\/run_/);
    const runId = decodeURIComponent(page.url().split('#/runs/')[1]!);
    await page.getByTestId('run-meta').filter({ hasText: 'Completed' }).waitFor();
    await expect(page.locator('h1').textContent()).resolves.toContain('call-list');
    const run = await app.api<RunSummary>(ADMIN, 'GET', `/runs/${runId}`);
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ status: 'completed', definitionId: id, recordId: null });

    // Off: the badge, the switch, the server's state, and Run now refused with the server's reason.
    await page.goto(`${app.origin}/#/definitions/${id}`);
    await page.locator('.wf-canvas[data-ready="true"]').waitFor();
    await page.getByRole('switch').click();
    await page.getByTestId('workflow-off').filter({ hasText: 'Off — starts no new runs' }).waitFor();
    await expect(page.getByRole('switch').getAttribute('aria-checked')).resolves.toBe('false');
    expect((await app.api<{ active: boolean }>(ADMIN, 'GET', `/definitions/${id}`)).body.active).toBe(false);
    await page.getByTestId('run-now').click();
    await page.getByTestId('run-now-error').filter({ hasText: 'This workflow is switched off; switch it on to start runs of it.' }).waitFor();
    expect(page.url()).toContain(`#/definitions/${id}`);
    const runs = await app.api<{ items: RunSummary[] }>(ADMIN, 'GET', `/runs?definitionId=${id}`);
    expect(runs.body.items.map((r) => r.id)).toEqual([runId]);
    await screenshot(page, 'workflow-activation-off');

    // The definitions list says so too.
    await page.goto(`${app.origin}/#/`);
    const row = page.locator('tr', { has: page.locator(`a[href="#/definitions/${id}"]`) });
    await row.getByTestId('workflow-off').waitFor();

    // On again: the badge goes, and Run now starts a second run.
    await page.goto(`${app.origin}/#/definitions/${id}`);
    await page.locator('.wf-canvas[data-ready="true"]').waitFor();
    await page.getByRole('switch').click();
    await page.locator('[data-testid="active-switch"][data-active="true"]').waitFor();
    expect(await page.getByTestId('workflow-off').count()).toBe(0);
    expect((await app.api<{ active: boolean }>(ADMIN, 'GET', `/definitions/${id}`)).body.active).toBe(true);

    // Run now follows the published version, not the draft: a draft moved to an event trigger
    // still offers (and runs) the published manual workflow.
    const draft = { ...manual('call-list'), trigger: { type: 'event', event: 'call.requested' } };
    expect((await app.api(ADMIN, 'PUT', `/definitions/${id}`, { definition: draft })).status).toBe(200);
    await page.goto(`${app.origin}/#/definitions/${id}`);
    await page.locator('.wf-canvas[data-ready="true"]').waitFor();
    await page.getByTestId('run-now').click();
    await page.waitForURL(/#\/runs\/run_/);
    await page.getByTestId('run-meta').filter({ hasText: 'Completed' }).waitFor();
  });

  it("starts a manual workflow on a record from the record's page and opens the run", async () => {
    const { page } = browser;
    const form = await app.api<{ id: string }>(ADMIN, 'POST', '/templates/customer-registration/instances', { publish: true });
    expect(form.status).toBe(201);
    const wf = await app.api<{ id: string }>(ADMIN, 'POST', '/definitions', { definition: manual('grade-by-hand', 'customer-registration') });
    expect((await app.api(ADMIN, 'POST', `/definitions/${wf.body.id}/publish`)).status).toBe(200);
    const offWf = await app.api<{ id: string }>(ADMIN, 'POST', '/definitions', { definition: manual('switched-off-by-hand', 'customer-registration') });
    expect((await app.api(ADMIN, 'POST', `/definitions/${offWf.body.id}/publish`)).status).toBe(200);
    expect((await app.api(ADMIN, 'POST', `/definitions/${offWf.body.id}/deactivate`, {})).status).toBe(200);
    const record = await app.api<{ id: string }>(ADMIN, 'POST', `/definitions/${form.body.id}/records`, {
      data: { company_name: 'Hand Started Ltd', credit_code: '91310115MA1K3YJ12X', region: 'east', contact_name: 'Wang Fang', contact_phone: '+86 137 0000 0000', contact_email: 'wang.fang@customer.example', data_source: 'event', privacy_consent: true, arr: 30000, usage_rate: 20, arr_growth: 1 },
    });
    expect(record.status, JSON.stringify(record.body)).toBe(201);

    await page.goto(`${app.origin}/#/records/${record.body.id}`);
    await page.getByRole('button', { name: 'Start workflow' }).click();
    const items = page.getByRole('menuitem');
    await items.first().waitFor();
    // Only the switched-on manual workflow of this form is offered.
    await expect(items.allTextContents()).resolves.toEqual([expect.stringContaining('grade-by-hand')]);
    await items.first().click();
    await page.waitForURL(/#\/runs\/run_/);
    await page.getByTestId('run-meta').filter({ hasText: 'Completed' }).waitFor();
    const runId = decodeURIComponent(page.url().split('#/runs/')[1]!);
    expect((await app.api<RunSummary>(ADMIN, 'GET', `/runs/${runId}`)).body).toMatchObject({ definitionId: wf.body.id, recordId: record.body.id });
  });

  it("shows the switch of HQ's mandatory customer-grading instance locked with HQ's policy", async () => {
    const { page } = browser;
    const created = await app.api<{ id: string }>(ADMIN, 'POST', '/templates/customer-grading/instances', { publish: true });
    expect(created.status).toBe(201);
    await page.goto(`${app.origin}/#/definitions/${created.body.id}`);
    await page.locator('.wf-canvas[data-ready="true"]').waitFor();
    const sw = page.locator('[data-testid="active-switch"][data-locked="true"]');
    await sw.waitFor();
    await expect(page.getByRole('switch').isDisabled()).resolves.toBe(true);
    await expect(page.getByRole('switch').getAttribute('aria-checked')).resolves.toBe('true');
    await expect(page.getByTestId('active-policy').textContent()).resolves.toContain(MANDATORY_POLICY.en);
    await screenshot(page, 'workflow-activation-mandatory');
    // The server refuses the same, with the same policy.
    const refused = await app.api<{ code: string; errors: { messages?: { en: string } }[] }>(ADMIN, 'POST', `/definitions/${created.body.id}/deactivate`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('mandatory_workflow');

    await page.locator('.lang-switch select').selectOption('zh-CN');
    await page.getByTestId('active-policy').filter({ hasText: MANDATORY_POLICY['zh-CN'] }).waitFor();
    await expect(page.getByRole('switch').textContent()).resolves.toContain('已启用');
    await page.locator('.lang-switch select').selectOption('en');
    expect(browser.foreign).toEqual([]);
  });
});

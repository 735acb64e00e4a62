/**
 * The user's org and role shape what is shown, in Debian's Chromium against the real
 * server: each demo user's navigation, org and role in the header; a page outside
 * the role sends the user home instead; the auditor cannot create definitions; a
 * branch sees its own definitions and not another branch's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowser, signIn, startApp, type OpenBrowser, type RunningApp } from './harness';

async function signOutIfIn(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: 'Sign out' });
  if (await button.isVisible()) await button.click();
}

const USERS = [
  { email: 'admin@hq.demo', org: 'Headquarters', role: 'HQ admin', nav: ['Forms & workflows', 'Templates', 'Records', 'HQ dashboard', 'Audit log'], home: '#/', refused: '#/inbox', canCreate: true },
  { email: 'auditor@hq.demo', org: 'Headquarters', role: 'HQ auditor', nav: ['Forms & workflows', 'Templates', 'Records', 'HQ dashboard', 'Audit log'], home: '#/', refused: '#/inbox', canCreate: false },
  { email: 'admin@east.demo', org: 'East China', role: 'Branch admin', nav: ['Forms & workflows', 'Templates', 'Records', 'Inbox'], home: '#/', refused: '#/dashboard', canCreate: true },
  { email: 'designer@east.demo', org: 'East China', role: 'Designer', nav: ['Forms & workflows', 'Inbox'], home: '#/', refused: '#/records', canCreate: true },
  { email: 'rep@east.demo', org: 'East China', role: 'Sales rep', nav: ['Records', 'Inbox'], home: '#/records', refused: '#/audit', canCreate: false },
] as const;

describe('org and role shape the app, end to end', () => {
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

  it.each(USERS)('$email sees the navigation of a $role of $org, and is sent home from $refused', async (user) => {
    const { page } = browser;
    await signOutIfIn(page);
    await signIn(page, app.origin, user.email);
    await expect.poll(() => page.locator('.shell-nav a').allTextContents()).toEqual([...user.nav]);
    await expect.poll(() => page.locator('.shell-user .org-code').textContent()).toBe(`Org: ${user.org}`);
    await expect(page.locator('.shell-user .role-chip').textContent()).resolves.toBe(user.role);
    expect(new URL(page.url()).hash || '#/').toBe(user.home);

    await page.goto(`${app.origin}/${user.refused}`);
    await expect.poll(() => new URL(page.url()).hash || '#/').toBe(user.home);
    if (user.nav[0] === 'Forms & workflows') {
      await page.locator('.state, .table').first().waitFor();
      await expect(page.getByRole('button', { name: 'New form' }).count()).resolves.toBe(user.canCreate ? 1 : 0);
    }
  });

  it("a branch's definitions are its own: another branch does not see them", async () => {
    const form = { schemaVersion: 1, kind: 'form', key: 'east-only', title: { en: 'East only visit', 'zh-CN': '华东拜访' }, fields: [{ key: 'who', type: 'text', label: { en: 'Who', 'zh-CN': '谁' } }] };
    expect((await app.api('admin@east.demo', 'POST', '/definitions', { definition: form })).status).toBe(201);
    const { page } = browser;
    await signOutIfIn(page);
    await signIn(page, app.origin, 'admin@east.demo');
    await page.getByRole('link', { name: 'East only visit' }).waitFor();
    await signOutIfIn(page);
    await signIn(page, app.origin, 'admin@south.demo');
    await page.locator('.state, .table').first().waitFor();
    await expect(page.getByRole('link', { name: 'East only visit' }).count()).resolves.toBe(0);
    expect(browser.foreign).toEqual([]);
  });
});

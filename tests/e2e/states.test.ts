/**
 * Loading, error and empty states as users meet them, in Debian's Chromium against
 * the real server: a request held open shows the loading state, a failed one the
 * error state with its reason and "Try again" (in the UI language), and trying again
 * once the server answers shows the page — here its empty state. Every page of the
 * navigation has an error state of its own, not a blank screen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Route } from 'playwright-core';
import { openBrowser, screenshot, signIn, startApp, type OpenBrowser, type RunningApp } from './harness';

async function signOutIfIn(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: /^(Sign out|退出登录)$/ });
  if (await button.isVisible()) await button.click();
}

describe('loading, error and empty states, end to end', () => {
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

  it("a rep's inbox: loading while the server thinks, the network error with a retry, then the empty inbox", async () => {
    const { page } = browser;
    await signIn(page, app.origin, 'rep@east.demo');
    let release!: (how: 'abort' | 'pass') => void;
    const held = new Promise<'abort' | 'pass'>((resolve) => (release = resolve));
    const hold = async (route: Route) => ((await held) === 'abort' ? route.abort('internetdisconnected') : route.continue());
    await page.route('**/api/v1/tasks?*', hold);
    await page.getByRole('link', { name: 'Inbox' }).click();
    const loading = page.locator('.state-loading');
    await loading.waitFor();
    await expect(loading.textContent()).resolves.toContain('Loading…');
    await screenshot(page, 'state-loading');
    release('abort');
    const error = page.locator('.state-error');
    await error.waitFor();
    await expect(error.textContent()).resolves.toContain('Something went wrong');
    await expect(error.textContent()).resolves.toContain('The server cannot be reached');
    await screenshot(page, 'state-error');
    await page.unroute('**/api/v1/tasks?*', hold);
    await error.getByRole('button', { name: 'Try again' }).click();
    await page.getByText('Nothing to do').waitFor();
    await expect(error.count()).resolves.toBe(0);
  });

  it('the records list in Chinese: the server error in Chinese, then the empty list after retrying', async () => {
    const { page } = browser;
    await signOutIfIn(page);
    await signIn(page, app.origin, 'rep@south.demo', 'zh-CN');
    await page.getByRole('heading', { name: '记录', exact: true }).waitFor();
    const fail = (route: Route) => route.fulfill({ status: 503, contentType: 'text/plain', body: 'down' });
    await page.route('**/api/v1/records?*', fail);
    await page.reload();
    const error = page.locator('.state-error');
    await error.waitFor();
    await expect(error.textContent()).resolves.toContain('出错了');
    // What the status means, in Chinese — not the proxy's own text.
    await expect(error.textContent()).resolves.toContain('服务器返回状态 503。');
    await expect(error.textContent()).resolves.not.toContain('down');
    await page.unroute('**/api/v1/records?*', fail);
    await error.getByRole('button', { name: '重试' }).click();
    await page.getByText('暂无记录').waitFor();
  });

  it('every page of the HQ navigation shows an error state with a retry when its data cannot be loaded', async () => {
    const { page } = browser;
    await signOutIfIn(page);
    await signIn(page, app.origin, 'admin@hq.demo');
    const links = await page.locator('.shell-header nav a').allTextContents();
    expect(links.length).toBeGreaterThan(2);
    // Every data request fails from here on; signing in and the app's own files still load.
    const fail = (route: Route) => (route.request().url().includes('/api/v1/auth/') ? route.continue() : route.abort('internetdisconnected'));
    await page.route('**/api/v1/**', fail);
    const seen: string[] = [];
    // The page shown after signing in loaded its data already: it comes last, after the others.
    for (const name of [...links.slice(1), links[0]!]) {
      await page.locator('.shell-header nav a', { hasText: name }).first().click();
      const error = page.locator('main .state-error').first();
      await error.waitFor();
      await expect(error.getByRole('button', { name: 'Try again' }).isVisible()).resolves.toBe(true);
      seen.push(name);
    }
    expect(seen.sort()).toEqual([...links].sort());
    await page.unroute('**/api/v1/**', fail);
    // Back online: the last page loads on retry.
    await page.locator('main .state-error').first().getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => page.locator('main .state-error').count()).toBe(0);
    expect(browser.foreign).toEqual([]);
  });
});

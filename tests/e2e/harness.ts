/**
 * End-to-end harness: the real server (`buildApp` on a temporary SQLite file,
 * listening on an ephemeral port, serving the built editor from editor/dist) and
 * Debian's Chromium driven by playwright-core. It builds nothing: `npm test` runs
 * scripts/ensure-build.mjs first, and `startApp` fails clearly when the bundle is
 * missing. Every request the page makes must stay on the app's origin.
 *
 * @example
 * const app = await startApp();
 * const browser = await openBrowser(app);
 * await signIn(browser.page, 'designer@east.demo');
 * …
 * await browser.close(); await app.close();
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/src/app';
import { DEMO_PASSWORD } from '../../server/src/seed/seed';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(here, '../..');
/** The built editor the server serves; BRANCHLINE_EDITOR_DIST points at another build (e.g. one engineer's, while others run e2e on editor/dist). */
export const EDITOR_DIST = process.env.BRANCHLINE_EDITOR_DIST ?? join(ROOT, 'editor', 'dist');
export const SCREENSHOTS = join(here, 'screenshots');
export const CHROMIUM = process.env.BRANCHLINE_CHROMIUM ?? '/usr/bin/chromium';
export { DEMO_PASSWORD };

export interface RunningApp {
  readonly app: FastifyInstance;
  readonly origin: string;
  /** Call the API as a demo user (sign-in cached per email). */
  api<T = unknown>(email: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

/**
 * The real server on a fresh SQLite file, seeded with the demo orgs, users and HQ templates.
 * `clock` is the server's clock (default Date.now), e.g. shifted back to create a task that is already overdue.
 */
export async function startApp(options: { seed?: 'base' | 'demo'; clock?: () => number } = {}): Promise<RunningApp> {
  if (!existsSync(join(EDITOR_DIST, 'index.html'))) {
    throw new Error('editor/dist is missing: run `npm test` (it builds through scripts/ensure-build.mjs) or `npm run build`.');
  }
  const dir = mkdtempSync(join(tmpdir(), 'branchline-e2e-'));
  const app = await buildApp({ db: join(dir, 'e2e.db'), seed: options.seed ?? 'base', scrypt: { N: 1024, r: 8, p: 1 }, loginMax: 1000, logger: false, editorDist: EDITOR_DIST, ...(options.clock ? { clock: options.clock } : {}) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('server did not listen on a TCP port');
  const origin = `http://127.0.0.1:${address.port}`;
  const tokens = new Map<string, string>();

  async function api<T>(email: string, method: string, path: string, body?: unknown) {
    let token = tokens.get(email);
    if (!token) {
      const res = await fetch(`${origin}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
      if (!res.ok) throw new Error(`sign-in of ${email} failed: ${res.status} ${await res.text()}`);
      token = ((await res.json()) as { token: string }).token;
      tokens.set(email, token);
    }
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${origin}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  return {
    app,
    origin,
    api,
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface OpenBrowser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Every URL the page requested. */
  readonly requests: string[];
  /** Requests that left the app's origin (must stay empty). */
  readonly foreign: string[];
  /** Uncaught page errors and console errors. */
  readonly errors: string[];
  close(): Promise<void>;
}

/** Debian's Chromium, launched as RECIPES §11 says, watching every request. */
export async function openBrowser(app: Pick<RunningApp, 'origin'>, options: { viewport?: { width: number; height: number }; locale?: string } = {}): Promise<OpenBrowser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install it with \`flock /tmp/apt.lock apt-get install -y chromium\`.`);
  const userDataDir = mkdtempSync(join(tmpdir(), 'pw-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    viewport: options.viewport ?? { width: 1440, height: 900 },
    locale: options.locale ?? 'en-US',
  });
  // Lets the JSON view put the Monaco module on globalThis, so tests can read its markers.
  await context.addInitScript(() => {
    (globalThis as { __BRANCHLINE_E2E__?: boolean }).__BRANCHLINE_E2E__ = true;
  });
  const requests: string[] = [];
  const foreign: string[] = [];
  const errors: string[] = [];
  const local = (url: string) => url.startsWith(`${app.origin}/`) || url === app.origin || url.startsWith('data:') || url.startsWith('blob:');
  context.on('request', (req) => {
    const url = req.url();
    requests.push(url);
    if (!local(url)) foreign.push(url);
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return {
    context,
    page,
    requests,
    foreign,
    errors,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Sign in through the login screen, in English unless told otherwise. */
export async function signIn(page: Page, origin: string, email: string, lang: 'en' | 'zh-CN' = 'en'): Promise<void> {
  await page.goto(`${origin}/`);
  await page.evaluate((l) => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('branchline.lang', l), lang);
  await page.reload();
  await page.getByLabel(lang === 'en' ? 'Email' : '邮箱').fill(email);
  await page.getByLabel(lang === 'en' ? 'Password' : '密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: lang === 'en' ? 'Sign in' : '登录' }).click();
  await page.locator('.shell-header').waitFor();
}

/**
 * Drag with real mouse events the way dnd-kit needs them: press, a short move past
 * the activation distance, a stepped move to the target, release.
 */
export async function drag(page: Page, source: Locator, target: Locator, where: 'center' | 'top' | 'bottom' = 'center'): Promise<void> {
  const from = await source.boundingBox();
  const to = await target.boundingBox();
  if (!from || !to) throw new Error('drag source or target is not visible');
  const sx = from.x + from.width / 2;
  const sy = from.y + from.height / 2;
  const tx = to.x + to.width / 2;
  const ty = where === 'top' ? to.y + 4 : where === 'bottom' ? to.y + to.height - 4 : to.y + to.height / 2;
  await page.mouse.move(sx, sy);
  await page.mouse.down();
  await page.mouse.move(sx + 10, sy + 10, { steps: 5 });
  await page.mouse.move(tx, ty, { steps: 20 });
  await page.mouse.move(tx, ty + 1, { steps: 2 });
  await page.mouse.up();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

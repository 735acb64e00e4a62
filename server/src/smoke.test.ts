/** The real thing: a database file on disk and a server listening on a real port. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from './app';
import { FAST_SCRYPT } from './test-support';

const dir = mkdtempSync(join(tmpdir(), 'bl-smoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('smoke: file database + HTTP', () => {
  it('seeds once, serves over HTTP, and keeps its data across a restart', async () => {
    const file = join(dir, 'sub', 'branchline.db');
    const first = await buildApp({ db: file, seed: 'demo', demoRecords: 20, scrypt: FAST_SCRYPT });
    expect(first.svc.meta.seeded).toBe(true);
    const base = await first.listen({ port: 0, host: '127.0.0.1' });
    const health = await fetch(`${base}/api/v1/health`);
    expect(health.status).toBe(200);
    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@hq.demo', password: 'branchline-demo' }) });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };
    const templates = (await (await fetch(`${base}/api/v1/templates`, { headers: auth })).json()) as { items: { key: string }[] };
    expect(templates.items.map((t) => t.key)).toEqual(expect.arrayContaining(['customer-registration', 'quote', 'customer-grading']));
    const defs = (await (await fetch(`${base}/api/v1/definitions?status=published`, { headers: auth })).json()) as { items: { orgId: string; key: string }[] };
    expect(defs.items.map((d) => `${d.orgId}:${d.key}`).sort()).toEqual(['east:customer-registration', 'east:quote', 'sea:customer-registration', 'sea:quote', 'south:customer-registration', 'south:quote']);
    const records = (await (await fetch(`${base}/api/v1/records?limit=500`, { headers: auth })).json()) as { items: { orgId: string; data: { tier?: string } }[] };
    expect(records.items).toHaveLength(3 * 20 + 3 * 2);
    expect(records.items.filter((r) => r.data.tier).length).toBe(60);
    const bad = await fetch(`${base}/api/v1/orgs`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"id":' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/problem\+json/);
    const created = await fetch(`${base}/api/v1/orgs`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ id: 'north', parentId: 'hq', name: { 'zh-CN': '华北', en: 'North' } }) });
    expect(created.status).toBe(201);
    await first.close();

    const second = await buildApp({ db: file, seed: 'demo', scrypt: FAST_SCRYPT });
    try {
      expect(second.svc.meta.seeded).toBe(false);
      const base2 = await second.listen({ port: 0, host: '127.0.0.1' });
      const orgs = await fetch(`${base2}/api/v1/orgs`, { headers: { authorization: `Bearer ${token}` } });
      expect(orgs.status).toBe(200);
      expect(((await orgs.json()) as { items: { id: string }[] }).items.map((o) => o.id)).toContain('north');
      const verify = await fetch(`${base2}/api/v1/audit/verify`, { headers: { authorization: `Bearer ${token}` } });
      expect(await verify.json()).toMatchObject({ ok: true });
    } finally {
      await second.close();
    }
  });
});

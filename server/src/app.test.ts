import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { installPolicy } from './policy/plugin';
import { POLICY } from './policy/permissions';
import { testApp } from './test-support';

describe('the app shell', () => {
  let app: FastifyInstance;
  beforeEach(async () => {
    app = await testApp({ seed: 'none' });
  });
  afterEach(() => app?.close());

  it('sends security headers and no CORS grant to a foreign origin', async () => {
    const res = await app.inject({ url: '/api/v1/health', headers: { origin: 'https://evil.example' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toContain("worker-src 'self' blob:");
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const denied = await app.inject({ url: '/api/v1/me' });
    expect(denied.statusCode).toBe(401);
    expect(denied.headers['content-security-policy']).toBe(res.headers['content-security-policy']);
    expect(denied.headers['referrer-policy']).toBe('no-referrer');
    const preflight = await app.inject({ method: 'OPTIONS', url: '/api/v1/records', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(preflight.statusCode).toBe(404);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers an unknown API route with a problem+json 404', async () => {
    const res = await app.inject({ url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 404, code: 'route_not_found', type: expect.stringContaining('route-not-found') });
  });

  it('speaks zh-CN when asked', async () => {
    const res = await app.inject({ url: '/api/v1/me', headers: { 'accept-language': 'zh-CN,zh;q=0.9' } });
    expect(res.json().title).toMatch(/登录/);
  });

  it('serves the OpenAPI document generated from the route schemas, and the docs page locally', async () => {
    const doc = (await app.inject({ url: '/api/v1/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/api/v1/auth/login'].post.requestBody.content['application/json'].schema.properties).toHaveProperty('email');
    expect(doc.paths['/api/v1/users'].post.security).toEqual([{ bearer: [] }]);
    const page = await app.inject({ url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toMatch(/https?:\/\/(?!localhost)[a-z0-9.-]+\.(com|net|org|io)\//i);
  });

  it('every API route declares a permission that exists in the policy table', () => {
    expect(app.routeTable.length).toBeGreaterThan(8);
    for (const r of app.routeTable) expect(r.permission === 'public' || r.permission in POLICY, `${r.method} ${r.url}`).toBe(true);
    const publicRoutes = app.routeTable.filter((r) => r.permission === 'public').map((r) => `${r.method} ${r.url}`);
    expect(publicRoutes.sort()).toEqual(['GET /api/v1/health', 'GET /api/v1/openapi.json', 'POST /api/v1/auth/login']);
  });

  it('refuses to start with an API route that declares no permission', async () => {
    const bare = Fastify();
    installPolicy(bare);
    await expect(bare.register(async (api) => void api.get('/api/v1/leaky', async () => 'x')).ready()).rejects.toThrow(/declares no permission/);
    const typo = Fastify();
    installPolicy(typo);
    expect(() => typo.get('/api/v1/typo', { config: { permission: 'records.raed' as 'records.read' } }, async () => 'x')).toThrow(/unknown permission/);
    await Promise.all([bare.close(), typo.close()]);
  });
});

describe('the editor shell', () => {
  // The built editor on disk is read-only input, so one folder serves every test; each test gets its own app.
  let dir: string;
  let web: FastifyInstance;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bl-dist-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Branchline</title>');
    writeFileSync(join(dir, 'app.js'), 'console.log(1)');
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'assets', 'index-Ab12Cd34.js'), 'console.log(2)');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(async () => {
    web = await testApp({ seed: 'none', editorDist: dir });
  });
  afterEach(() => web?.close());
  it('serves index.html at / and for client-side routes; assets as files; missing assets 404', async () => {
    expect((await web.inject({ url: '/' })).body).toContain('<title>Branchline');
    const deep = await web.inject({ url: '/definitions/def_1/edit' });
    expect(deep.statusCode).toBe(200);
    expect(deep.headers['content-type']).toMatch(/text\/html/);
    expect((await web.inject({ url: '/app.js' })).body).toBe('console.log(1)');
    expect((await web.inject({ url: '/missing.js' })).statusCode).toBe(404);
    expect((await web.inject({ url: '/api/v1/missing' })).headers['content-type']).toMatch(/problem\+json/);
  });
  it('lets browsers keep the content-hashed files under assets/ for good; index.html and the rest are revalidated', async () => {
    const asset = await web.inject({ url: '/assets/index-Ab12Cd34.js' });
    expect(asset.body).toBe('console.log(2)');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    for (const url of ['/', '/index.html', '/definitions/def_1/edit', '/app.js']) {
      expect((await web.inject({ url })).headers['cache-control'], url).toBe('public, max-age=0');
    }
  });
});

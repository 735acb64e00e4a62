/**
 * Hostile request bodies: oversized, deeply nested, huge arrays, prototype keys, invalid
 * UTF-8, wrong content types — on every route that takes a body, as a caller the policy
 * lets through (so the parser and handler are reached, not just the permission check).
 * Each must be refused with a 4xx within a time bound and store nothing (the database's
 * content hash is the same before and after). Then the same over raw sockets against
 * the real server process — bodies larger than announced, chunked past the limit,
 * cut-off bodies, broken request lines, a header flood — after which it still answers.
 */
import { connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../../server/src/test-support';
import { contentHash } from './support/db';
import { populate, type World } from './support/populate';
import { startServer, type ServerProcess } from './support/server-process';

let w: World;
beforeAll(async () => {
  w = await populate({ records: 3 });
}, 120_000);
afterAll(() => w?.app.close());

const MiB = 1024 * 1024;
/** Every route with a body, with a real id, called as the HQ admin (allowed everywhere). */
function bodyRoutes(): { method: string; url: string }[] {
  return w.app.routeTable
    .filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method) && !r.url.endsWith('/logout'))
    .map((r) => ({ method: r.method, url: r.url.replace(':id', r.url.includes('/records/') ? w.ids.east.records[2]! : r.url.includes('/tasks/') ? w.ids.east.tasks[0]! : r.url.includes('/users/') ? w.ids.east.users[0]! : w.ids.east.visitForm).replace(':key', 'visit-report') }));
}

const nest = (depth: number, inner = '1') => `${'['.repeat(depth)}${inner}${']'.repeat(depth)}`;
const nestObj = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** Name → raw payload, content type, and the refusals acceptable for it. */
const HOSTILE: { name: string; payload: () => Buffer | string; type?: string | null; expect: number[] }[] = [
  { name: 'a body over 1 MiB', payload: () => `{"data":{"company":"${'a'.repeat(MiB + 10)}"}}`, expect: [413] },
  { name: 'nesting 65 arrays deep', payload: () => `{"data":${nest(64)}}`, expect: [400] },
  { name: 'nesting 65 objects deep', payload: () => `{"data":${nestObj(64)}}`, expect: [400] },
  { name: 'nesting 200,000 deep', payload: () => nest(200_000), expect: [400] },
  { name: 'an array of 400,000 numbers', payload: () => `{"data":{"company":"x","notes":[${Array(400_000).fill('0').join(',')}]},"definition":[${Array(10).fill('0').join(',')}]}`, expect: [400, 404, 409, 422] },
  { name: 'an object with 50,000 keys', payload: () => `{"data":{${Array.from({ length: 50_000 }, (_x, i) => `"k${i}":${i}`).join(',')}}}`, expect: [400, 404, 409, 422] },
  { name: 'a __proto__ key at the top', payload: () => '{"__proto__":{"polluted":true},"data":{"company":"x"}}', expect: [400] },
  { name: 'a __proto__ key deep inside', payload: () => '{"data":{"company":"x","notes":[{"a":[{"__proto__":{"polluted":true}}]}]}}', expect: [400] },
  { name: 'a constructor.prototype key', payload: () => '{"data":{"constructor":{"prototype":{"polluted":true}}}}', expect: [400] },
  { name: 'invalid UTF-8 in a string', payload: () => Buffer.concat([Buffer.from('{"data":{"company":"Bad '), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('"},"definition":{"kind":"form"},"template":{},"file":{},"email":"a@b.c","password":"x"}')]), expect: [400] },
  { name: 'an overlong UTF-8 encoding of "/"', payload: () => Buffer.concat([Buffer.from('{"data":{"company":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}}')]), expect: [400] },
  { name: 'a UTF-8-encoded surrogate', payload: () => Buffer.concat([Buffer.from('{"data":{"company":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}}')]), expect: [400] },
  { name: 'a lone surrogate escape (\\ud800) in a string', payload: () => '{"data":{"company":"a\\ud800b"},"definition":{"kind":"form","key":"\\udc00"},"template":{},"file":{},"type":"x.y","key":"\\ud800","email":"\\ud800@x.example.com","password":"x","outcome":"done","rollout":null,"orgId":"east","id":"x","parentId":"hq","name":"x","role":"sales_rep"}', expect: [400] },
  { name: 'a lone surrogate escape in a key', payload: () => '{"data":{"\\udfff":"x"}}', expect: [400] },
  { name: 'malformed JSON', payload: () => '{"data":{"company":"x"', expect: [400] },
  { name: 'an empty body', payload: () => '', expect: [400] },
  { name: 'text/plain', payload: () => '{"data":{"company":"x"}}', type: 'text/plain', expect: [400, 415] },
  { name: 'a form post', payload: () => 'data[company]=x', type: 'application/x-www-form-urlencoded', expect: [400, 415] },
  { name: 'multipart', payload: () => '--x\r\nContent-Disposition: form-data; name="data"\r\n\r\n{}\r\n--x--\r\n', type: 'multipart/form-data; boundary=x', expect: [400, 415] },
  { name: 'XML', payload: () => '<data><company>x</company></data>', type: 'application/xml', expect: [400, 415] },
  { name: 'no content type', payload: () => '{"data":{"company":"x"}}', type: null, expect: [400, 415] },
  { name: 'a JSON look-alike type', payload: () => '{"data":{"company":"x"}}', type: 'application/json-patch+json', expect: [400, 415] },
];

describe('hostile bodies on every route that takes one', () => {
  it.each(HOSTILE)('$name: refused with a 4xx, fast, storing nothing', async (h) => {
    const db = w.app.svc.store.sqlite;
    const before = contentHash(db);
    const payload = h.payload();
    const failures: string[] = [];
    let slowest = 0;
    for (const r of bodyRoutes()) {
      const headers: Record<string, string> = { ...bearer(w.tok.hqAdmin) };
      if (h.type !== null) headers['content-type'] = h.type ?? 'application/json';
      const t0 = performance.now();
      const res = await w.app.inject({ method: r.method as 'POST', url: r.url, headers, payload });
      slowest = Math.max(slowest, performance.now() - t0);
      if (!h.expect.includes(res.statusCode)) failures.push(`${r.method} ${r.url} → ${res.statusCode} ${res.body.slice(0, 160)}`);
      else if (!/problem\+json/.test(String(res.headers['content-type']))) failures.push(`${r.method} ${r.url}: not a problem document`);
    }
    expect(failures).toEqual([]);
    expect(contentHash(db)).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(slowest).toBeLessThan(5_000);
  }, 120_000);
});

/** Every route that can take a body (DELETE included), with real ids: what an unknown property or a wrong type is sent to. */
function writeRoutes(): { method: string; route: string; url: string }[] {
  return w.app.routeTable
    .filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method))
    .map((r) => ({
      method: r.method,
      route: r.url,
      url: r.url
        .replace(':id', r.url.includes('/records/') ? w.ids.east.records[2]! : r.url.includes('/tasks/') ? w.ids.east.openTasks[0] ?? w.ids.east.tasks[0]! : r.url.includes('/users/') ? w.ids.east.users[0]! : w.ids.east.visitForm)
        .replace(':key', 'visit-report')
        .replace(':index', '0'),
    }));
}

describe('nothing a client sends is coerced or dropped (generated from the route table)', () => {
  it('an unknown property is refused with 422 and its pointer on every route — also those that take no body — and nothing is stored', async () => {
    const db = w.app.svc.store.sqlite;
    const before = contentHash(db);
    const failures: string[] = [];
    const routes = writeRoutes();
    expect(routes.length).toBeGreaterThan(20);
    for (const r of routes) {
      for (const payload of ['{"zzTypo":1}', '{"zz/a~b":true,"zzOther":[1]}']) {
        const res = await w.app.inject({ method: r.method as 'POST', url: r.url, headers: { ...bearer(w.tok.hqAdmin), 'content-type': 'application/json' }, payload });
        const lines = res.statusCode === 422 ? ((res.json().errors ?? []) as { pointer: string; code: string }[]).map((e) => `${e.pointer} ${e.code}`) : [];
        const want = payload.includes('zzTypo') ? ['/zzTypo unknown_property'] : ['/zz~1a~0b unknown_property', '/zzOther unknown_property'];
        if (res.statusCode !== 422 || !want.every((x) => lines.includes(x))) failures.push(`${r.method} ${r.route} ${payload} → ${res.statusCode} ${lines.join('; ') || res.body.slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(contentHash(db), 'a refused body stored something').toBe(before);
  }, 120_000);

  it('a route that takes no body refuses a non-object body too, and still takes none or {}', async () => {
    const db = w.app.svc.store.sqlite;
    const before = contentHash(db);
    const rec = w.ids.east.records[3]!;
    for (const payload of ['[]', '"x"', '1', 'true', '[{"a":1}]']) {
      const res = await w.call('DELETE', `/records/${rec}`, 'hqAdmin', payload);
      expect(`${res.status} ${res.body?.errors?.[0]?.code}`, payload).toBe('422 no_body');
    }
    expect(contentHash(db)).toBe(before);
    expect((await w.call('GET', `/records/${rec}`, 'hqAdmin')).status).toBe(200);
    expect((await w.call('DELETE', `/records/${rec}`, 'hqAdmin', '{}')).status).toBe(204);
    expect((await w.call('DELETE', `/records/${w.ids.east.records[4]!}`, 'hqAdmin')).status).toBe(204);
  });

  it('a scalar of the wrong JSON type is refused with its pointer, never coerced, on every property of every body schema', async () => {
    const doc = (await w.call('GET', '/openapi.json', null)).body as { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, { type?: unknown }> } }> } }>> };
    const db = w.app.svc.store.sqlite;
    const before = contentHash(db);
    const WRONG: Record<string, unknown> = { string: 12345, integer: '1', number: '1.5', boolean: 'true' };
    const failures: string[] = [];
    let probes = 0;
    for (const r of writeRoutes()) {
      const props = doc.paths[r.route.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()]?.requestBody?.content?.['application/json']?.schema?.properties ?? {};
      for (const [name, sub] of Object.entries(props)) {
        const type = typeof sub.type === 'string' ? sub.type : undefined;
        if (!type || !(type in WRONG)) continue;
        probes += 1;
        const res = await w.app.inject({ method: r.method as 'POST', url: r.url, headers: { ...bearer(w.tok.hqAdmin), 'content-type': 'application/json' }, payload: JSON.stringify({ [name]: WRONG[type] }) });
        const pointers = res.statusCode === 422 ? ((res.json().errors ?? []) as { pointer: string }[]).map((e) => e.pointer) : [];
        if (!pointers.includes(`/${name}`)) failures.push(`${r.method} ${r.route} {${name}: ${JSON.stringify(WRONG[type])}} (${type}) → ${res.statusCode} ${res.body.slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(probes).toBeGreaterThan(15);
    expect(contentHash(db)).toBe(before);
  }, 120_000);
});

describe('no request can make the audit chain unverifiable', () => {
  it('text that storage cannot keep (a lone surrogate) in an audited field is refused, signed in or not', async () => {
    const before = (await w.call('GET', '/audit/verify', 'auditor')).body;
    expect(before.ok).toBe(true);
    const event = await w.call('POST', '/events', 'eastAdmin', '{"type":"probe.event","key":"\\ud800"}');
    const login = await w.call('POST', '/auth/login', null, '{"email":"\\ud800@x.example.com","password":"whatever"}');
    expect([event.status, login.status]).toEqual([400, 400]);
    expect((await w.call('GET', '/audit/verify', 'auditor')).body).toEqual({ ok: true, count: before.count });
  });
});

/**
 * Send raw bytes over a socket, piece by piece, stopping as soon as the server answers (a
 * server that refuses a body closes the connection, and writing on would reset it and
 * lose the answer); resolves with what came back when the server closes or after `ms`.
 */
function raw(port: number, pieces: (Buffer | string)[], ms = 3000): Promise<string> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    let got = '';
    const done = () => {
      sock.destroy();
      resolve(got);
    };
    sock.on('data', (b) => (got += b.toString('latin1')));
    sock.on('error', done);
    sock.on('end', done);
    sock.setTimeout(ms, done);
    sock.on('connect', async () => {
      for (const p of pieces) {
        const buf = typeof p === 'string' ? Buffer.from(p, 'latin1') : p;
        for (let i = 0; i < buf.length && !got && !sock.destroyed; i += 64 * 1024) {
          sock.write(buf.subarray(i, i + 64 * 1024));
          await new Promise((r) => setTimeout(r, 1));
        }
      }
    });
  });
}

describe('hostile HTTP against the real server process', () => {
  let dir: string;
  let s: ServerProcess;
  let token: string;
  let form: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'branchline-hostile-'));
    s = await startServer({ db: join(dir, 'b.db'), env: { BRANCHLINE_SEED: 'orgs' } });
    const login = await fetch(`${s.api}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@east.demo', password: 'branchline-demo' }) });
    token = ((await login.json()) as { token: string }).token;
    const def = await fetch(`${s.api}/definitions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ definition: { schemaVersion: 1, kind: 'form', key: 'f', title: { en: 'F' }, fields: [{ key: 'company', type: 'text', label: { en: 'C' } }] } }) });
    form = ((await def.json()) as { id: string }).id;
    await fetch(`${s.api}/definitions/${form}/publish`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  }, 120_000);
  afterAll(async () => {
    await s?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses what it must, survives the rest, and still answers afterwards', async () => {
    const port = Number(new URL(s.url).port);
    const path = `/api/v1/definitions/${form}/records`;
    const head = (extra: string) => `POST ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\n${extra}\r\n`;
    const big = Buffer.alloc(3 * MiB, 'a');
    const statusOf = (text: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);

    // Announced as 3 MiB: refused before it is read.
    expect(statusOf(await raw(port, [head(`Content-Length: ${big.length}\r\n`), big]))).toBe(413);
    // Chunked, no length announced, past the limit.
    const chunk = (b: Buffer) => Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n')]);
    expect(statusOf(await raw(port, [head('Transfer-Encoding: chunked\r\n'), chunk(Buffer.from('{"data":{"company":"')), chunk(big), '0\r\n\r\n']))).toBe(413);
    // Invalid UTF-8 over the wire.
    const bad = Buffer.concat([Buffer.from('{"data":{"company":"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('"}}')]);
    expect(statusOf(await raw(port, [head(`Content-Length: ${bad.length}\r\n`), bad]))).toBe(400);
    // A body shorter than announced, then the client goes away.
    await raw(port, [head('Content-Length: 1000\r\n'), '{"data":'], 300);
    // Garbage instead of HTTP, and a header flood.
    expect(statusOf(await raw(port, ['\u0000\u0001 GARBAGE /// HTTP/9\r\n\r\n']))).toBe(400);
    expect(statusOf(await raw(port, [`GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Flood: ${'a'.repeat(100_000)}\r\n\r\n`]))).toBe(431);
    // Many connections opened and dropped mid-request.
    await Promise.all(Array.from({ length: 50 }, () => raw(port, [head('Content-Length: 50\r\n'), '{"da'], 200)));

    const health = await fetch(`${s.url}/api/v1/health`);
    expect(health.status).toBe(200);
    const records = await fetch(`${s.api}/records?definitionId=${form}`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await records.json()) as { items: unknown[] }).items).toEqual([]);
    expect(s.child.exitCode).toBeNull();
    expect(s.output()).not.toMatch(/uncaught|unhandled|FATAL|heap out of memory/i);
  }, 120_000);
});

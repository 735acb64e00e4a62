/** `branchline export` / `import` against a real server on a real port. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { must } from '../runs/test-kit';
import { bearer, login, testApp } from '../test-support';
import { visitTemplate } from '../test-fixtures';

const run = promisify(execFile);
const bin = join(__dirname, '..', '..', 'bin', 'branchline.mjs');
let dir: string;
let app: FastifyInstance;
let base: string;
let hq: string;
let east: string;
let instanceId: string;

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const r = await run(process.execPath, [bin, ...args], { timeout: 60_000 });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, out: x.stdout, err: x.stderr };
  }
}

/** Per test: its own database file and server on a free port; east's visit-report instance with its own `wechat_id` field. */
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bl-cli-'));
  app = await testApp({ db: join(dir, 'cli.db') });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  hq = await login(app, 'admin@hq.demo');
  east = await login(app, 'admin@east.demo');
  must(await app.inject({ method: 'POST', url: '/api/v1/templates', headers: bearer(hq), payload: { template: visitTemplate(1) } }), 201);
  const inst = must(await app.inject({ method: 'POST', url: '/api/v1/templates/visit-report/instances', headers: bearer(east), payload: {} }), 201);
  instanceId = inst.id as string;
  const def = inst.definition as { fields: object[] };
  def.fields.push({ key: 'wechat_id', type: 'text', label: { 'zh-CN': '微信号', en: 'WeChat ID' } });
  must(await app.inject({ method: 'PUT', url: `/api/v1/definitions/${instanceId}`, headers: bearer(east), payload: { definition: def } }), 200);
});
afterEach(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('branchline export / import', () => {
  it('exports an instance with its template and overlay, and imports it into another branch', async () => {
    const exp = await cli('export', instanceId, '--server', base, '--token', hq);
    expect(exp.code).toBe(0);
    const file = JSON.parse(exp.out);
    expect(file).toMatchObject({ format: 'branchline.definition', kind: 'form', key: 'visit-report', template: { key: 'visit-report', version: 1 }, source: { id: instanceId, orgId: 'east' } });
    expect(file.overlay.changes).toHaveLength(1);
    const path = join(dir, 'visit.json');
    writeFileSync(path, exp.out);
    const imp = await cli('import', path, '--server', base, '--token', hq, '--org', 'south');
    expect(imp.code).toBe(0);
    expect(imp.out).toMatch(/imported visit-report as def_\w+ in south \(draft\)/);
    const list = await app.inject({ url: '/api/v1/definitions?orgId=south', headers: bearer(hq) });
    expect(list.json().items).toHaveLength(1);
    expect(list.json().items[0]).toMatchObject({ key: 'visit-report', template: { key: 'visit-report', version: 1 } });
  });

  it('an import that touches a locked field is refused, printing the pointer; exit 1', async () => {
    const exp = JSON.parse((await cli('export', instanceId, '--server', base, '--token', east)).out);
    exp.definition.fields = exp.definition.fields.filter((f: { key: string }) => f.key !== 'company');
    const path = join(dir, 'bad.json');
    writeFileSync(path, JSON.stringify(exp));
    const imp = await cli('import', path, '--server', base, '--token', east);
    expect(imp.code).toBe(1);
    expect(imp.err).toMatch(/422 locked_element/);
    expect(imp.err).toMatch(/\/file\/definition\/fields\s+locked_field_removed/);
    const list = await app.inject({ url: '/api/v1/definitions', headers: bearer(east) });
    expect(list.json().items.map((d: { id: string }) => d.id)).toEqual([instanceId]);
  });

  it('refuses a bad token, an unknown id and missing options', async () => {
    expect((await cli('export', instanceId, '--server', base, '--token', 'x'.repeat(43))).err).toMatch(/401/);
    const south = await login(app, 'admin@south.demo');
    const r = await cli('export', instanceId, '--server', base, '--token', south);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/404 definition_not_found/);
    expect((await cli('export', instanceId)).code).toBe(2);
  });
});

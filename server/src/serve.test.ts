/**
 * `npm start`'s entry, server/bin/serve.mjs: the bundled server (built into
 * node_modules/.cache/branchline when missing or stale) serves like main.ts does —
 * migrations, the docs page's own files, a submission with its workflow run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CUSTOMER_REGISTRATION } from '@branchline/templates';

const dir = mkdtempSync(join(tmpdir(), 'bl-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('server/bin/serve.mjs', () => {
  it('runs the bundled server: docs assets, sign-in, a submission with its grading run, a clean stop', async () => {
    const child = spawn(process.execPath, [join(__dirname, '..', 'bin', 'serve.mjs')], {
      env: { ...process.env, BRANCHLINE_DB: join(dir, 'x.db'), BRANCHLINE_SEED: 'base', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setInterval(() => {
          const m = /ready at (http:\/\/[\d.:]+)/.exec(out);
          if (m) {
            clearInterval(timer);
            resolve(m[1]!);
          }
        }, 50);
        void exited.then((code) => {
          clearInterval(timer);
          reject(new Error(`exited (${code}):\n${out}`));
        });
      });
      expect(out).not.toMatch(/could not bundle/);
      const api = async (method: string, path: string, token?: string, body?: unknown) => {
        const res = await fetch(`${url}/api/v1${path}`, {
          method,
          headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      };
      expect((await fetch(`${url}/docs/static/logo.svg`)).status).toBe(200);
      expect(Object.keys(((await api('GET', '/openapi.json')).body.paths as object) ?? {})).toContain('/api/v1/definitions/{id}/records');
      const token = async (email: string) => (await api('POST', '/auth/login', undefined, { email, password: 'branchline-demo' })).body.token as string;
      const form = (await api('POST', `/templates/${CUSTOMER_REGISTRATION.key}/instances`, await token('admin@east.demo'), { publish: true })).body.id as string;
      const rep = await token('rep@east.demo');
      const data = { company_name: 'ACME', credit_code: '91310000MA1FL8XQ3B', region: 'east', industry: 'manufacturing', contact_name: '王芳', contact_phone: '+86 138 0013 8000', contact_email: 'w@acme.example.com', data_source: 'referral', privacy_consent: true, privacy_policy_version: '2026-01', arr: 600000, usage_rate: 90, arr_growth: 12 };
      const created = await api('POST', `/definitions/${form}/records`, rep, { data });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ orgId: 'east', definitionId: form, rev: 1, data: { ...data, tier: 'S' } });
      const runs = await api('GET', `/runs?recordId=${created.body.id as string}`, rep);
      expect((runs.body.items as { workflowKey: string; status: string }[]).map((r) => [r.workflowKey, r.status])).toEqual([['customer-grading', 'waiting']]);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 120_000);
});

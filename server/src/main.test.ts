/** `npm start`'s server process: first start seeds and prints the demo logins, SIGTERM shuts it down cleanly, a restart keeps the data. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'bl-main-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Start main.ts; resolves with its address once it says it is ready. */
function start(env: Record<string, string>): Promise<{ url: string; out: () => string; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'main.ts')], { env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /ready at (http:\/\/[\d.:]+)/.exec(out);
      if (m) {
        clearInterval(timer);
        resolve({ url: m[1]!, out: () => out, stop: () => (child.kill('SIGTERM'), exited) });
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`server exited (${code}) before it was ready:\n${out}`));
    });
  });
}

describe('server process', () => {
  it('first start seeds the demo and prints the logins; SIGTERM exits 0 and checkpoints; a restart keeps the data', async () => {
    const db = join(dir, 'data', 'branchline.db');
    const first = await start({ BRANCHLINE_DB: db });
    expect(first.out()).toMatch(/admin@hq\.demo\s+hq_admin/);
    expect(first.out()).toMatch(/branchline-demo/);
    const login = await fetch(`${first.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'rep@east.demo', password: 'branchline-demo' }) });
    const { token } = (await login.json()) as { token: string };
    const records = (await (await fetch(`${first.url}/api/v1/records?limit=5`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: unknown[] };
    expect(records.items).toHaveLength(5);
    // Live work on a fresh demo: the rep's inbox holds the follow-ups of three customers registered at start (S 1 h, A 4 h, B 24 h).
    const inbox = (await (await fetch(`${first.url}/api/v1/tasks?assignee=me&status=open`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: { dueAt: string; createdAt: string; recordId: string }[] };
    const hours = inbox.items.map((t) => Math.round((Date.parse(t.dueAt) - Date.parse(t.createdAt)) / 3_600_000)).sort((a, b) => a - b);
    expect(hours).toEqual([1, 4, 24]);
    expect(await first.stop()).toBe(0);
    // A clean shutdown checkpoints the WAL into the database file.
    expect(!existsSync(`${db}-wal`) || statSync(`${db}-wal`).size === 0).toBe(true);

    const second = await start({ BRANCHLINE_DB: db });
    expect(second.out()).not.toMatch(/Demo logins/);
    const me = await fetch(`${second.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(await second.stop()).toBe(0);
  }, 120_000);

  it('BRANCHLINE_SEED=none starts with an empty database', async () => {
    const s = await start({ BRANCHLINE_DB: join(dir, 'empty.db'), BRANCHLINE_SEED: 'none' });
    try {
      expect(s.out()).not.toMatch(/Demo logins/);
      const login = await fetch(`${s.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@hq.demo', password: 'branchline-demo' }) });
      expect(login.status).toBe(401);
    } finally {
      expect(await s.stop()).toBe(0);
    }
  }, 60_000);
});

describe('BRANCHLINE_TRUST_PROXY', () => {
  it('a bad value stops the start with a message naming the setting and the value', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'main.ts')], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', BRANCHLINE_DB: join(dir, 'never.db'), BRANCHLINE_SEED: 'none', BRANCHLINE_TRUST_PROXY: '10.0.0.0/8,proxy.internal' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(err).toContain('Branchline did not start: BRANCHLINE_TRUST_PROXY: "proxy.internal" is not an IP address');
    expect(existsSync(join(dir, 'never.db'))).toBe(false);
  }, 60_000);

  it('set to the proxy, X-Forwarded-For decides which client a sign-in limit counts', async () => {
    const s = await start({ BRANCHLINE_DB: join(dir, 'proxied.db'), BRANCHLINE_SEED: 'orgs', BRANCHLINE_TRUST_PROXY: 'loopback' });
    try {
      const attempt = async (xff: string) => (await fetch(`${s.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': xff }, body: JSON.stringify({ email: 'rep@east.demo', password: 'not-the-password' }) })).status;
      const codes: number[] = [];
      for (let i = 0; i < 11; i++) codes.push(await attempt('203.0.113.7'));
      expect(codes).toEqual([...Array<number>(10).fill(401), 429]);
      expect(await attempt('198.51.100.9')).toBe(401);
    } finally {
      expect(await s.stop()).toBe(0);
    }
  }, 120_000);
});

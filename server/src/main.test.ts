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

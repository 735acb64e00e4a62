/**
 * Benchmark support for the server suite: start the real server (`server/bin/serve.mjs`
 * → `server/src/main.ts`, as `npm start` does) in a child process pinned to one core, wait for /health, call it
 * over HTTP, and run autocannon pinned to the other core.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TASKSET = '/usr/bin/taskset';

/** `cmd args` pinned to `core` when taskset exists (Linux), else unpinned. */
function pinned(core: number, cmd: string, args: string[]): [string, string[]] {
  return existsSync(TASKSET) ? [TASKSET, ['-c', String(core), cmd, ...args]] : [cmd, args];
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
export function cpuSeconds(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in USER_HZ (100 on Linux)
  } catch {
    return Number.NaN;
  }
}

export interface Server {
  readonly url: string;
  readonly child: ChildProcess;
  /** Milliseconds from spawn until /api/v1/health answered 200. */
  readonly readyMs: number;
  stop(): Promise<void>;
}

/**
 * Start `npm start`'s entry on `db` — pinned to core 0 unless `pin` is false (a restart is
 * measured as `npm start` runs: unpinned) — and resolve once /api/v1/health answers.
 */
export async function startServer(db: string, env: Record<string, string> = {}, pin = true): Promise<Server> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  // What `npm start` runs (scripts/start.mjs): server/src/main.ts through tsx, dependencies preloaded.
  const node: [string, string[]] = [process.execPath, [join(ROOT, 'server/bin/serve.mjs')]];
  const [cmd, args] = pin ? pinned(0, ...node) : node;
  const child = spawn(cmd, args, {
    cwd: ROOT,
    env: { ...process.env, BRANCHLINE_DB: db, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += c));
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`server exited (${code}): ${stderr.slice(-500)}`))));
  const ready = (async () => {
    for (;;) {
      try {
        const res = await fetch(`${url}/api/v1/health`);
        if (res.status === 200) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  const readyMs = await Promise.race([ready, exited, timeout(60_000, 'server start')]);
  exited.catch(() => undefined);
  return {
    url,
    child,
    readyMs,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

function timeout(ms: number, what: string): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms).unref());
}

/** JSON over HTTP with a bearer token; throws on an unexpected status. */
export async function api(url: string, method: string, path: string, token: string | null, body?: unknown, expect = [200, 201, 202]): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}/api/v1${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (!expect.includes(res.status)) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 300)}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export const login = async (url: string, email: string, password: string) => (await api(url, 'POST', '/auth/login', null, { email, password })).token as string;

export interface LoadResult {
  reqPerS: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  total2xx: number;
}

/** autocannon on core 1: `connections` connections for `seconds`, POSTing `body`. */
export async function load(url: string, opts: { connections: number; seconds: number; headers: Record<string, string>; body: string }): Promise<LoadResult> {
  const args = [join(ROOT, 'node_modules/autocannon/autocannon.js'), '-c', String(opts.connections), '-d', String(opts.seconds), '-m', 'POST', '-j', '-b', opts.body];
  for (const [k, v] of Object.entries(opts.headers)) args.push('-H', `${k}=${v}`);
  args.push(url);
  const [cmd, a] = pinned(1, process.execPath, args);
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(cmd, a, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.once('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`autocannon exited ${code}: ${stderr.slice(-300)}`))));
  });
  const r = JSON.parse(out) as { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number; timeouts: number; '2xx': number };
  return { reqPerS: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors + r.timeouts, total2xx: r['2xx'] };
}

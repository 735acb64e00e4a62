/**
 * The real server as `npm start` runs it — `node --import tsx server/src/main.ts` in a
 * child process on a file database — for the proofs that need a process to kill, a log
 * to read or a resident set to measure. Everything it prints is kept.
 *
 * @example
 * const s = await startServer({ db: '/tmp/x/branchline.db', env: { BRANCHLINE_SEED: 'base' } });
 * const res = await fetch(`${s.url}/api/v1/health`);
 * s.kill('SIGKILL'); await s.exited;
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const MAIN = join(ROOT, 'server/src/main.ts');

export interface ServerProcess {
  readonly url: string;
  readonly api: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  readonly exited: Promise<number | string>;
  /** Send a signal and wait for the exit. */
  kill(signal: NodeJS.Signals): Promise<number | string>;
  /** Resident set size in KiB, from /proc (Linux). */
  rssKb(): number;
}

export interface StartOptions {
  db: string;
  env?: Record<string, string>;
  /** How long to wait for "ready at" (default 90 s: the box is shared and tsx compiles on first start). */
  timeoutMs?: number;
  /** Extra node flags before the entry (e.g. instrumentation the soak loads). */
  nodeArgs?: string[];
}

/** Start main.ts on `db` on an ephemeral port; resolves once it prints its address. */
export function startServer(opts: StartOptions): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', MAIN], {
    cwd: ROOT,
    env: { ...process.env, BRANCHLINE_DB: opts.db, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', BRANCHLINE_SEED: 'base', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | string>((res) => child.on('exit', (code, signal) => res(code ?? signal ?? 'unknown')));
  return new Promise((resolvePromise, reject) => {
    const deadline = setTimeout(() => {
      clearInterval(poll);
      child.kill('SIGKILL');
      reject(new Error(`server did not get ready in time:\n${out}`));
    }, opts.timeoutMs ?? 90_000);
    const poll = setInterval(() => {
      const m = /ready at (http:\/\/[\d.:]+)/.exec(out);
      if (!m) return;
      clearInterval(poll);
      clearTimeout(deadline);
      const url = m[1]!;
      resolvePromise({
        url,
        api: `${url}/api/v1`,
        pid: child.pid!,
        child,
        output: () => out,
        exited,
        kill: (signal) => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
        rssKb: () => rssKb(child.pid!),
      });
    }, 25);
    void exited.then((code) => {
      clearInterval(poll);
      clearTimeout(deadline);
      reject(new Error(`server exited (${code}) before it was ready:\n${out}`));
    });
  });
}

export function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(status);
  return m ? Number(m[1]) : Number.NaN;
}

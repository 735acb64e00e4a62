/**
 * A small HTTP client for the API of a server process: signs the demo users in once
 * (tokens survive restarts: they live in the database) and calls routes with JSON.
 * The base URL can change (a restarted process listens on a new port).
 */
import { DEMO_PASSWORD } from '../../../server/src/seed/seed';

export interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
  ms: number;
}

export class Client {
  readonly tokens = new Map<string, string>();
  constructor(public api: string) {}

  async login(email: string, password = DEMO_PASSWORD): Promise<string> {
    const res = await this.call('POST', '/auth/login', null, { email, password });
    if (res.status !== 200) throw new Error(`sign-in of ${email} failed: ${res.status} ${res.text}`);
    const token = (res.body as { token: string }).token;
    this.tokens.set(email, token);
    return token;
  }

  /** Call a route as `who` (an email that signed in, or null); `body` is sent as JSON. */
  async call<T = Record<string, unknown>>(method: string, path: string, who: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const h: Record<string, string> = { ...headers };
    if (who) h.authorization = `Bearer ${this.tokens.get(who) ?? who}`;
    if (body !== undefined) h['content-type'] ??= 'application/json';
    const t0 = performance.now();
    const res = await fetch(`${this.api}${path}`, { method, headers: h, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
    const text = await res.text();
    const ms = performance.now() - t0;
    let parsed: unknown = undefined;
    if (text && /json/.test(res.headers.get('content-type') ?? '')) parsed = JSON.parse(text);
    return { status: res.status, body: parsed as T, text, headers: res.headers, ms };
  }

  /** The body of a reply with the expected status, or an error naming what came back. */
  async must<T = Record<string, unknown>>(status: number, method: string, path: string, who: string | null, body?: unknown): Promise<T> {
    const r = await this.call<T>(method, path, who, body);
    if (r.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${r.status}: ${r.text.slice(0, 500)}`);
    return r.body;
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll `what` until it holds, or fail after `ms` with the last value's description. */
export async function until(what: () => Promise<boolean | string> | boolean | string, ms: number, every = 200): Promise<void> {
  const end = Date.now() + ms;
  let last: boolean | string = false;
  for (;;) {
    last = await what();
    if (last === true) return;
    if (Date.now() > end) throw new Error(`condition not met in ${ms} ms${typeof last === 'string' ? `: ${last}` : ''}`);
    await sleep(every);
  }
}

/**
 * Talking to a running Branchline server from the CLI: `--server URL` and `--token T`
 * (or BRANCHLINE_SERVER / BRANCHLINE_TOKEN), JSON in and out, problem+json errors
 * printed with their pointers.
 */
export interface RemoteOptions {
  server: string;
  token: string;
  rest: string[];
  flags: Record<string, string>;
}

/** Split `--name value` flags from positional arguments. */
export function parseRemote(args: string[], extraFlags: string[] = []): RemoteOptions | string {
  const flags: Record<string, string> = {};
  const rest: string[] = [];
  const known = ['--server', '--token', ...extraFlags];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (known.includes(a)) {
      const v = args[++i];
      if (v === undefined) return `${a} needs a value`;
      flags[a.slice(2)] = v;
    } else if (a.startsWith('--')) return `unknown option ${a}`;
    else rest.push(a);
  }
  const server = (flags.server ?? process.env.BRANCHLINE_SERVER ?? '').replace(/\/+$/, '');
  const token = flags.token ?? process.env.BRANCHLINE_TOKEN ?? '';
  if (!server) return 'give --server URL (or set BRANCHLINE_SERVER)';
  if (!token) return 'give --token T (or set BRANCHLINE_TOKEN); get one with POST /api/v1/auth/login';
  return { server, token, rest, flags };
}

interface ProblemBody {
  title?: string;
  detail?: string;
  code?: string;
  errors?: { pointer: string; code: string; message: string }[];
}

/** Call the API; returns the parsed body, or prints the problem and returns undefined. */
export async function callApi(o: RemoteOptions, method: string, path: string, body?: unknown): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(`${o.server}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${o.token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    process.stderr.write(`cannot reach ${o.server}: ${(error as Error).message}\n`);
    return undefined;
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (res.ok) return json;
  const p = (json ?? {}) as ProblemBody;
  process.stderr.write(`${res.status} ${p.code ?? ''} ${p.title ?? text.slice(0, 200)}${p.detail ? ` — ${p.detail}` : ''}\n`);
  for (const e of p.errors ?? []) process.stderr.write(`  ${e.pointer || '/'}  ${e.code}  ${e.message}\n`);
  return undefined;
}

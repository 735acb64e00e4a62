/**
 * The hosts HTTP call nodes may reach: `BRANCHLINE_HTTP_ALLOW`, a comma list of
 * `host`, `host:port` or `*.domain` entries. Empty (the default) refuses every call.
 *
 * @example
 * const allow = parseAllowList('crm.example.com, 127.0.0.1:8080, *.hooks.example.org');
 * hostAllowed(allow, new URL('https://crm.example.com/api'))  // true
 * hostAllowed(allow, new URL('http://127.0.0.1:9090/'))       // false: another port
 */
export interface AllowEntry {
  readonly host: string;
  readonly port?: string;
  readonly wildcard: boolean;
}
export type AllowList = readonly AllowEntry[];

export function parseAllowList(text: string | undefined): AllowList {
  if (!text) return [];
  const out: AllowEntry[] = [];
  for (const raw of text.split(',')) {
    const item = raw.trim().toLowerCase();
    if (!item) continue;
    const m = /^(\*\.)?(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/.exec(item);
    if (!m) throw new Error(`BRANCHLINE_HTTP_ALLOW: "${raw.trim()}" is not a host, host:port or *.domain`);
    out.push({ host: m[2]!, wildcard: m[1] !== undefined, ...(m[3] ? { port: m[3] } : {}) });
  }
  return out;
}

const defaultPort = (u: URL) => u.port || (u.protocol === 'https:' ? '443' : '80');

export function hostAllowed(allow: AllowList, url: URL): boolean {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (url.username || url.password) return false;
  const host = url.hostname.toLowerCase();
  return allow.some((e) => (e.wildcard ? host.endsWith(`.${e.host}`) : host === e.host) && (e.port === undefined || e.port === defaultPort(url)));
}

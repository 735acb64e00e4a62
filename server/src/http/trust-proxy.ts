/**
 * `BRANCHLINE_TRUST_PROXY`: which reverse proxies' `X-Forwarded-For` / `-Proto` / `-Host`
 * the server believes, as fastify's `trustProxy` takes it. Off by default: without it a client
 * could pick its own IP (and dodge the sign-in limits) by sending the header; with a proxy in
 * front and without it, every user shares the proxy's IP (and its sign-in limits).
 *
 * - unset, empty or `false`: trust no proxy (`request.ip` is the peer address);
 * - `true`: trust every hop — the client IP is then the leftmost X-Forwarded-For entry, which a
 *   client can write itself; only when nothing but the proxy can reach the server;
 * - a comma-separated list of addresses, CIDRs (`10.0.0.0/8`, `fd00::/8`) or the names
 *   `loopback`, `linklocal`, `uniquelocal`: trust those proxies (the client IP is the nearest
 *   address that is not one of them) — the recommended form.
 * A hop count (`1`) is refused: fastify ≥ 5.12.1 dropped hop-count trust, since it cannot tell
 * the proxy from a client that writes the header itself, and treats a number as "trust nothing".
 * Accepting it would silently leave every user on the proxy's IP.
 */
import { isIP } from 'node:net';

export type TrustProxy = boolean | string[];

const NAMED = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** The setting as fastify's `trustProxy` takes it, or an Error saying what is wrong. */
export function parseTrustProxy(raw: string | undefined, name = 'BRANCHLINE_TRUST_PROXY'): TrustProxy {
  const v = (raw ?? '').trim();
  if (v === '' || v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) {
    throw new Error(
      `${name}: a hop count ("${v}") is not supported — fastify no longer trusts proxies by hop count, since a client could write the header itself. ` +
        'Name the proxy instead: its address or CIDR (e.g. "10.0.0.5" or "10.0.0.0/8"), "loopback" for a proxy on the same host, or true when only the proxy can reach the server.',
    );
  }
  const entries = v.split(',').map((s) => s.trim());
  const bad = entries.filter((e) => !validEntry(e));
  if (bad.length > 0) {
    throw new Error(
      `${name}: ${bad.map((b) => `"${b}"`).join(', ')} ${bad.length === 1 ? 'is' : 'are'} not an IP address, CIDR range or one of loopback, linklocal, uniquelocal. ` +
        'Use true, false, a hop count (e.g. 1) or a comma-separated list such as "127.0.0.1,10.0.0.0/8".',
    );
  }
  return entries;
}

function validEntry(e: string): boolean {
  if (NAMED.has(e)) return true;
  const slash = e.indexOf('/');
  if (slash < 0) return isIP(e) !== 0;
  const family = isIP(e.slice(0, slash));
  const suffix = e.slice(slash + 1);
  if (family === 0) return false;
  if (/^\d{1,3}$/.test(suffix)) return Number(suffix) <= (family === 4 ? 32 : 128);
  // proxy-addr also takes an IPv4 netmask: 10.0.0.0/255.0.0.0
  return family === 4 && isIP(suffix) === 4;
}

/** BRANCHLINE_TRUST_PROXY: what it accepts, and that it decides which IP the sign-in limits count. */
import { describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { parseTrustProxy } from './trust-proxy';
import { testApp } from '../test-support';

describe('parseTrustProxy', () => {
  it('is off when unset, empty or false', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('')).toBe(false);
    expect(parseTrustProxy(' false ')).toBe(false);
  });
  it('takes true and a comma-separated list of addresses, CIDRs, netmasks and the named ranges', () => {
    expect(parseTrustProxy('true')).toBe(true);
    expect(parseTrustProxy('127.0.0.1')).toEqual(['127.0.0.1']);
    expect(parseTrustProxy(' 10.0.0.0/8, ::1 ,fd00::/8,192.168.0.0/255.255.0.0,loopback,uniquelocal')).toEqual(['10.0.0.0/8', '::1', 'fd00::/8', '192.168.0.0/255.255.0.0', 'loopback', 'uniquelocal']);
  });
  it('refuses anything else, naming the setting and each bad entry', () => {
    for (const bad of ['yes', 'TRUE', '10.0.0.0/33', '::1/129', '10.0.0/8', '10.0.0.1,,10.0.0.2', 'proxy.local', '10.0.0.0/abc', '1.2.3.4/']) {
      expect(() => parseTrustProxy(bad), bad).toThrow(/^BRANCHLINE_TRUST_PROXY: .*not an IP address, CIDR range/);
    }
    expect(() => parseTrustProxy('10.0.0.1,nope,10.0.0.0/99')).toThrow('"nope", "10.0.0.0/99" are not an IP address');
  });
  it('refuses a hop count with the reason and what to use instead (fastify treats a number as trust nothing)', () => {
    for (const n of ['0', '1', '2']) expect(() => parseTrustProxy(n)).toThrow(/hop count .* not supported.*Name the proxy instead/);
  });
});

/** Failed sign-ins from a client at `xff` (the request itself comes from 127.0.0.1, like a local proxy). */
async function attempt(app: FastifyInstance, xff: string): Promise<number> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': xff }, payload: { email: 'rep@east.demo', password: 'wrong-password' } });
  return res.statusCode;
}

describe('which IP the sign-in limit counts', () => {
  it.each([
    ['the proxy address', ['127.0.0.1']],
    ['loopback', ['loopback']],
    ['true', true],
  ] as const)('trusting %s: X-Forwarded-For decides the limited IP', async (_, trustProxy) => {
    const app = await testApp({ loginMax: 2, trustProxy: trustProxy as boolean | string[] });
    try {
      expect([await attempt(app, '203.0.113.7'), await attempt(app, '203.0.113.7'), await attempt(app, '203.0.113.7')]).toEqual([401, 401, 429]);
      // Another client behind the same proxy has its own limit.
      expect(await attempt(app, '198.51.100.9')).toBe(401);
      // The limited client writes its own X-Forwarded-For ("10.9.9.9"); the proxy appends the real one.
      // Trusting named proxies, the nearest untrusted hop is the client: still limited. Trusting every
      // hop, the leftmost entry is believed — the spoof works, which is why `true` is for a server only
      // the proxy can reach.
      expect(await attempt(app, '10.9.9.9, 203.0.113.7')).toBe(trustProxy === true ? 401 : 429);
    } finally {
      await app.close();
    }
  });

  it('trusting another proxy address: the header from 127.0.0.1 is ignored', async () => {
    const app = await testApp({ loginMax: 2, trustProxy: ['10.0.0.5'] });
    try {
      expect([await attempt(app, '203.0.113.7'), await attempt(app, '203.0.113.7'), await attempt(app, '198.51.100.9')]).toEqual([401, 401, 429]);
    } finally {
      await app.close();
    }
  });

  it('by default the header is ignored: every client behind the proxy shares its IP and its limit', async () => {
    const app = await testApp({ loginMax: 2 });
    try {
      expect([await attempt(app, '203.0.113.7'), await attempt(app, '203.0.113.7'), await attempt(app, '198.51.100.9')]).toEqual([401, 401, 429]);
    } finally {
      await app.close();
    }
  });
});

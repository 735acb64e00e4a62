/** The HTTP node's allow-list: exact hosts, ports, wildcards, and what is never allowed. */
import { describe, expect, it } from 'vitest';
import { hostAllowed, parseAllowList } from './allow-list';

const allow = parseAllowList(' CRM.example.com, 127.0.0.1:8080, *.hooks.example.org, [::1]:9000 ');
const ok = (url: string) => hostAllowed(allow, new URL(url));

describe('HTTP allow-list', () => {
  it('allows the listed hosts, on the listed port or the scheme default', () => {
    expect(ok('https://crm.example.com/api')).toBe(true);
    expect(ok('http://crm.example.com/api')).toBe(true);
    expect(ok('http://127.0.0.1:8080/x')).toBe(true);
    expect(ok('https://a.hooks.example.org/x')).toBe(true);
    expect(ok('https://a.b.hooks.example.org/x')).toBe(true);
    expect(ok('http://[::1]:9000/x')).toBe(true);
  });

  it('refuses everything else: other hosts, ports, look-alikes, credentials, other schemes', () => {
    for (const url of [
      'http://127.0.0.1:9090/x', // another port
      'http://127.0.0.1/x', // default port, not 8080
      'http://localhost:8080/x', // another name for the same machine
      'https://hooks.example.org/x', // the wildcard's own domain is not below it
      'https://evilhooks.example.org/x',
      'https://crm.example.com.evil.net/x',
      'https://evil.net/crm.example.com',
      'https://user:pw@crm.example.com/x', // credentials in the URL
      'ftp://crm.example.com/x',
      'file:///etc/passwd',
      'http://[::1]/x',
      'http://169.254.169.254/latest/meta-data/',
    ]) expect(ok(url), url).toBe(false);
  });

  it('is empty by default, refusing every call; a malformed entry stops the start', () => {
    expect(hostAllowed(parseAllowList(undefined), new URL('http://127.0.0.1/'))).toBe(false);
    expect(hostAllowed(parseAllowList(''), new URL('https://crm.example.com/'))).toBe(false);
    for (const bad of ['http://crm.example.com', 'crm.example.com/path', 'a b', 'host:port']) expect(() => parseAllowList(bad), bad).toThrow(/BRANCHLINE_HTTP_ALLOW/);
  });
});

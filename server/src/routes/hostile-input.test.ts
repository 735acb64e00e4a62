/**
 * No 5xx for anything a client can send: random JSON bodies, ids and query strings on
 * every route of the route table, as an HQ admin (who passes every permission check, so
 * the handlers themselves are exercised), against real entities.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { must } from '../runs/test-kit';
import { bearer, login, testApp } from '../test-support';
import { visitTemplate } from '../test-fixtures';

let app: FastifyInstance;
let hq: string;
let ids: { definition: string; record: string };
beforeEach(async () => {
  app = await testApp();
  hq = await login(app, 'admin@hq.demo');
  must(await app.inject({ method: 'POST', url: '/api/v1/templates', headers: bearer(hq), payload: { template: visitTemplate(1) } }), 201);
  const definition = must(await app.inject({ method: 'POST', url: '/api/v1/templates/visit-report/instances', headers: bearer(hq), payload: { orgId: 'east', publish: true } }), 201).id as string;
  const record = must(await app.inject({ method: 'POST', url: `/api/v1/definitions/${definition}/records`, headers: bearer(hq), payload: { data: { company: 'Acme', region: 'east' } } }), 201).id as string;
  ids = { definition, record };
});
afterEach(() => app?.close());

const json = fc.jsonValue({ maxDepth: 4 });
/** Bodies shaped like what the routes take, with random values, plus anything at all. */
const body = fc.oneof(
  json,
  fc.record({ data: json }, { requiredKeys: [] }),
  fc.record({ definition: json, orgId: fc.oneof(fc.constantFrom('east', 'south', 'hq'), fc.string()) }, { requiredKeys: [] }),
  fc.record({ template: json, upgradeDeadline: fc.string() }, { requiredKeys: [] }),
  fc.record({ file: json, to: json, force: json, rev: json, comment: json, publish: json }, { requiredKeys: [] }),
);
/** `null` = the real entity of the route; otherwise a random id. */
const idLike = fc.oneof(fc.constant(null), fc.constant(null), fc.string({ minLength: 1, maxLength: 30 }));
const query = fc.dictionary(fc.constantFrom('limit', 'cursor', 'q', 'orgId', 'version', 'to', 'from', 'kind', 'status', 'definitionId', 'x'), fc.string({ maxLength: 20 }), { maxKeys: 3 });

describe('hostile input', () => {
  it('never answers 5xx on any route, whatever the body, id or query', async () => {
    const routes = app.routeTable.filter((r) => r.permission !== 'public' && !r.url.endsWith('/logout'));
    const runs = Number(process.env.FUZZ_RUNS ?? 40);
    const failures: string[] = [];
    for (const r of routes) {
      await fc.assert(
        fc.asyncProperty(body, idLike, query, async (b, id, q) => {
          const real = r.url.startsWith('/api/v1/records/') ? ids.record : ids.definition;
          const path = r.url.replace(':id', encodeURIComponent(id ?? real)).replace(':key', encodeURIComponent(id ?? 'visit-report'));
          const qs = new URLSearchParams(q).toString();
          const withBody = r.method === 'POST' || r.method === 'PUT' || r.method === 'PATCH';
          const res = await app.inject({ method: r.method as 'GET', url: qs ? `${path}?${qs}` : path, headers: bearer(hq), ...(withBody ? { payload: JSON.stringify(b), headers: { ...bearer(hq), 'content-type': 'application/json' } } : {}) });
          if (res.statusCode >= 500) failures.push(`${r.method} ${r.url} ${JSON.stringify(b).slice(0, 200)} ${qs} → ${res.statusCode} ${res.body.slice(0, 200)}`);
          return res.statusCode < 500;
        }),
        { numRuns: runs },
      ).catch(() => undefined);
    }
    expect(failures.slice(0, 5)).toEqual([]);
    const verify = await app.inject({ url: '/api/v1/audit/verify', headers: bearer(hq) });
    expect(verify.json().ok).toBe(true);
  }, 300_000);
});

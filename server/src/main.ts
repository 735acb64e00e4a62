/**
 * `npm start`: open (or create) the database, seed the demo organisation on first start,
 * serve the API and the editor, and shut down cleanly on SIGTERM / SIGINT.
 *
 * BRANCHLINE_DB (default ./data/branchline.db), PORT (3000), HOST (127.0.0.1),
 * BRANCHLINE_SEED (demo; `none` starts with an empty database, `orgs` / `base` seed the demo
 * orgs and users / and HQ's templates without demo records), LOG_LEVEL (info),
 * BRANCHLINE_HTTP_ALLOW (hosts HTTP call nodes may reach), BRANCHLINE_POLL_MS (timer and
 * outbox poll, 250), BRANCHLINE_OUTBOX_LEASE_MS (how long a claimed HTTP call waits before
 * another attempt may re-send it, 60000), BRANCHLINE_TRUST_PROXY (reverse proxies whose
 * X-Forwarded-For gives the client IP: off by default; `true` or a comma list of addresses /
 * CIDRs / loopback — see http/trust-proxy.ts; a bad value stops the start).
 */
import { resolve } from 'node:path';
import { buildApp } from './app';
import { parseTrustProxy, type TrustProxy } from './http/trust-proxy';
import { DEMO_PASSWORD, DEMO_USERS, type SeedLevel } from './seed/seed';
import { seedLiveWork } from './seed/live-work';

const dbFile = resolve(process.env.BRANCHLINE_DB ?? './data/branchline.db');
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const SEED_LEVELS: readonly SeedLevel[] = ['none', 'orgs', 'base', 'demo'];
const seedLevel = SEED_LEVELS.find((l) => l === process.env.BRANCHLINE_SEED) ?? 'demo';
const positive = (name: string) => {
  const v = process.env[name];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number of milliseconds, not "${v}"`);
  return n;
};
const pollMs = positive('BRANCHLINE_POLL_MS');
const leaseMs = positive('BRANCHLINE_OUTBOX_LEASE_MS');
let trustProxy: TrustProxy;
try {
  trustProxy = parseTrustProxy(process.env.BRANCHLINE_TRUST_PROXY);
} catch (err) {
  console.error(`Branchline did not start: ${(err as Error).message}`);
  process.exit(1);
}

const started = Date.now();
const app = await buildApp({
  db: dbFile,
  seed: seedLevel,
  logger: { level: process.env.LOG_LEVEL ?? 'info' },
  runs: { ...(pollMs ? { pollMs } : {}), ...(leaseMs ? { leaseMs } : {}) },
  trustProxy,
});
const seeded = app.svc.meta.seeded;
// A fresh demo: a few customers registered now, so the reps' inboxes show live follow-ups.
if (seeded && seedLevel === 'demo') await seedLiveWork(app.svc);

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  app.log.info({ signal }, 'shutting down');
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  try {
    await app.close();
    process.exit(0);
  } catch (err) {
    app.log.error({ err }, 'shutdown failed');
    process.exit(1);
  }
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

const address = await app.listen({ port, host });
const lines: string[] = [];
if (seeded) {
  lines.push(`Demo logins (password "${DEMO_PASSWORD}"):`);
  for (const u of DEMO_USERS) lines.push(`  ${u.email.padEnd(22)} ${u.role.padEnd(13)} ${u.orgId}`);
}
lines.push(`Branchline is ready at ${address} (API ${address}/api/v1, docs ${address}/docs) — database ${dbFile}, ${Date.now() - started} ms`);
console.log(lines.join('\n'));

/**
 * The short soak that `npm test` runs (the full ten minutes: `npm run test:soak`, see
 * tests/soak/soak.ts): the real server process under a steady mix of submissions, reads,
 * reports, task completions and events for SOAK_SECONDS (default 25) — zero errors, the
 * WAL checkpointed, memory and p99 latency within bounds after warm-up, the audit chain
 * intact, nothing left overdue in the outbox.
 */
import { describe, expect, it } from 'vitest';
import { describeSoak, runSoak } from '../soak/soak-core';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 25);
const RATE = Number(process.env.SOAK_RATE ?? 30);

describe('soak (short form)', () => {
  it(`${SECONDS} s of mixed load at ${RATE} req/s: zero errors, WAL bounded, memory and p99 steady`, async () => {
    const r = await runSoak({ seconds: SECONDS, rate: RATE });
    console.log(describeSoak(r));
    expect(r.errors.slice(0, 5)).toEqual([]);
    expect(r.requests).toBeGreaterThan(SECONDS * RATE * 0.8);
    expect(r.auditOk).toBe(true);
    expect(r.outboxPending).toBe(0);
    expect(r.verdict.walBounded).toBe(true);
    expect(r.verdict.p99Stable).toBe(true);
    // In 25 s the process is still warming (JIT, caches); the short form bounds growth loosely, the full run holds it to 10 %.
    expect(r.rss.growth).toBeLessThan(SECONDS >= 300 ? 0.1 : 0.5);
  }, (SECONDS + 180) * 1000);
});

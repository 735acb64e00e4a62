/**
 * A first demo start also leaves live work in the reps' inboxes. The seeded history
 * records start no workflow runs (they are months old); so, once the run engine is up,
 * each branch rep registers three customers "now" through the same path as
 * `POST /definitions/:id/records` — validation, the computed tier, and HQ's mandatory
 * customer-grading run with its follow-up task (S due in 1 h, A in 4 h, B in 24 h) — and
 * `rep@east.demo` signs in to follow-ups with running SLA countdowns.
 */
import { contextFor } from '../policy/plugin';
import { toSessionUser } from '../repos/users';
import { insertRecord, validateSubmission } from '../domain/records';
import type { Services } from '../services';
import { demoCustomer, prng } from './demo-data';

const BRANCH_REPS = [{ org: 'east', email: 'rep@east.demo' }, { org: 'south', email: 'rep@south.demo' }] as const;

/** Tier S, A and B, by the registration's tier rule (arr, usage_rate, arr_growth). */
const TIERS = [
  { arr: 880000, usage_rate: 92, arr_growth: 18 },
  { arr: 260000, usage_rate: 64, arr_growth: 6 },
  { arr: 42000, usage_rate: 35, arr_growth: -4 },
] as const;

/** Register three customers per branch rep now; returns how many records were stored. */
export async function seedLiveWork(svc: Services): Promise<number> {
  const r = prng(20261127);
  let stored = 0;
  for (const { org, email } of BRANCH_REPS) {
    const user = svc.users.byEmailAny(email);
    if (!user) continue;
    const ctx = contextFor(svc.orgs, toSessionUser(user), 'seed');
    const now = svc.clock();
    const form = svc.definitions.list(ctx, { kind: 'form', orgId: org, templateKey: 'customer-registration', limit: 10 }).rows.find((d) => d.version > 0);
    const def = form && svc.definitions.meta(ctx, form.id, now);
    if (!def) continue;
    for (const [i, tier] of TIERS.entries()) {
      const data = validateSubmission(svc, def, { ...demoCustomer(r, org, 9001 + i), ...tier });
      await svc.writes.run(() => insertRecord(svc, ctx, def, data, ctx.user.id));
      stored += 1;
    }
  }
  return stored;
}

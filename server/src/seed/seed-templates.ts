/**
 * Seeding HQ's built-in templates, branch instances and demo records through the same
 * domain operations as the API (validated, audited, rollups kept).
 */
import { BUILT_IN_TEMPLATES } from '@branchline/templates';
import type { Services } from '../services';
import { checkTemplate, instantiateJob, publishTemplateJob } from '../domain/templates';
import { insertRecordJob, validateSubmission } from '../domain/records';
import { demoCustomer, demoQuote, prng } from './demo-data';

export const DEMO_BRANCHES = ['east', 'south', 'sea'] as const;
const DAY = 24 * 60 * 60 * 1000;

/**
 * Publish every built-in template (version 1). They are HQ's shipped data, checked by
 * the templates package's own tests (each validates with the same validator and runs end
 * to end), so the first start does not spend seconds compiling the definition schemas
 * to check them again; `{ check: true }` does anyway.
 */
export async function seedTemplates(svc: Services, opts: { check?: boolean } = {}): Promise<void> {
  const templates = opts.check ? BUILT_IN_TEMPLATES.map((t) => checkTemplate(svc, t)) : BUILT_IN_TEMPLATES;
  await svc.writes.run(() => {
    for (const t of templates) publishTemplateJob(svc, null, t, null);
  });
}

/** Published instances of customer-registration and quote in each demo branch; returns their ids by branch. */
export async function seedInstances(svc: Services): Promise<Record<string, { customers: string; quotes: string }>> {
  return svc.writes.run(() => {
    const out: Record<string, { customers: string; quotes: string }> = {};
    for (const org of DEMO_BRANCHES) {
      out[org] = { customers: instantiateJob(svc, null, 'customer-registration', org, true), quotes: instantiateJob(svc, null, 'quote', org, true) };
    }
    return out;
  });
}

/**
 * `perBranch` customers and a tenth as many quotes per branch, created over the last
 * 90 days. These are history: they are stored without starting workflows (their
 * follow-ups would all be long overdue); records submitted after start run as usual.
 */
export async function seedRecords(svc: Services, instances: Record<string, { customers: string; quotes: string }>, perBranch: number): Promise<number> {
  const now = svc.clock();
  const owners: Record<string, string> = {};
  for (const org of DEMO_BRANCHES) {
    const rep = svc.users.byEmailAny(`rep@${org}.demo`) ?? svc.users.byEmailAny('admin@hq.demo');
    owners[org] = rep!.id;
  }
  const batches: { def: string; org: string; data: Record<string, unknown>; at: number }[] = [];
  DEMO_BRANCHES.forEach((org, b) => {
    const r = prng(20260101 + b);
    for (let i = 0; i < perBranch; i++) {
      const at = now - Math.floor(r() * 90 * DAY);
      const customer = demoCustomer(r, org, i + 1);
      batches.push({ def: instances[org]!.customers, org, data: customer, at });
      if (i % 10 === 0) batches.push({ def: instances[org]!.quotes, org, data: demoQuote(r, String(customer.company_name), org === 'sea' ? 'IDR' : 'CNY'), at: at + 3600_000 });
    }
  });
  batches.sort((a, b) => a.at - b.at);
  const defs = new Map(Object.values(instances).flatMap((i) => [i.customers, i.quotes]).map((id) => [id, svc.definitions.getAny(id)!]));
  const rows = batches.map((x) => ({ ...x, def: defs.get(x.def)!, data: validateSubmission(svc, defs.get(x.def)!, x.data) }));
  await svc.writes.run(() => {
    for (const x of rows) insertRecordJob(svc, null, x.def, x.data, owners[x.org]!, x.at, { notify: false });
  });
  return rows.length;
}

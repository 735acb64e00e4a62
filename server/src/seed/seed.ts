/**
 * The demo organisation, put into an empty database on first start (skip with
 * BRANCHLINE_SEED=none): HQ `hq` and branches `east`, `south`, `sea`, seven demo users
 * with password `branchline-demo`, and — at level `demo` — sample records.
 * Seeding writes through the same repositories and audit log as the API.
 */
import { hashPassword } from '../auth/password';
import type { Services } from '../services';
import type { Role } from '@branchline/schemas';
import { newId } from '../ids';
import { seedInstances, seedRecords, seedTemplates } from './seed-templates';

/**
 * `orgs`: the demo orgs and users; `base`: that plus HQ's built-in templates; `demo`: that
 * plus published customer-registration and quote instances in every branch and demo records.
 */
export type SeedLevel = 'none' | 'orgs' | 'base' | 'demo';
export const DEMO_PASSWORD = 'branchline-demo';

export const DEMO_ORGS = [
  { id: 'hq', parentId: null, zh: '总部', en: 'Headquarters' },
  { id: 'east', parentId: 'hq', zh: '华东', en: 'East China' },
  { id: 'south', parentId: 'hq', zh: '华南', en: 'South China' },
  { id: 'sea', parentId: 'hq', zh: '东南亚', en: 'Southeast Asia' },
] as const;

export const DEMO_USERS: readonly { email: string; name: string; orgId: string; role: Role; attributes?: Record<string, unknown> }[] = [
  { email: 'admin@hq.demo', name: 'HQ Admin 总部管理员', orgId: 'hq', role: 'hq_admin' },
  { email: 'auditor@hq.demo', name: 'HQ Auditor 总部审计', orgId: 'hq', role: 'hq_auditor' },
  { email: 'admin@east.demo', name: 'East Admin 华东管理员', orgId: 'east', role: 'branch_admin' },
  { email: 'admin@south.demo', name: 'South Admin 华南管理员', orgId: 'south', role: 'branch_admin' },
  { email: 'rep@east.demo', name: 'East Rep 华东销售', orgId: 'east', role: 'sales_rep', attributes: { region: 'east', industries: ['manufacturing', 'retail'] } },
  { email: 'rep@south.demo', name: 'South Rep 华南销售', orgId: 'south', role: 'sales_rep', attributes: { region: 'south', industries: ['technology', 'logistics'] } },
  { email: 'designer@east.demo', name: 'East Designer 华东设计', orgId: 'east', role: 'designer' },
];

export interface SeedOptions {
  /** Customers per branch at level `demo` (default 300). */
  demoRecords?: number | undefined;
}

/** Seed an empty database; does nothing when any org exists. Returns whether it seeded. */
export async function seed(svc: Services, level: SeedLevel, opts: SeedOptions = {}): Promise<boolean> {
  if (level === 'none' || svc.orgs.count() > 0) return false;
  // The demo accounts share a published password, so one hash (one salt) for all of them reveals
  // nothing more and saves six memory-hard derivations on first start.
  const demoHash = await hashPassword(DEMO_PASSWORD, svc.scrypt);
  const now = svc.clock();
  await svc.writes.run(() => {
    DEMO_ORGS.forEach((o, i) => {
      svc.orgs.insertAny({ id: o.id, parentId: o.parentId, nameZh: o.zh, nameEn: o.en, createdAt: now + i });
      svc.auditAs(null, { orgId: o.id, action: 'org.create', entity: 'org', entityId: o.id, diff: { after: { id: o.id, parentId: o.parentId, name: { 'zh-CN': o.zh, en: o.en } } } });
    });
    DEMO_USERS.forEach((u) => {
      const id = newId('usr', now);
      svc.users.insertAny({ id, email: u.email, name: u.name, orgId: u.orgId, role: u.role, passwordHash: demoHash, attributes: u.attributes ?? {}, createdAt: now, updatedAt: now });
      svc.auditAs(null, { orgId: u.orgId, action: 'user.create', entity: 'user', entityId: id, diff: { after: { email: u.email, orgId: u.orgId, role: u.role } } });
    });
  });
  svc.orgs.invalidate();
  if (level === 'orgs') return true;
  await seedTemplates(svc);
  if (level === 'base') return true;
  const instances = await seedInstances(svc);
  await seedRecords(svc, instances, opts.demoRecords ?? 300);
  return true;
}

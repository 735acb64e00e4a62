/**
 * The navigation highlights where the user is: a page's own entry, or on a sub-page
 * (a template, an upgrade, a record, a run, a definition) the entry it belongs under —
 * the first its role has.
 */
import { describe, expect, it } from 'vitest';
import type { Role } from '../api/types';
import { matchRoute } from './router';
import { activeNav, navFor, ROUTES } from './routes';

const at = (path: string, role: Role) => activeNav(ROUTES.find((r) => r.name === matchRoute(ROUTES, path)?.name), role);

describe('activeNav', () => {
  it.each([
    ['/templates', 'hq_admin', 'templates'],
    ['/templates/customer-registration', 'hq_admin', 'templates'],
    ['/templates/quote', 'branch_admin', 'templates'],
    ['/upgrade/def_1', 'branch_admin', 'templates'],
    ['/records/rec_1', 'hq_auditor', 'records'],
    ['/records/rec_1', 'sales_rep', 'records'],
    ['/records/new/def_1', 'sales_rep', 'records'],
    ['/runs/run_1', 'branch_admin', 'records'],
    ['/runs/run_1', 'sales_rep', 'records'],
    // A designer has no records entry: a record or run opened from a task belongs under the inbox.
    ['/records/rec_1', 'designer', 'inbox'],
    ['/runs/run_1', 'designer', 'inbox'],
    ['/definitions/def_1', 'designer', 'definitions'],
    ['/definitions/def_1/fill', 'sales_rep', 'records'],
    ['/definitions/def_1/fill', 'designer', 'definitions'],
    ['/dashboard', 'hq_auditor', 'dashboard'],
  ] as const)('%s as %s → %s', (path, role, entry) => {
    expect(at(path, role)).toBe(entry);
  });

  it('every sub-page names parents that are navigation entries, and highlights one for every role that may open it', () => {
    for (const route of ROUTES.filter((r) => !r.nav)) {
      expect(route.parents?.length, route.name).toBeGreaterThan(0);
      for (const p of route.parents!) expect(ROUTES.find((r) => r.name === p)?.nav, `${route.name} → ${p}`).toBeDefined();
      for (const role of route.roles) {
        const entry = activeNav(route, role);
        if (entry !== undefined) expect(navFor(role).map((r) => r.name), `${route.name} as ${role}`).toContain(entry);
      }
    }
  });

  it('highlights nothing for an unknown page', () => {
    expect(activeNav(undefined, 'hq_admin')).toBeUndefined();
  });
});

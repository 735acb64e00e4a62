/**
 * Every page of the app: its path, who may see it, whether it is in the navigation,
 * and the chunk that renders it (loaded on first visit). The template gallery,
 * records, inbox and HQ dashboard (issue 7) plug in here.
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Role } from '../api/types';

export interface PageProps {
  readonly params: Readonly<Record<string, string>>;
}

export interface AppRoute {
  readonly name: string;
  readonly path: string;
  /** Roles that may open the page. */
  readonly roles: readonly Role[];
  /** i18n key of the navigation label; pages without one are reached by links. */
  readonly nav?: string;
  readonly component: LazyExoticComponent<ComponentType<PageProps>>;
}

const DESIGNERS: Role[] = ['hq_admin', 'hq_auditor', 'branch_admin', 'designer'];
const comingSoon = lazy(() => import('../routes/ComingSoonPage'));

export const ROUTES: readonly AppRoute[] = [
  { name: 'definitions', path: '/', roles: DESIGNERS, nav: 'nav.definitions', component: lazy(() => import('../routes/DefinitionsPage')) },
  { name: 'definition', path: '/definitions/:id', roles: DESIGNERS, component: lazy(() => import('../routes/DefinitionPage')) },
  { name: 'fill', path: '/definitions/:id/fill', roles: ['hq_admin', 'branch_admin', 'designer', 'sales_rep'], component: lazy(() => import('../routes/FillFormPage')) },
  { name: 'templates', path: '/templates', roles: ['hq_admin', 'hq_auditor', 'branch_admin'], nav: 'nav.templates', component: comingSoon },
  { name: 'records', path: '/records', roles: ['hq_admin', 'hq_auditor', 'branch_admin', 'sales_rep'], nav: 'nav.records', component: comingSoon },
  { name: 'inbox', path: '/inbox', roles: ['branch_admin', 'sales_rep', 'designer'], nav: 'nav.inbox', component: comingSoon },
  { name: 'dashboard', path: '/dashboard', roles: ['hq_admin', 'hq_auditor'], nav: 'nav.dashboard', component: comingSoon },
];

/** Where a role lands after signing in (and when opening a page it may not see). */
export function homePath(role: Role): string {
  const first = ROUTES.find((r) => r.nav && r.roles.includes(role));
  return first?.path ?? '/';
}

export function navFor(role: Role): AppRoute[] {
  return ROUTES.filter((r) => r.nav && r.roles.includes(role));
}

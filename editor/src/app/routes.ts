/**
 * Every page of the app: its path, who may see it, whether it is in the navigation,
 * and the chunk that renders it (loaded on first visit). The template gallery,
 * records, inbox and HQ dashboard (issue 7) plug in here.
 */
import { preloadable, type Preloadable } from '../ui/preloadable';
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
  /** For a sub-page: the navigation entries it belongs under, first one the role has wins. */
  readonly parents?: readonly string[];
  /** Loaded on first visit; `preload()` fetches it ahead. */
  readonly component: Preloadable<PageProps>;
}

const DESIGNERS: Role[] = ['hq_admin', 'hq_auditor', 'branch_admin', 'designer'];

export const ROUTES: readonly AppRoute[] = [
  { name: 'definitions', path: '/', roles: DESIGNERS, nav: 'nav.definitions', component: preloadable(() => import('../routes/DefinitionsPage')) },
  { name: 'definition', path: '/definitions/:id', roles: DESIGNERS, parents: ['definitions'], component: preloadable(() => import('../routes/DefinitionPage')) },
  { name: 'fill', path: '/definitions/:id/fill', roles: ['hq_admin', 'branch_admin', 'designer', 'sales_rep'], parents: ['records', 'definitions'], component: preloadable(() => import('../routes/FillFormPage')) },
  { name: 'templates', path: '/templates', roles: ['hq_admin', 'hq_auditor', 'branch_admin'], nav: 'nav.templates', component: preloadable(() => import('../pages/gallery/GalleryPage')) },
  { name: 'template', path: '/templates/:key', roles: ['hq_admin', 'hq_auditor', 'branch_admin'], parents: ['templates'], component: preloadable(() => import('../pages/gallery/TemplatePage')) },
  { name: 'upgrade', path: '/upgrade/:id', roles: ['hq_admin', 'branch_admin'], parents: ['templates'], component: preloadable(() => import('../pages/gallery/UpgradePage')) },
  { name: 'records', path: '/records', roles: ['hq_admin', 'hq_auditor', 'branch_admin', 'sales_rep'], nav: 'nav.records', component: preloadable(() => import('../pages/records/RecordsPage')) },
  { name: 'record-new', path: '/records/new/:definitionId', roles: ['hq_admin', 'branch_admin', 'sales_rep'], parents: ['records'], component: preloadable(() => import('../pages/records/NewRecordPage')) },
  { name: 'record', path: '/records/:id', roles: ['hq_admin', 'hq_auditor', 'branch_admin', 'designer', 'sales_rep'], parents: ['records', 'inbox'], component: preloadable(() => import('../pages/records/RecordPage')) },
  { name: 'run', path: '/runs/:id', roles: ['hq_admin', 'hq_auditor', 'branch_admin', 'designer', 'sales_rep'], parents: ['records', 'inbox'], component: preloadable(() => import('../pages/records/RunPage')) },
  { name: 'inbox', path: '/inbox', roles: ['branch_admin', 'sales_rep', 'designer'], nav: 'nav.inbox', component: preloadable(() => import('../pages/inbox/InboxPage')) },
  { name: 'dashboard', path: '/dashboard', roles: ['hq_admin', 'hq_auditor'], nav: 'nav.dashboard', component: preloadable(() => import('../pages/dashboard/DashboardPage')) },
  { name: 'audit', path: '/audit', roles: ['hq_admin', 'hq_auditor'], nav: 'audit.nav', component: preloadable(() => import('../pages/audit/AuditPage')) },
];

/** Where a role lands after signing in (and when opening a page it may not see). */
export function homePath(role: Role): string {
  const first = ROUTES.find((r) => r.nav && r.roles.includes(role));
  return first?.path ?? '/';
}

export function navFor(role: Role): AppRoute[] {
  return ROUTES.filter((r) => r.nav && r.roles.includes(role));
}

/**
 * The navigation entry to highlight on a page: its own, or — on a sub-page such as a
 * template, a record or a run — the first of its parents the role's navigation has.
 * @example activeNav(ROUTES.find((r) => r.name === 'run'), 'sales_rep') // → 'records'
 */
export function activeNav(route: AppRoute | undefined, role: Role): string | undefined {
  if (!route) return undefined;
  if (route.nav) return route.name;
  const nav = new Set(navFor(role).map((r) => r.name));
  return route.parents?.find((p) => nav.has(p));
}

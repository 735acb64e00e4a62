/**
 * The policy table: which roles may perform each operation. Every API route names one
 * permission in its options (`config: { permission: 'records.create' }`); one hook checks
 * it before the body is read, and a route without one makes the app refuse to start. The
 * editor reads the same table to show only what a role may do (pure data, so it lives here).
 * Org scoping (own branch vs. every branch) is not decided here but in the repositories,
 * which always filter by the caller's visible orgs.
 */
import { ROLES, type Role } from './common';

const ALL = ROLES;
const HQ_READERS: readonly Role[] = ['hq_admin', 'hq_auditor'];
const ADMINS: readonly Role[] = ['hq_admin', 'branch_admin'];
const EDITORS: readonly Role[] = ['hq_admin', 'branch_admin', 'designer'];
const SUBMITTERS: readonly Role[] = ['hq_admin', 'branch_admin', 'sales_rep'];
const WORKERS: readonly Role[] = ['hq_admin', 'branch_admin', 'designer', 'sales_rep'];

export interface Rule {
  /** Roles that may perform the operation. */
  readonly roles: readonly Role[];
  /** Roles that may perform it only on what they own (e.g. a sales rep's own records). */
  readonly ownOnly?: readonly Role[];
  readonly description: string;
}

export const POLICY = {
  'auth.logout': { roles: ALL, description: 'revoke the token used' },
  'me.read': { roles: ALL, description: 'read who is calling' },
  'orgs.read': { roles: ALL, description: 'list the orgs one may see' },
  'orgs.create': { roles: ['hq_admin'], description: 'create a branch' },
  'users.read': { roles: ['hq_admin', 'hq_auditor', 'branch_admin'], description: 'list users of visible orgs' },
  'users.create': { roles: ADMINS, description: 'create a user in a visible org' },
  'users.update': { roles: ADMINS, description: 'change the role, attributes, password of a user in a visible org, or disable them' },
  'templates.read': { roles: ALL, description: 'read HQ templates' },
  'templates.publish': { roles: ['hq_admin'], description: 'publish a template or a new version' },
  'templates.instantiate': { roles: ADMINS, description: 'create a branch instance of a template' },
  'templates.usage': { roles: ['hq_admin', 'hq_auditor', 'branch_admin'], description: 'which branches use which template version' },
  'definitions.read': { roles: ALL, description: 'read definitions of visible orgs' },
  'definitions.create': { roles: EDITORS, description: "create a branch's own form or workflow" },
  'definitions.edit': { roles: EDITORS, description: 'save a draft' },
  'definitions.publish': { roles: EDITORS, description: "publish (a designer's publish waits for approval)" },
  'definitions.approve': { roles: ADMINS, description: 'approve or reject a change request' },
  'definitions.upgrade.read': { roles: [...EDITORS, 'hq_auditor'], description: 'plan an upgrade to the newest template version' },
  'definitions.upgrade': { roles: ADMINS, description: 'apply an upgrade' },
  'definitions.activate': { roles: ADMINS, description: "switch a published opt-in workflow off or on (mandatory ones stay on)" },
  'definitions.rollout': { roles: ADMINS, description: 'run published versions of a workflow side by side (rollout with a control group)' },
  'definitions.export': { roles: [...EDITORS, 'hq_auditor'], description: 'export a definition' },
  'definitions.import': { roles: EDITORS, description: 'import a definition' },
  'records.read': { roles: ALL, description: 'read records of visible orgs' },
  'records.create': { roles: SUBMITTERS, description: 'submit a record' },
  'records.update': { roles: SUBMITTERS, ownOnly: ['sales_rep'], description: 'change a record' },
  'records.delete': { roles: ADMINS, description: 'soft-delete a record' },
  'runs.read': { roles: ALL, description: 'read workflow runs and traces' },
  'runs.start': { roles: SUBMITTERS, description: 'start a run of a published manual-trigger workflow' },
  'tasks.read': { roles: ALL, description: 'read tasks' },
  'tasks.complete': { roles: WORKERS, ownOnly: ['designer', 'sales_rep'], description: 'complete a task' },
  'events.create': { roles: ADMINS, description: 'post an external event' },
  'reports.read': { roles: ['hq_admin', 'hq_auditor', 'branch_admin'], description: 'aggregate reports over visible orgs' },
  'audit.read': { roles: HQ_READERS, description: 'read the audit log' },
  'audit.verify': { roles: HQ_READERS, description: 'verify the audit chain' },
} as const satisfies Record<string, Rule>;

export type Permission = keyof typeof POLICY;
/** What a route declares: a permission, or `public` (no sign-in: health, login, the OpenAPI document). */
export type RouteAccess = Permission | 'public';
export const PERMISSIONS = Object.keys(POLICY) as Permission[];

export function allows(permission: Permission, role: Role): boolean {
  return (POLICY[permission] as Rule).roles.includes(role);
}

/** True when `role` may use `permission` only on what the caller owns. */
export function ownOnly(permission: Permission, role: Role): boolean {
  return ((POLICY[permission] as Rule).ownOnly ?? []).includes(role);
}

export function permissionsOf(role: Role): Permission[] {
  return PERMISSIONS.filter((p) => allows(p, role));
}

/** HQ roles see every org; the others see their own org and the orgs below it. */
export const HQ_ROLES: readonly Role[] = ['hq_admin', 'hq_auditor'];

/** The policy table lives in @branchline/schemas (api/policy.ts) so the editor reads the same rules; re-exported for the server. */
export { POLICY, PERMISSIONS, HQ_ROLES, allows, ownOnly, permissionsOf, type Permission, type RouteAccess, type Rule } from '@branchline/schemas';

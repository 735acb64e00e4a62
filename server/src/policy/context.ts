import type { Role, UserAttributes } from '@branchline/schemas';

export interface SessionUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly orgId: string;
  readonly role: Role;
  readonly attributes: UserAttributes;
}

/**
 * Who is calling and what they may see: built once per request by the auth hook and
 * passed to every repository call, which filters by `visibleOrgIds`.
 */
export interface RequestContext {
  readonly user: SessionUser;
  readonly tokenId: string;
  /** Orgs whose data the caller may see: the own org and the orgs below it (HQ: all). */
  readonly visibleOrgIds: readonly string[];
  /** True when the caller sees every org (HQ roles): repositories skip the org filter. */
  readonly allOrgs: boolean;
}

export function canSeeOrg(ctx: RequestContext, orgId: string): boolean {
  return ctx.allOrgs || ctx.visibleOrgIds.includes(orgId);
}

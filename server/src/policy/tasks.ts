/**
 * Who may complete a task (a permission rule, not org scoping: the task was already read
 * through the caller's visible orgs). Its assignee; for a role's queue, a user of that role
 * in the task's own org; a branch admin of the task's branch; an HQ admin.
 */
import type { RequestContext } from './context';
import { canSeeOrg } from './context';

export function mayComplete(ctx: RequestContext, task: { readonly orgId: string; readonly assigneeId: string | null; readonly assigneeRole: string | null }): boolean {
  const u = ctx.user;
  if (u.role === 'hq_admin') return true;
  if (u.role === 'branch_admin') return canSeeOrg(ctx, task.orgId);
  if (task.assigneeId !== null) return task.assigneeId === u.id;
  return task.assigneeRole === u.role && task.orgId === u.orgId;
}

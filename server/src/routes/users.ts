/**
 * Users of the orgs the caller may see. Branch admins create users in their own branch;
 * HQ roles can only be given in a root org (HQ), and only by an HQ admin.
 */
import type { FastifyInstance } from 'fastify';
import { CreateUserRequest, User, UserList, UserListQuery, type CreateUserRequest as CreateUserBody, type UserListQuery as ListQuery } from '@branchline/schemas';
import { routeSchema } from '../http/route-schema';
import { AppError } from '../errors/app-error';
import { hashPassword } from '../auth/password';
import { toUser } from '../repos/users';
import { canSeeOrg } from '../policy/context';
import { HQ_ROLES } from '../policy/permissions';
import { newId } from '../ids';

export default async function userRoutes(app: FastifyInstance) {
  app.get<{ Querystring: ListQuery }>('/users', {
    config: { permission: 'users.read' },
    schema: routeSchema({ summary: 'Users of the orgs the caller may see', tags: ['users'], querystring: UserListQuery, response: { 200: UserList } }),
    handler: async (req) => {
      const q = req.query;
      return app.svc.users.list(req.ctx, { limit: q.limit ?? 50, ...(q.orgId ? { orgId: q.orgId } : {}), ...(q.role ? { role: q.role } : {}), ...(q.cursor ? { cursor: q.cursor } : {}) });
    },
  });

  app.post<{ Body: CreateUserBody }>('/users', {
    config: { permission: 'users.create' },
    schema: routeSchema({ summary: 'Create a user', tags: ['users'], body: CreateUserRequest, response: { 201: User } }),
    handler: async (req, reply) => {
      const ctx = req.ctx;
      const body = req.body;
      const orgId = body.orgId ?? ctx.user.orgId;
      if (!app.svc.orgs.getAny(orgId) || !canSeeOrg(ctx, orgId)) {
        throw new AppError('org_not_found', { problems: [{ pointer: '/orgId', code: 'org_not_found', message: { en: `There is no org "${orgId}" you may manage.`, 'zh-CN': `不存在您可管理的组织"${orgId}"。` } }] });
      }
      if (HQ_ROLES.includes(body.role) && ctx.user.role !== 'hq_admin') throw new AppError('forbidden', { detail: 'Only an HQ admin may create HQ users.' });
      if (HQ_ROLES.includes(body.role) !== app.svc.orgs.isRoot(orgId)) {
        throw new AppError('validation_failed', {
          problems: [{ pointer: '/role', code: 'role_org_mismatch', message: { en: 'HQ roles belong to HQ, branch roles to a branch.', 'zh-CN': '总部角色只能用于总部，分支角色只能用于分支。' } }],
        });
      }
      const passwordHash = await hashPassword(body.password, app.svc.scrypt);
      const now = app.svc.clock();
      const row = await app.svc.writes.run(() => {
        if (app.svc.users.emailTaken(body.email)) throw new AppError('email_taken', { problems: [{ pointer: '/email', code: 'email_taken', message: { en: 'A user with this email exists.', 'zh-CN': '该邮箱已被使用。' } }] });
        const r = app.svc.users.insert({ id: newId('usr', now), email: body.email, name: body.name, orgId, role: body.role, passwordHash, attributes: body.attributes ?? {}, createdAt: now, updatedAt: now });
        app.svc.auditAs(ctx, { orgId, action: 'user.create', entity: 'user', entityId: r.id, diff: { after: toUser(r) } });
        return r;
      });
      return reply.code(201).send(toUser(row));
    },
  });
}

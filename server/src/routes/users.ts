/**
 * Users of the orgs the caller may see. Branch admins create users in their own branch;
 * HQ roles can only be given in a root org (HQ), and only by an HQ admin.
 * Org scoping is the repositories' (`svc.users`, `svc.orgs` take the request context):
 * this file compares no org ids (tests/architecture.test.ts).
 */
import type { FastifyInstance } from 'fastify';
import { CreateUserRequest, UpdateUserRequest, User, UserList, UserListQuery, type CreateUserRequest as CreateUserBody, type UpdateUserRequest as UpdateUserBody, type UserListQuery as ListQuery } from '@branchline/schemas';
import { IdParams, routeSchema } from '../http/route-schema';
import { AppError } from '../errors/app-error';
import { hashPassword } from '../auth/password';
import { toUser, type UserChange } from '../repos/users';
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
      if (!app.svc.orgs.get(ctx, orgId)) {
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
        const r = app.svc.users.insert(ctx, { id: newId('usr', now), email: body.email, name: body.name, orgId, role: body.role, passwordHash, attributes: body.attributes ?? {}, createdAt: now, updatedAt: now });
        app.svc.auditAs(ctx, { orgId, action: 'user.create', entity: 'user', entityId: r.id, diff: { after: toUser(r) } });
        return r;
      });
      return reply.code(201).send(toUser(row));
    },
  });

  app.patch<{ Params: { id: string }; Body: UpdateUserBody }>('/users/:id', {
    config: { permission: 'users.update' },
    schema: routeSchema({
      summary: "Change a user's name, role, attributes or password, or disable them",
      description: 'Audited (never the password). The user\'s sessions pick the change up at once in this process; a disabled user\'s tokens stop working; a new password revokes every other token of the user (all of them when an admin sets it, all but the caller\'s own when users change their own).',
      tags: ['users'],
      params: IdParams,
      body: UpdateUserRequest,
      response: { 200: User },
    }),
    handler: async (req) => {
      const ctx = req.ctx;
      const target = app.svc.users.get(ctx, req.params.id);
      if (!target) throw new AppError('user_not_found');
      const body = req.body;
      const isHq = (role: string) => HQ_ROLES.includes(role as never);
      if ((isHq(target.role) || (body.role && isHq(body.role))) && ctx.user.role !== 'hq_admin') throw new AppError('forbidden', { detail: 'Only an HQ admin may change HQ users or give HQ roles.' });
      if (body.role && isHq(body.role) !== app.svc.orgs.isRoot(target.orgId)) {
        throw new AppError('validation_failed', { problems: [{ pointer: '/role', code: 'role_org_mismatch', message: { en: 'HQ roles belong to HQ, branch roles to a branch.', 'zh-CN': '总部角色只能用于总部，分支角色只能用于分支。' } }] });
      }
      if (target.id === ctx.user.id && (body.disabled || (body.role && body.role !== target.role))) throw new AppError('conflict', { detail: 'You cannot disable yourself or change your own role.' });
      const passwordHash = body.password ? await hashPassword(body.password, app.svc.scrypt) : undefined;
      const set: UserChange = { updatedAt: app.svc.clock() };
      if (body.name !== undefined) set.name = body.name;
      if (body.role !== undefined) set.role = body.role;
      if (body.attributes !== undefined) set.attributes = body.attributes;
      if (body.disabled !== undefined) set.disabled = body.disabled;
      if (passwordHash) set.passwordHash = passwordHash;
      const row = await app.svc.writes.run(() => {
        const r = app.svc.users.update(ctx, target.id, set);
        // A new password ends every other session of the user: whoever knew the old one is signed out.
        const sessionsRevoked = passwordHash ? app.svc.tokens.revokeAllOf(target.id, target.id === ctx.user.id ? ctx.tokenId : undefined) : 0;
        const before = target as Record<string, unknown>;
        const after = toUser(r) as Record<string, unknown>;
        const changed = Object.keys(after).filter((k) => k !== 'createdAt' && JSON.stringify(before[k]) !== JSON.stringify(after[k]));
        const diff = { before: Object.fromEntries(changed.map((k) => [k, before[k]])), after: { ...Object.fromEntries(changed.map((k) => [k, after[k]])), ...(passwordHash ? { password: 'changed', sessionsRevoked } : {}) } };
        app.svc.auditAs(ctx, { orgId: target.orgId, action: 'user.update', entity: 'user', entityId: target.id, diff });
        return r;
      });
      // Cached sessions carry the role and org: drop them so the change applies to the next request.
      app.svc.tokens.forgetAll();
      return toUser(row);
    },
  });
}

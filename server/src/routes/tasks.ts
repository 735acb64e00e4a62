/** The task inbox: tasks and approvals ordered by due time, and completing one (which resumes its run). */
import type { FastifyInstance } from 'fastify';
import { CompleteTaskRequest, TaskItem, TaskList, TaskListQuery, type CompleteTaskRequest as CompleteBody, type TaskListQuery as ListQuery } from '@branchline/schemas';
import { AppError } from '../errors/app-error';
import { IdParams, routeSchema } from '../http/route-schema';
import { completeTaskJob, getTask, listTasks, toTaskItem } from '../runs/tasks';

type Id = { id: string };

export default async function taskRoutes(app: FastifyInstance) {
  const svc = app.svc;

  app.get<{ Querystring: ListQuery }>('/tasks', {
    config: { permission: 'tasks.read' },
    schema: routeSchema({
      summary: 'Tasks of the orgs the caller may see, by due time (no due time last)',
      description: '`assignee=me` lists the caller\'s own tasks and the open queue of the caller\'s role in the caller\'s branch; `assignee=<userId>` one user\'s tasks.',
      tags: ['tasks'],
      querystring: TaskListQuery,
      response: { 200: TaskList },
    }),
    handler: async (req) => listTasks(svc, req.ctx, req.query),
  });

  app.get<{ Params: Id }>('/tasks/:id', {
    config: { permission: 'tasks.read' },
    schema: routeSchema({ summary: 'One task', tags: ['tasks'], params: IdParams, response: { 200: TaskItem } }),
    handler: async (req) => {
      const row = getTask(svc, req.ctx, req.params.id);
      if (!row) throw new AppError('task_not_found');
      return toTaskItem(row, svc.clock());
    },
  });

  app.post<{ Params: Id; Body: CompleteBody }>('/tasks/:id/complete', {
    config: { permission: 'tasks.complete' },
    schema: routeSchema({
      summary: 'Complete a task (done) or decide an approval (approved / rejected); its run goes on in the same transaction',
      description: 'Only the assignee (for a role queue: a user of that role in the branch), a branch admin of the branch, or an HQ admin.',
      tags: ['tasks'],
      params: IdParams,
      body: CompleteTaskRequest,
      response: { 200: TaskItem },
    }),
    handler: async (req) => {
      const row = await svc.writes.run(() => completeTaskJob(svc, app.runs.engine, req.ctx, req.params.id, req.body));
      return toTaskItem(row, svc.clock());
    },
  });
}

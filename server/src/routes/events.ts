/** External events: start event-triggered workflows and resume runs waiting for the event's correlation key. */
import type { FastifyInstance } from 'fastify';
import { PostEventRequest, PostEventResult, type PostEventRequest as EventBody } from '@branchline/schemas';
import { routeSchema } from '../http/route-schema';
import { postEventJob } from '../runs/events';

export default async function eventRoutes(app: FastifyInstance) {
  const svc = app.svc;
  app.post<{ Body: EventBody }>('/events', {
    config: { permission: 'events.create' },
    schema: routeSchema({
      summary: 'Post an external event (e.g. usage.dropped); 202 once its runs are committed',
      description: '`orgId` defaults to the caller\'s org. Runs waiting for `type` with correlation key `key` resume; workflows triggered by `type` start.',
      tags: ['runs'],
      body: PostEventRequest,
      response: { 202: PostEventResult },
    }),
    handler: async (req, reply) => {
      const result = await svc.writes.run(() => postEventJob(svc, app.runs.engine, req.ctx, req.body, svc.clock()));
      return reply.code(202).send(result);
    },
  });
}

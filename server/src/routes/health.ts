import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { Health } from '@branchline/schemas';
import { routeSchema } from '../http/route-schema';
import { iso } from '../ids';

export const VERSION = '0.1.0';

export default async function healthRoutes(app: FastifyInstance) {
  const ping = app.svc.db.select({ one: sql<number>`1` }).from(sql`(select 1)`).prepare();
  app.get('/health', {
    config: { permission: 'public' },
    schema: routeSchema({ summary: 'Liveness and database check', tags: ['system'], auth: false, response: { 200: Health } }),
    handler: async () => {
      ping.get();
      return { status: 'ok', version: VERSION, db: 'ok', time: iso(app.svc.clock()) };
    },
  });
}

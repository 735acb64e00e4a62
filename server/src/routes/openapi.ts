import type { FastifyInstance } from 'fastify';

export default async function openapiRoutes(app: FastifyInstance) {
  app.get('/openapi.json', {
    config: { permission: 'public' },
    schema: { hide: true },
    handler: async () => app.swagger(),
  });
}

/**
 * Every API plugin, registered under /api/v1. Each is one feature; each route names
 * its permission. The runs/reports routes are registered here too as they land.
 */
import type { FastifyInstance } from 'fastify';
import healthRoutes from './health';
import authRoutes, { type AuthOptions } from './auth';
import orgRoutes from './orgs';
import userRoutes from './users';
import auditRoutes from './audit';
import openapiRoutes from './openapi';
import runRoutes from './runs';
import taskRoutes from './tasks';
import eventRoutes from './events';
import reportRoutes from './reports';
import templateRoutes from './templates';
import definitionRoutes from './definitions';
import recordRoutes from './records';
import definitionIoRoutes from './definition-io';

export async function registerApi(api: FastifyInstance, opts: AuthOptions): Promise<void> {
  await api.register(healthRoutes);
  await api.register(authRoutes, opts);
  await api.register(orgRoutes);
  await api.register(userRoutes);
  await api.register(auditRoutes);
  await api.register(openapiRoutes);
  await api.register(runRoutes);
  await api.register(taskRoutes);
  await api.register(eventRoutes);
  await api.register(reportRoutes);
  await api.register(templateRoutes);
  await api.register(definitionRoutes);
  await api.register(definitionIoRoutes);
  await api.register(recordRoutes);
}

/**
 * `buildApp` — one Branchline server: its database, services, routes, OpenAPI document
 * and the editor's static files. No module singletons: every call gives a fresh app
 * (tests build one per test and use `inject()`).
 *
 * @example
 * const app = await buildApp({ db: ':memory:', seed: 'base' });
 * const res = await app.inject({ method: 'GET', url: '/api/v1/health' });
 */
import { existsSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { openStore } from './db/open';
import { createServices, type Services } from './services';
import { systemClock, type Clock } from './ids';
import { DEFAULT_SCRYPT, type ScryptParams } from './auth/password';
import { installErrorHandling, sendProblem } from './http/problem';
import { installJsonBody } from './http/json-body';
import { installSecurityHeaders } from './http/security-headers';
import type { TrustProxy } from './http/trust-proxy';
import { validatorCompiler } from './http/validation';
import { installSerialization } from './http/serialization';
import { documentErrors } from './http/route-schema';
import { installPolicy } from './policy/plugin';
import { installNoBody } from './http/no-body';
import { seed, type SeedLevel } from './seed/seed';
import { registerApi } from './routes';
import { installRuns, type RunsOptions } from './runs';
import { VERSION } from './routes/health';

declare module 'fastify' {
  interface FastifyInstance {
    svc: Services;
  }
}

export interface BuildOptions {
  /** ':memory:' or a file path. */
  db: string;
  clock?: Clock;
  /** What to put into an empty database: nothing, orgs + users + templates, or that plus demo records. */
  seed?: SeedLevel;
  logger?: FastifyServerOptions['logger'];
  /** scrypt cost; tests lower it to keep sign-in fast, production keeps the default. */
  scrypt?: ScryptParams;
  /** Sign-in attempts allowed per IP and email per minute. */
  loginMax?: number;
  /** Failed sign-ins allowed per IP, whatever the email, per minute (default 10 × loginMax). */
  loginIpFailures?: number;
  /** Folder of the built editor; default editor/dist. */
  editorDist?: string;
  /** Demo records per branch and form when seed = 'demo'. */
  demoRecords?: number;
  /** Workflow runs: background timer/outbox polling (off in tests that drive `app.runs.tick()`), HTTP allow-list. */
  runs?: RunsOptions;
  /** Reverse proxies whose X-Forwarded-For decides `request.ip` (and so the sign-in limits); off by default. See http/trust-proxy. */
  trustProxy?: TrustProxy;
}

const here = dirname(fileURLToPath(import.meta.url));
export const BODY_LIMIT = 1024 * 1024;

export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const clock = opts.clock ?? systemClock;
  const store = openStore(opts.db);
  const app = Fastify({
    logger: opts.logger ?? false,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    trustProxy: opts.trustProxy ?? false,
  });
  const svc = createServices(store, clock, opts.scrypt ?? DEFAULT_SCRYPT);
  app.decorate('svc', svc);
  app.addHook('onClose', async () => svc.close());

  // First hook: every response, a 401 included, carries the security headers.
  installSecurityHeaders(app);
  installJsonBody(app);
  app.setValidatorCompiler(validatorCompiler());
  installSerialization(app);
  installErrorHandling(app);
  installPolicy(app);
  installNoBody(app);
  installRuns(app, opts.runs);

  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    transform: documentErrors as never,
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Branchline API', version: VERSION, description: 'Forms, workflows and HQ templates for sales organisations. Errors are application/problem+json (RFC 9457).' },
      servers: [{ url: '/' }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'token from POST /api/v1/auth/login' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, uiConfig: { validatorUrl: null, deepLinking: true } as Record<string, unknown> });

  await app.register(async (api) => registerApi(api, { loginMax: opts.loginMax ?? 10, loginWindowMs: 60_000, loginIpFailures: opts.loginIpFailures ?? 10 * (opts.loginMax ?? 10) }), { prefix: '/api/v1' });

  const dist = opts.editorDist ?? resolve(here, '../../editor/dist');
  const hasEditor = existsSync(resolve(dist, 'index.html'));
  // Vite names everything under assets/ by its content hash, so a browser may keep those for good instead
  // of revalidating each chunk on every page load (one round trip per level of the chunk graph);
  // index.html and the other files keep `max-age=0` and are revalidated as before.
  const cacheControl = (res: { setHeader(name: string, value: string): unknown }, path: string) =>
    res.setHeader('cache-control', /^assets[\\/]/.test(relative(dist, path)) ? 'public, max-age=31536000, immutable' : 'public, max-age=0');
  if (hasEditor) await app.register(fastifyStatic, { root: dist, prefix: '/', wildcard: false, index: ['index.html'], cacheControl: false, setHeaders: cacheControl });
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0]!;
    const wantsPage = (req.method === 'GET' || req.method === 'HEAD') && !path.startsWith('/api/') && !path.startsWith('/docs') && !/\.[a-z0-9]+$/i.test(path);
    if (hasEditor && wantsPage) return reply.type('text/html; charset=utf-8').sendFile('index.html');
    return sendProblem(reply, path.startsWith('/api/') ? 'route_not_found' : 'not_found');
  });

  await app.ready();
  if (opts.seed && opts.seed !== 'none') app.svc.meta.seeded = await seed(app.svc, opts.seed, { demoRecords: opts.demoRecords });
  app.runs.start();
  return app;
}

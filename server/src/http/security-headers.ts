/**
 * Security headers, computed once by helmet (the library behind @fastify/helmet) and
 * set on every response by one hook: the same headers as registering @fastify/helmet,
 * without re-deriving the CSP string on every request of the submission hot path.
 */
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';

const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  // 'unsafe-eval': the editor runs the same runtime as the server, and ajv compiles JSON Schemas
  // (definition shapes, each form's submission schema) into functions. Inline scripts stay refused.
  scriptSrc: ["'self'", "'unsafe-eval'"],
  // Monaco and React Flow set inline styles; no inline script is allowed.
  styleSrc: ["'self'", "'unsafe-inline'"],
  // Monaco's language workers run from the app's own files or blob: URLs.
  workerSrc: ["'self'", 'blob:'],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  upgradeInsecureRequests: null,
};

type Middleware = (req: unknown, res: { setHeader(k: string, v: string): void; removeHeader(k: string): void }, next: (e?: unknown) => void) => void;

/** The headers helmet sets with Branchline's options (HSTS is left to the TLS terminator). */
export function securityHeaders(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const fromPlugin = createRequire(require.resolve('@fastify/helmet'));
  const mod = fromPlugin('helmet') as { default?: (o: object) => Middleware } & ((o: object) => Middleware);
  const helmet = mod.default ?? mod;
  const headers: Record<string, string> = {};
  helmet({ contentSecurityPolicy: { directives: CSP_DIRECTIVES }, crossOriginEmbedderPolicy: false, hsts: false })(
    {},
    { setHeader: (k, v) => void (headers[k.toLowerCase()] = v), removeHeader: (k) => void delete headers[k.toLowerCase()] },
    (e) => {
      if (e) throw e;
    },
  );
  return headers;
}

export function installSecurityHeaders(app: FastifyInstance): void {
  const headers = securityHeaders();
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
}

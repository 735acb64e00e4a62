/**
 * Response serialisation with fastify's own compiler (fast-json-stringify), compiled on
 * a route's first response instead of at start-up (a restart is ready sooner) and shared
 * by every app in the process. Error bodies bypass it (see problem.ts).
 */
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';

type Serializer = (data: unknown) => string;
type Compiler = (route: { schema: object; method: string; url: string; httpStatus: string }) => Serializer;

const shared = new WeakMap<object, Serializer>();
let factory: Compiler | undefined;

function defaultCompiler(): Compiler {
  if (!factory) {
    // fastify's own dependency, resolved from fastify so the same version is used.
    const fromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));
    const selector = fromFastify('@fastify/fast-json-stringify-compiler') as () => (external: unknown, opts: object) => Compiler;
    factory = selector()(undefined, {});
  }
  return factory;
}

export function installSerialization(app: FastifyInstance): void {
  app.setSerializerCompiler((route) => {
    const schema = route.schema as object;
    let fn: Serializer | undefined;
    return (data: unknown) => {
      fn ??= shared.get(schema);
      if (!fn) {
        fn = defaultCompiler()({ ...route, schema } as Parameters<Compiler>[0]);
        shared.set(schema, fn);
      }
      return fn(data);
    };
  });
}

/** @branchline/server — the HTTP API around the runtime. */
export { buildApp, type BuildOptions } from './app';
export type { Services } from './services';
export type { RequestContext } from './policy/context';

#!/usr/bin/env node
// The server process `npm start` runs: server/src/main.ts through tsx, like the CLI.
// The heavy pure-JS dependencies are imported first, before tsx's loader hooks are
// registered: every module loaded after that makes a round trip to the hooks' thread,
// and these packages are hundreds of modules (typebox and drizzle alone over 300), which
// cost a restart more than a third of its time. The TypeScript files then find them
// already loaded.
await Promise.all([
  import('fastify'),
  import('@fastify/rate-limit'),
  import('@fastify/static'),
  import('@fastify/swagger'),
  import('@fastify/swagger-ui'),
  import('ajv'),
  import('ajv/dist/2020.js'),
  import('ajv-formats'),
  import('@sinclair/typebox'),
  import('@marcbachmann/cel-js'),
  import('better-sqlite3'),
  import('drizzle-orm'),
  import('drizzle-orm/sqlite-core'),
  import('drizzle-orm/better-sqlite3'),
  import('drizzle-orm/better-sqlite3/migrator'),
]);
const { register } = await import('tsx/esm/api');
register();
await import('../src/main.ts');

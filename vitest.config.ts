import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'schemas/src/**/*.test.ts',
      'runtime/src/**/*.test.ts',
      'templates/**/*.test.ts',
      'server/src/**/*.test.ts',
      'editor/src/**/*.test.{ts,tsx}',
      'tests/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});

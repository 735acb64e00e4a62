#!/usr/bin/env node
// The `branchline` command: `npx branchline validate <file…>`, `export`, `import`.
// TypeScript sources run through tsx, so there is no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));

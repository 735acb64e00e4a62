/**
 * The strict TypeScript check is part of `npm test`: the Node parts (schemas,
 * runtime, templates, server, tests, bench), the pure engine alone with no Node or
 * DOM types (so a `process` or `window` in runtime/ fails here too), and the editor.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

describe('type-check', () => {
  it.each(['tsconfig.json', 'runtime/tsconfig.json', 'editor/tsconfig.json'])('%s has no type errors', (project) => {
    const r = spawnSync(process.execPath, [tsc, '-p', project, '--noEmit'], { cwd: root, encoding: 'utf8', timeout: 600_000 });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 600_000);
});

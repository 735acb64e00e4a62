#!/usr/bin/env node
// Build the editor bundle when it is missing or older than its sources, so that
// `npm start` and `npm test` on a fresh clone need no separate build step, and a
// restart after the first build does not rebuild.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'editor', 'dist', 'index.html');
if (!existsSync(join(root, 'editor', 'index.html'))) process.exit(0); // no editor yet

function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}
const sources = Math.max(newest(join(root, 'editor')), newest(join(root, 'runtime', 'src')), newest(join(root, 'schemas', 'src')));
if (existsSync(stamp) && statSync(stamp).mtimeMs >= sources) process.exit(0);

console.log('building the editor …');
const r = spawnSync('npm', ['run', 'build', '--workspace', 'editor'], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);

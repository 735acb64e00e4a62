#!/usr/bin/env node
// `npm start`: build the editor when needed, then run the server in this process tree
// (signals pass through, so Ctrl-C and SIGTERM shut the server down cleanly).
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const build = spawnSync(process.execPath, [join(root, 'scripts', 'ensure-build.mjs')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

// server/bin/serve.mjs = server/src/main.ts through tsx, with the heavy dependencies loaded before tsx's hooks.
const server = spawn(process.execPath, [join(root, 'server', 'bin', 'serve.mjs')], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

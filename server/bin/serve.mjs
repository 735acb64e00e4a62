#!/usr/bin/env node
// The server process `npm start` runs: server/src/main.ts, bundled by esbuild (the one tsx
// brings) into one file the first time and whenever a source changed since, then imported.
// Loading the server as ~1,000 separate modules (fastify, typebox, drizzle … and the
// TypeScript sources through tsx's loader thread) was most of a restart; one file loads
// in a fraction of that, and the bundle carries no tsx helpers on the request path.
//
// The bundle and the list of the sources it was built from (with their mtime and size)
// live in node_modules/.cache/branchline/. Dependencies count through the lockfiles npm
// rewrites on every install. Each source file keeps its own import.meta.url, __dirname
// and __filename, so paths computed from them (migrations, the editor's files, the docs
// page's assets) are the same as when running main.ts directly. If the bundle cannot be
// built, the server runs through tsx as before (with the dependencies loaded ahead of
// tsx's loader hooks). BRANCHLINE_BUNDLE=0 skips the bundle.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const entry = join(root, 'server', 'src', 'main.ts');
const cacheDir = join(root, 'node_modules', '.cache', 'branchline');
const bundle = join(cacheDir, 'server.mjs');
const manifest = join(cacheDir, 'server.inputs.json');
// What the bundle does not contain: the native SQLite driver (found through its own files at run time).
const EXTERNAL = ['better-sqlite3'];
const LOCKFILES = ['package-lock.json', 'node_modules/.package-lock.json'];

/** [path relative to root, mtimeMs, size] of a file; null when it is missing. */
function stamp(path) {
  try {
    const s = statSync(join(root, path));
    return [path, s.mtimeMs, s.size];
  } catch {
    return null;
  }
}

function upToDate() {
  try {
    const m = JSON.parse(readFileSync(manifest, 'utf8'));
    if (m.node !== process.version || !existsSync(bundle)) return false;
    for (const [path, mtime, size] of m.files) {
      const now = stamp(path);
      if (!now || now[1] !== mtime || now[2] !== size) return false;
    }
    return true;
  } catch {
    return false;
  }
}

// A file that declares its own __dirname (ESM code) keeps it; CommonJS code gets its location.
const DECLARES = /\b(?:const|let|var|function)\s+__(?:dirname|filename)\b/;

/** esbuild plugin: every module keeps the location it has on disk. */
const sourceLocations = {
  name: 'source-locations',
  setup(build) {
    build.onLoad({ filter: /\.(?:[cm]?[jt]s|tsx)$/ }, (args) => {
      let text = readFileSync(args.path, 'utf8');
      if (text.includes('import.meta.url')) text = text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href));
      if ((text.includes('__dirname') || text.includes('__filename')) && !DECLARES.test(text)) {
        text = text
          .replace(/(?<![.\w$])__dirname(?![\w$])/g, JSON.stringify(dirname(args.path)))
          .replace(/(?<![.\w$])__filename(?![\w$])/g, JSON.stringify(args.path));
      }
      return { contents: text, loader: /\.[cm]?ts$|\.tsx$/.test(args.path) ? 'ts' : 'js' };
    });
  },
};

async function build() {
  const esbuild = await import('esbuild');
  mkdirSync(cacheDir, { recursive: true });
  const tmp = `${bundle}.${process.pid}.tmp`;
  const result = await esbuild.build({
    entryPoints: [entry],
    absWorkingDir: root,
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node.split('.')[0]}`,
    external: EXTERNAL,
    // CommonJS dependencies call require(); give the ES module one.
    banner: { js: "import { createRequire as __branchlineRequire } from 'node:module'; const require = __branchlineRequire(import.meta.url);" },
    plugins: [sourceLocations],
    metafile: true,
    legalComments: 'none',
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
  });
  const sources = Object.keys(result.metafile.inputs)
    .map((p) => relative(root, join(root, p)))
    .filter((p) => !p.split(/[\\/]/).includes('node_modules'));
  const files = [...sources, ...LOCKFILES, relative(root, fileURLToPath(import.meta.url))].map(stamp).filter(Boolean);
  renameSync(tmp, bundle);
  writeFileSync(`${manifest}.${process.pid}.tmp`, JSON.stringify({ node: process.version, files }));
  renameSync(`${manifest}.${process.pid}.tmp`, manifest);
}

async function viaTsx() {
  // The heavy pure-JS dependencies first, before tsx's loader hooks exist (each module loaded
  // through the hooks costs a round trip to their thread), then main.ts through tsx.
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
  await import(pathToFileURL(entry).href);
}

let bundled = process.env.BRANCHLINE_BUNDLE !== '0';
if (bundled && !upToDate()) {
  try {
    console.log('bundling the server (once per change of its sources) …');
    await build();
  } catch (err) {
    console.error(`could not bundle the server, running it through tsx: ${err instanceof Error ? err.message : err}`);
    bundled = false;
  }
}
if (bundled) await import(pathToFileURL(bundle).href);
else await viaTsx();

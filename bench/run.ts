/**
 * Runs every benchmark suite (bench/suites/*.ts, each exporting
 * `run(): Promise<Record<string, number>>`) and prints a table with the machine.
 *
 *   npm run bench                     every suite, human-readable table
 *   npm run bench -- --json           … and one JSON object with every figure as the LAST line
 *   npm run bench -- forms workflow   only the named suites
 *
 * A suite that fails is reported and the others still run; the exit code is then 1.
 */
import { readdirSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type Figures = Record<string, number>;
interface SuiteResult {
  readonly suite: string;
  readonly figures?: Figures;
  readonly error?: string;
  readonly seconds: number;
}

const here = dirname(fileURLToPath(import.meta.url));
const PAUSE_MS = 2000;

/** CPU model, cores, RAM and Node version of this machine. */
export function machine(): Record<string, string> {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: String(cpu.length),
    ram: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    load: loadavg()
      .map((l) => l.toFixed(1))
      .join(' '),
  };
}

function suiteFiles(only: readonly string[]): string[] {
  const dir = join(here, 'suites');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
    .filter((f) => only.length === 0 || only.includes(basename(f, '.ts')))
    .sort()
    .map((f) => join(dir, f));
}

async function runSuite(file: string): Promise<SuiteResult> {
  const suite = basename(file, '.ts');
  const started = performance.now();
  try {
    const mod = (await import(pathToFileURL(file).href)) as { run?: () => Promise<Figures> };
    if (typeof mod.run !== 'function') throw new Error('exports no run() function');
    const figures = await mod.run();
    return { suite, figures, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    return { suite, error: error instanceof Error ? error.message : String(error), seconds: (performance.now() - started) / 1000 };
  }
}

const format = (v: number) => (Number.isInteger(v) ? v.toLocaleString('en-US') : v.toLocaleString('en-US', { maximumFractionDigits: 2 }));

function table(results: readonly SuiteResult[]): string {
  const rows: [string, string, string][] = [['suite', 'figure', 'value']];
  for (const r of results) for (const [k, v] of Object.entries(r.figures ?? {})) rows.push([r.suite, k, format(v)]);
  const widths = [0, 1, 2].map((i) => Math.max(...[...rows, ...results.map((r) => [r.suite, 'FAILED', ''])].map((row) => row[i]!.length)));
  const line = (row: readonly string[]) => row.map((c, i) => (i === 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  const failures = results.filter((r) => r.error).map((r) => `${r.suite.padEnd(widths[0]!)}  ${'FAILED'.padEnd(widths[1]!)}  ${r.error!.split('\n')[0]!.slice(0, 120)}`);
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line), ...failures].join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const only = args.filter((a) => !a.startsWith('--'));
  const m = machine();
  console.log(`Branchline benchmarks — ${m.cpu}, ${m.cores} cores, ${m.ram} RAM, Node ${m.node}, ${m.platform}`);
  // Wall-clock figures drop when other work shares the machine; the load average says how much did.
  console.log(`load average (1, 5, 15 min) at start: ${m.load}`);
  const results: SuiteResult[] = [];
  const known = suiteFiles([]).map((f) => basename(f, '.ts'));
  for (const name of only) if (!known.includes(name)) results.push({ suite: name, error: `no such suite (have: ${known.join(', ')})`, seconds: 0 });
  for (const [i, file] of suiteFiles(only).entries()) {
    // Let processes a previous suite started (servers, browsers) wind down before the next measures.
    if (i > 0) await new Promise((done) => setTimeout(done, PAUSE_MS));
    process.stdout.write(`running ${basename(file, '.ts')} … `);
    const r = await runSuite(file);
    console.log(r.error ? `failed (${r.error.split('\n')[0]})` : `${r.seconds.toFixed(1)} s`);
    results.push(r);
  }
  console.log(`\n${table(results)}\n`);
  console.log(`load average at end: ${machine().load}`);
  const failed = results.filter((r) => r.error).length;
  if (failed) process.exitCode = 1;
  if (json) console.log(JSON.stringify(Object.assign({}, ...results.map((r) => r.figures ?? {}))));
}

await main();

/**
 * `npm run test:soak`: the soak against the real server process — SOAK_SECONDS (default
 * 600, the full ten minutes; CI runs it shortened) at SOAK_RATE requests per second
 * (default 40), on a database prefilled with SOAK_PREFILL demo customers per branch
 * (default 15000: larger than SQLite's page cache, see soak-core.ts). Prints the figures every ten seconds and at the end, with `--json` one
 * JSON line last; exits 1 unless memory stayed flat, p99 stable, the WAL bounded and
 * there were no errors.
 */
import { describeSoak, runSoak } from './soak-core';

const seconds = Number(process.env.SOAK_SECONDS ?? 600);
const rate = Number(process.env.SOAK_RATE ?? 40);
const prefill = Number(process.env.SOAK_PREFILL ?? 15000);
const result = await runSoak({ seconds, rate, prefill, log: (line) => console.log(line) });
console.log(describeSoak(result));
if (result.errors.length) console.log(`first errors:\n  ${result.errors.slice(0, 10).join('\n  ')}`);
if (process.argv.includes('--json')) console.log(JSON.stringify({ ...result, windows: undefined }));
const ok = Object.values(result.verdict).every(Boolean) && result.auditOk;
process.exit(ok ? 0 : 1);

/**
 * The 1,000,000-record database of the server benchmarks: HQ and 50 branches, HQ's
 * customer-registration template published and instantiated in every branch, and one
 * million registrations spread over a year — each validated by the branch's compiled
 * form (computed tier filled in) and written through the same storage code as the API
 * (`RecordRepo.insert` + `RollupRepo.apply`), in batches of 20,000 per transaction.
 * Bulk-loaded records get no audit entry and start no workflow (the benchmark is about
 * reading them).
 *
 * The file is kept in .tmp/ and reused while the migrations and this generator stay the
 * same (both are in its name).
 *
 *   node --import tsx bench/server/generate-1m.ts     (make it now; prints the path)
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CUSTOMER_REGISTRATION } from '@branchline/templates';
import { openStore, MIGRATIONS_FOLDER } from '../../server/src/db/open';
import { createServices } from '../../server/src/services';
import { seed, DEMO_PASSWORD } from '../../server/src/seed/seed';
import { instantiateJob, publishTemplateJob } from '../../server/src/domain/templates';
import { newId } from '../../server/src/ids';
import { ROOT } from './proc';

export const RECORDS = 1_000_000;
export const BRANCHES = 50;
const GENERATOR = 1;
const BATCH = 20_000;
const DAY = 86_400_000;
const START = Date.UTC(2025, 11, 1);

/** Who reads the reports in the benchmark: the demo HQ auditor. */
export const AUDITOR = { email: 'auditor@hq.demo', password: DEMO_PASSWORD };

const REGIONS = ['east', 'south', 'north', 'west', 'sea'];
const INDUSTRIES = ['manufacturing', 'retail', 'finance', 'technology', 'healthcare', 'education', 'logistics', 'other'];
const SOURCES = ['website', 'referral', 'event', 'partner', 'cold_call'];

/** A deterministic pseudo-random generator (mulberry32), so every generated file is the same. */
function random(seedValue: number): () => number {
  let a = seedValue >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function dbPath(): string {
  const migrations = readdirSync(MIGRATIONS_FOLDER).filter((f) => f.endsWith('.sql')).length;
  return join(ROOT, '.tmp', `bench-1m-g${GENERATOR}-m${migrations}.db`);
}

/** The path of the 1M-record database, generating it first when it is not there yet. */
export async function ensureMillionDb(log: (s: string) => void = (s) => console.error(s)): Promise<string> {
  const file = dbPath();
  if (existsSync(file)) return file;
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const partial = `${file}.partial`;
  for (const f of [partial, `${partial}-wal`, `${partial}-shm`]) rmSync(f, { force: true });
  const started = performance.now();
  await generate(partial, log);
  renameSync(partial, file);
  log(`generated ${file} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return file;
}

async function generate(file: string, log: (s: string) => void): Promise<void> {
  let now = START - DAY;
  const store = openStore(file);
  const svc = createServices(store, () => now);
  await seed(svc, 'base');
  const branches = ['east', 'south', 'sea', ...Array.from({ length: BRANCHES - 3 }, (_, i) => `b${String(i + 1).padStart(2, '0')}`)];
  const forms = new Map<string, string>();
  await svc.writes.run(() => {
    for (const id of branches.slice(3)) svc.orgs.insertAny({ id, parentId: 'hq', nameZh: `分支 ${id}`, nameEn: `Branch ${id}`, createdAt: now });
    // Seed level `base` publishes the built-in templates; publish here only what it did not.
    if (!svc.templates.latest(CUSTOMER_REGISTRATION.key)) publishTemplateJob(svc, null, CUSTOMER_REGISTRATION, null);
  });
  svc.orgs.invalidate();
  await svc.writes.run(() => {
    for (const org of branches) forms.set(org, instantiateJob(svc, null, CUSTOMER_REGISTRATION.key, org, true));
  });
  store.sqlite.pragma('synchronous = OFF');
  const rnd = random(20261126);
  const insertBatch = store.sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const org = branches[Math.floor(rnd() * branches.length)]!;
      const defId = forms.get(org)!;
      const form = svc.forms.compiled(defId, 1)!;
      const region = REGIONS[Math.floor(rnd() * REGIONS.length)]!;
      const raw: Record<string, unknown> = {
        company_name: `客户 ${i} 有限公司`, region, industry: INDUSTRIES[Math.floor(rnd() * INDUSTRIES.length)],
        contact_name: '王芳', contact_phone: '+86 138 0013 8000', contact_email: `c${i}@example.com`,
        data_source: SOURCES[Math.floor(rnd() * SOURCES.length)], privacy_consent: true, privacy_policy_version: '2026-01',
        arr: Math.round(rnd() * rnd() * 1_500_000 * 100) / 100, usage_rate: Math.round(rnd() * 100), arr_growth: Math.round(rnd() * 60 - 20),
      };
      if (region !== 'sea') raw.credit_code = '91310000MA1FL8XQ3B';
      const createdAt = START + Math.floor((i / RECORDS) * 365 * DAY) + Math.floor(rnd() * 60_000);
      const checked = form.validate(raw, { now: createdAt });
      if (!checked.ok) throw new Error(`generated record ${i} refused: ${JSON.stringify(checked.problems[0])}`);
      const data = checked.record;
      svc.records.insert({ id: newId('rec', createdAt), orgId: org, definitionId: defId, definitionVersion: 1, definitionKey: CUSTOMER_REGISTRATION.definition.key, templateKey: CUSTOMER_REGISTRATION.key, ownerId: `usr_bench_${org}`, data, search: '', rev: 1, createdBy: `usr_bench_${org}`, createdAt, updatedAt: createdAt, deletedAt: null });
      svc.rollups.apply(CUSTOMER_REGISTRATION.key, org, createdAt, data, 1);
    }
  });
  for (let from = 0; from < RECORDS; from += BATCH) {
    insertBatch(from, Math.min(RECORDS, from + BATCH));
    if ((from / BATCH) % 10 === 9) log(`  ${(from + BATCH).toLocaleString('en-US')} records`);
  }
  store.sqlite.pragma('synchronous = NORMAL');
  store.sqlite.exec('ANALYZE');
  await svc.close();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(await ensureMillionDb());

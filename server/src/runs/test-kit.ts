/**
 * Test support for runs, tasks, events and reports: a fresh in-memory app on a fake
 * clock with the background scheduler off (tests call `app.runs.tick()` and
 * `app.runs.dispatch()`), HQ's customer-registration form and mandatory
 * customer-grading workflow published, and an instance of the form in east and south.
 * Not used by production code.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { CUSTOMER_GRADING, CUSTOMER_REGISTRATION } from '@branchline/templates';
import type { Template } from '@branchline/schemas';
import type { BuildOptions } from '../app';
import { bearer, loginAll, testApp, type DemoUser } from '../test-support';
import type { RunsOptions } from './index';

export const T0 = Date.parse('2026-11-26T08:00:00.000Z');
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** A clock the test moves by hand. */
export class FakeClock {
  now = T0;
  readonly read = () => this.now;
  advance(ms: number): number {
    this.now += ms;
    return this.now;
  }
}

/** A valid customer registration; tier S, A or B comes from arr / usage_rate / arr_growth. */
export const customer = (over: Record<string, unknown> = {}) => ({
  company_name: '上海精工机械有限公司',
  credit_code: '91310000MA1FL8XQ3B',
  region: 'east',
  industry: 'manufacturing',
  contact_name: '王芳',
  contact_phone: '+86 138 0013 8000',
  contact_email: 'wang.fang@jinggong.example.com',
  data_source: 'referral',
  privacy_consent: true,
  privacy_policy_version: '2026-01',
  arr: 250000,
  usage_rate: 70,
  arr_growth: 12,
  ...over,
});
export const TIER = { S: { arr: 600000, usage_rate: 90 }, A: { arr: 250000, arr_growth: 12 }, B: { arr: 50000, arr_growth: -5 } } as const;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Kit {
  app: FastifyInstance;
  clock: FakeClock;
  tok: Record<DemoUser, string>;
  /** Form definition ids of the customer-registration instances by org. */
  forms: { east: string; south: string };
  call(method: Method, url: string, who: DemoUser | null, payload?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** Submit a customer as `who` (default the east rep); returns the record id. */
  submit(over?: Record<string, unknown>, who?: DemoUser, org?: 'east' | 'south'): Promise<string>;
  /** Sign everyone in again (tokens live 12 h; tests that move the clock further need fresh ones). */
  relogin(): Promise<void>;
}

export async function runsKit(opts: { runs?: RunsOptions; templates?: Template[]; setup?: boolean; fakeClock?: FakeClock } & Partial<BuildOptions> = {}): Promise<Kit> {
  const { templates, setup, runs, fakeClock, ...rest } = opts;
  const clock = fakeClock ?? new FakeClock();
  const app = await testApp({ clock: clock.read, loginMax: 10_000, runs: { background: false, ...runs }, ...rest });
  const tok = await loginAll(app);
  const call: Kit['call'] = (method, url, who, payload, headers = {}) =>
    app.inject({ method, url: `/api/v1${url}`, headers: { ...(who ? bearer(tok[who]) : {}), ...headers }, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const forms = { east: '', south: '' };
  if (setup !== false) {
    for (const t of templates ?? [CUSTOMER_REGISTRATION, CUSTOMER_GRADING]) must(await call('POST', '/templates', 'hqAdmin', { template: t }), 201);
    forms.east = must(await call('POST', `/templates/${CUSTOMER_REGISTRATION.key}/instances`, 'eastAdmin', { publish: true }), 201).id as string;
    forms.south = must(await call('POST', `/templates/${CUSTOMER_REGISTRATION.key}/instances`, 'southAdmin', { publish: true }), 201).id as string;
  }
  const submit: Kit['submit'] = async (over = {}, who = 'eastRep', org = 'east') => must(await call('POST', `/definitions/${forms[org]}/records`, who, { data: customer(over) }), 201).id as string;
  const relogin = async () => void Object.assign(tok, await loginAll(app));
  return { app, clock, tok, forms, call, submit, relogin };
}

/** The JSON body of a response with the expected status, or a thrown error naming what came back. */
export function must(res: LightMyRequestResponse, status: number): Record<string, unknown> {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  return res.body ? (res.json() as Record<string, unknown>) : {};
}

const t = (en: string, zh = en) => ({ 'zh-CN': zh, en });

/**
 * A branch's own workflow on customer registrations: wait for `contract.signed` with the
 * customer's credit code as correlation key (timeout 7 days), then call `url` over HTTP
 * (retry: `maxAttempts`, backoff 10 s) and notify the owner's inbox.
 */
export function contractWorkflow(url: string, maxAttempts = 4): Record<string, unknown> {
  return {
    schemaVersion: 1, kind: 'workflow', key: 'await-contract', title: t('Await the contract', '等待签约'),
    trigger: { type: 'record.created', form: 'customer-registration' },
    start: 'wait_sign',
    nodes: [
      { id: 'wait_sign', kind: 'wait', mode: 'event', event: 'contract.signed', correlation: 'record.credit_code', timeout: 'P7D' },
      { id: 'hook', kind: 'http', method: 'POST', url, body: "{'company': record.company_name, 'credit_code': record.credit_code}", retry: { maxAttempts, backoff: 'PT10S' } },
      { id: 'tell', kind: 'notify', channel: 'inbox', to: { strategy: 'owner' }, message: t('The contract is signed.', '合同已签署。') },
      { id: 'signed', kind: 'end', outcome: 'signed' },
      { id: 'late', kind: 'end', outcome: 'timeout' },
    ],
    edges: [
      { id: 'e1', from: 'wait_sign', to: 'hook' },
      { id: 'e2', from: 'hook', to: 'tell' },
      { id: 'e3', from: 'tell', to: 'signed' },
      { id: 'e4', from: 'wait_sign', to: 'late', port: 'timeout' },
    ],
  };
}

/** Create and publish a branch's own definition as `who`; returns its id. */
export async function publishOwn(kit: Kit, definition: unknown, who: DemoUser = 'eastAdmin'): Promise<string> {
  const id = must(await kit.call('POST', '/definitions', who, { definition }), 201).id as string;
  must(await kit.call('POST', `/definitions/${id}/publish`, who), 200);
  return id;
}

/** Schedule triggers the server refuses, with the pointer (under `base`) and code of each refusal: [cron, timezone, pointer, code]. */
export const badSchedules = (base: string): [string, string | undefined, string, string][] => [
  ['0 25 * * *', undefined, `${base}/trigger/cron`, 'cron_invalid'],
  ['0 9 31 2 *', undefined, `${base}/trigger/cron`, 'cron_never_fires'],
  ['0 9 * * 1-5', 'Mars/Olympus', `${base}/trigger/timezone`, 'timezone_unknown'],
];

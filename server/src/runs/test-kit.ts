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
}

export async function runsKit(opts: { db?: string; runs?: RunsOptions; templates?: Template[]; setup?: boolean } & Partial<BuildOptions> = {}): Promise<Kit> {
  const clock = new FakeClock();
  const { templates, setup, runs, ...rest } = opts;
  const app = await testApp({ clock: clock.read, runs: { background: false, ...runs }, ...rest });
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
  return { app, clock, tok, forms, call, submit };
}

/** The JSON body of a response with the expected status, or a thrown error naming what came back. */
export function must(res: LightMyRequestResponse, status: number): Record<string, unknown> {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  return res.body ? (res.json() as Record<string, unknown>) : {};
}

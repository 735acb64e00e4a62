/**
 * Property-based fuzzing of every JSON body the API takes. Bodies are derived from the
 * route schemas in the OpenAPI document (and, where a route takes a definition, a
 * template or an export file, from the definition, template and overlay schemas of
 * @branchline/schemas; record data from the form's fields): well-formed ones with random
 * values, hostile variants of them, and arbitrary JSON. A quarter of the cases are
 * definitions whose computed fields, rules and workflow conditions carry generated
 * expressions (and sandbox escape attempts); those that are accepted are published and
 * submitted to, so the expressions are evaluated too.
 *
 * For every case: no 5xx, an answer within the time bound, and — for every refusal — no
 * stored change (TEMP triggers on every table count committed row changes; an UPDATE that
 * writes the same values is not one); the audit chain is verified every FUZZ_VERIFY_EVERY
 * requests (default 250) and at the end. Builds on server/src/routes/hostile-input.test.ts
 * (random bodies, ids and queries on every route).
 *
 * FUZZ_CASES (default 2500; the full run uses 100000) and FUZZ_SEED steer it.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormDefinition, Overlay, Template, WorkflowDefinition } from '@branchline/schemas';
import type { DemoUser } from '../../server/src/test-support';
import { contentHash, watchChanges } from './support/db';
import { expressionArb, typedExpressions } from './support/expressions';
import { populate, type World } from './support/populate';
import { fromSchema, mutate } from './support/schema-arbitrary';

const CASES = Number(process.env.FUZZ_CASES ?? 2500);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const TIME_BOUND_MS = 5_000;

let w: World;
beforeAll(async () => {
  w = await populate({ records: 3 });
}, 120_000);
afterAll(() => w?.app.close());

type Schema = Record<string, unknown>;
const DEFINITION = { anyOf: [FormDefinition, WorkflowDefinition] };
const DATA: Schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    company: { type: 'string', maxLength: 200 },
    contact: { type: 'string', format: 'email' },
    notes: { type: 'string', maxLength: 400 },
    amount: { type: 'number' },
    region: { enum: ['east', 'south', 'north'] },
    visits: { type: 'integer', minimum: -5, maximum: 50 },
  },
};

/** The route's request schema with the untyped parts filled in from the definition schemas. */
function refine(url: string, schema: Schema): Schema {
  const props = { ...((schema.properties ?? {}) as Record<string, Schema>) };
  if ('definition' in props) props.definition = DEFINITION;
  if ('template' in props) props.template = Template as unknown as Schema;
  if ('data' in props) props.data = DATA;
  if ('file' in props) {
    const file = props.file!;
    props.file = { ...file, properties: { ...(file.properties as Record<string, unknown>), definition: DEFINITION, overlay: Overlay, template: { type: 'object', properties: { key: { enum: ['visit-report'] }, version: { type: 'integer', minimum: 0, maximum: 3 } } } } };
  }
  return { ...schema, properties: props };
}

interface Target {
  method: string;
  url: string;
  schema: Schema | undefined;
}

function targets(doc: { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>> }): Target[] {
  return w.app.routeTable
    .filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method) && !r.url.endsWith('/logout'))
    .map((r) => {
      const schema = doc.paths[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()]?.requestBody?.content?.['application/json']?.schema;
      return { method: r.method, url: r.url.replace(/^\/api\/v1/, ''), schema: schema ? refine(r.url, schema) : undefined };
    });
}

/** The id a route is called with: a real one of east's (most often), south's, or anything. */
function idFor(url: string, pick: number, random: string): string {
  const org = pick % 4 === 3 ? 'south' : 'east';
  const ids = w.ids[org];
  if (pick % 5 === 4) return random;
  if (url.startsWith('/records/')) return ids.records[2 + (pick % 3)] ?? ids.records[2]!;
  if (url.startsWith('/tasks/')) return ids.tasks[pick % ids.tasks.length]!;
  if (url.startsWith('/users/')) return ids.users[0]!;
  if (url.includes('/rollout')) return ids.workflow;
  if (url.includes('/upgrade')) return ids.definition;
  return [ids.visitForm, ids.definition, ids.workflow][pick % 3]!;
}

const t = (en: string) => ({ 'zh-CN': en, en });
const LOG_FIELDS = [
  { key: 'company', type: 'text', label: t('Company') },
  { key: 'contact', type: 'email', label: t('Contact') },
  { key: 'notes', type: 'textarea', label: t('Notes') },
  { key: 'amount', type: 'number', label: t('Amount') },
];

const inForm = typedExpressions('');
const inFlow = typedExpressions('record.');
/** Mostly well-typed (so the definition is accepted and evaluated), else anything the grammar or the escape corpus gives. */
const typedOr = (arb: fc.Arbitrary<string>) => fc.oneof({ weight: 3, arbitrary: arb }, { weight: 2, arbitrary: expressionArb });

/** A form or workflow whose expressions are generated. */
const expressionDefinition = fc.oneof(
  fc
    .tuple(fc.constantFrom('number', 'text', 'boolean') as fc.Arbitrary<'number' | 'text' | 'boolean'>, fc.nat(), fc.option(typedOr(inForm.boolean), { nil: undefined }), fc.option(typedOr(inForm.boolean), { nil: undefined }), fc.option(typedOr(inForm.boolean), { nil: undefined }))
    .chain(([resultType, n, visible, required, rule]) =>
      typedOr(inForm[resultType]).map((expression) => ({
        schemaVersion: 1, kind: 'form', key: `fuzz-form-${n}`, title: t('Fuzz'),
        fields: [...LOG_FIELDS, { key: 'calc', type: 'computed', label: t('Calc'), expression, resultType }, { key: 'extra', type: 'text', label: t('Extra'), ...(visible ? { visibleWhen: visible } : {}), ...(required ? { requiredWhen: required } : {}) }],
        ...(rule ? { rules: [{ id: 'r1', assert: rule, message: t('Rule') }] } : {}),
      })),
    ),
  fc.tuple(fc.nat(), typedOr(inFlow.boolean), typedOr(inFlow.boolean), typedOr(inFlow.text)).map(([n, when, condition, notes]) => ({
    schemaVersion: 1, kind: 'workflow', key: `fuzz-flow-${n}`, title: t('Fuzz'),
    trigger: { type: 'record.created', form: `fuzz-target-${n}`, when },
    start: 'c',
    nodes: [
      { id: 'c', kind: 'condition', expression: condition },
      { id: 's', kind: 'set', assignments: [{ target: 'record', key: 'notes', expression: notes }] },
      { id: 'e', kind: 'end', outcome: 'ok' },
    ],
    edges: [{ id: 'e1', from: 'c', to: 's', port: 'true' }, { id: 'e2', from: 's', to: 'e' }],
  })),
);

type Case =
  | { kind: 'route'; target: Target; body: string | undefined; who: DemoUser; pick: number; random: string }
  | { kind: 'expression'; definition: Record<string, unknown>; data: unknown; who: DemoUser };

describe('property-based fuzzing of every JSON body', () => {
  it(`${CASES} generated cases: no 5xx, answers within ${TIME_BOUND_MS} ms, refusals store nothing`, async () => {
    const doc = (await w.call('GET', '/openapi.json', null)).body;
    const all = targets(doc);
    expect(all.length).toBeGreaterThan(15);
    const withBody = all.filter((x) => x.schema);
    const who = fc.constantFrom<DemoUser>('hqAdmin', 'hqAdmin', 'eastAdmin', 'eastDesigner', 'eastRep');
    // One arbitrary per route, built once.
    const perRoute = all.map((target) =>
      fc.record({
        kind: fc.constant('route' as const),
        target: fc.constant(target),
        body: target.schema
          ? fc.oneof(
              { weight: 4, arbitrary: fromSchema(target.schema).map((v) => JSON.stringify(v)) },
              { weight: 4, arbitrary: fromSchema(target.schema).chain(mutate) },
              { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
            )
          : fc.option(fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)), { nil: undefined }),
        who,
        pick: fc.nat(),
        random: fc.string({ minLength: 1, maxLength: 40 }),
      }),
    );
    const routeCase: fc.Arbitrary<Case> = fc.oneof(...perRoute);
    const exprCase: fc.Arbitrary<Case> = fc.record({ kind: fc.constant('expression' as const), definition: expressionDefinition, data: fromSchema(DATA, 2), who: fc.constantFrom<DemoUser>('eastAdmin', 'hqAdmin') });
    const caseArb = fc.oneof({ weight: 3, arbitrary: routeCase }, { weight: 1, arbitrary: exprCase });

    const db = w.app.svc.store.sqlite;
    const changes = watchChanges(db);
    const failures: string[] = [];
    const stats = { requests: 0, refused: 0, accepted: 0, slowest: 0, byStatus: new Map<number, number>(), evaluated: 0 };

    /** One request, checked: no 5xx, in time, and a refusal stores nothing. */
    const VERIFY_EVERY = Number(process.env.FUZZ_VERIFY_EVERY ?? 250);
    let recent: string[] = [];
    let chainBroken = false;
    const send = async (method: string, url: string, as: DemoUser, body: string | undefined, what: string) => {
      const before = changes.count();
      const t0 = performance.now();
      const res = await w.call(method, url, as, body);
      const ms = performance.now() - t0;
      stats.requests += 1;
      stats.slowest = Math.max(stats.slowest, ms);
      stats.byStatus.set(res.status, (stats.byStatus.get(res.status) ?? 0) + 1);
      const line = () => `${as} ${method} ${url} ${(body ?? '').slice(0, 300)} → ${res.status} ${res.text.slice(0, 300)}`;
      if (res.status >= 500) failures.push(`5xx (${what}): ${line()}`);
      if (ms > TIME_BOUND_MS) failures.push(`slow ${Math.round(ms)} ms (${what}): ${line()}`);
      if (res.status >= 400) {
        stats.refused += 1;
        // Failed sign-ins are audited on purpose; nothing else refused may leave a trace.
        const stored = changes.since(before);
        if (stored.length && url !== '/auth/login') failures.push(`a refusal stored ${stored.join(', ')} (${what}): ${line()}`);
      } else stats.accepted += 1;
      // The audit chain must hold all along: check it every so often and name the requests since the last check.
      recent.push(line());
      if (!chainBroken && stats.requests % VERIFY_EVERY === 0) {
        const v = w.app.svc.audit.verify();
        if (!v.ok) {
          chainBroken = true;
          failures.push(`the audit chain broke (${JSON.stringify(v.firstBroken)}) within these requests:\n${recent.join('\n')}`);
        }
        recent = [];
      }
      return res;
    };

    const hashBefore = contentHash(db);
    let refusedOnly = true;
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        if (c.kind === 'route') {
          const url = c.target.url.replace(':id', encodeURIComponent(idFor(c.target.url, c.pick, c.random))).replace(':key', c.pick % 5 === 4 ? encodeURIComponent(c.random) : 'visit-report');
          const res = await send(c.target.method, url, c.who, c.body, 'route');
          if (res.status < 400) refusedOnly = false;
          return;
        }
        const created = await send('POST', '/definitions', c.who, JSON.stringify({ definition: c.definition }), 'expression definition');
        if (created.status !== 201) return;
        refusedOnly = false;
        const id = created.body.id as string;
        const published = await send('POST', `/definitions/${id}/publish`, c.who, undefined, 'expression publish');
        if (published.status !== 200) return;
        // Evaluate: a record on the fuzzed form itself, or on a fresh form only the fuzzed workflow listens to.
        let form = id;
        if (c.definition.kind === 'workflow') {
          const key = (c.definition.trigger as { form: string }).form;
          const target = await send('POST', '/definitions', c.who, JSON.stringify({ definition: { schemaVersion: 1, kind: 'form', key, title: t('Target'), fields: LOG_FIELDS } }), 'workflow target');
          if (target.status !== 201) return;
          form = target.body.id as string;
          if ((await send('POST', `/definitions/${form}/publish`, c.who, undefined, 'workflow target publish')).status !== 200) return;
        }
        await send('POST', `/definitions/${form}/records`, c.who, JSON.stringify({ data: { company: 'Fuzz', ...(c.data as object) } }), 'expression evaluation');
        stats.evaluated += 1;
      }),
      { numRuns: CASES, seed: SEED, endOnFailure: true },
    );
    changes.dispose();
    if (refusedOnly) expect(contentHash(db)).toBe(hashBefore);

    const statuses = [...stats.byStatus].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ');
    console.log(`fuzz-api: FUZZ_SEED=${SEED}, ${CASES} cases, ${stats.requests} requests (${statuses}), ${stats.accepted} accepted, ${stats.refused} refused, ${stats.evaluated} fuzzed definitions evaluated, slowest ${Math.round(stats.slowest)} ms`);
    expect(failures.slice(0, 8)).toEqual([]);
    // Not vacuous: the generated bodies got past the shape checks often enough to reach the handlers.
    expect(stats.accepted).toBeGreaterThan(CASES / 50);
    expect(withBody.length).toBeGreaterThan(12);
    const verify = await w.call('GET', '/audit/verify', 'auditor');
    expect(verify.body.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  }, 1_800_000);
});

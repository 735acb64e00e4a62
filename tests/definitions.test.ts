/**
 * Definition validation end to end (issue 2): valid examples of every field type and
 * node kind pass; each invalid fixture is refused with its expected pointer and code;
 * random mutations of valid definitions never break the validator.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateDefinition } from '@branchline/runtime';
import { BUILT_IN_TEMPLATES } from '@branchline/templates';
import type { FormDefinition, Problem } from '@branchline/schemas';

const dir = join(__dirname, 'fixtures', 'definitions');
const readJson = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as unknown;
const valid = readdirSync(join(dir, 'valid')).map((f) => ({ name: f, doc: readJson(join(dir, 'valid', f)) }));
/** An invalid fixture: the document, what is wrong with it, and the forms a workflow case is checked against. */
interface InvalidFixture {
  description: string;
  expected: { pointer: string; code: string }[];
  forms?: FormDefinition[];
  document: unknown;
}
const invalid = readdirSync(join(dir, 'invalid')).map((f) => ({ name: f, ...(readJson(join(dir, 'invalid', f)) as InvalidFixture) }));

const forms = new Map<string, FormDefinition>();
for (const v of valid) if ((v.doc as { kind: string }).kind === 'form') forms.set((v.doc as FormDefinition).key, v.doc as FormDefinition);
for (const t of BUILT_IN_TEMPLATES) if (t.definition.kind === 'form') forms.set(t.definition.key, t.definition);
const resolveForm = (key: string) => forms.get(key);

const summary = (ps: Problem[]) => ps.map((p) => `${p.pointer} ${p.code}: ${p.message.en}`);

describe('valid definitions', () => {
  it.each(valid)('$name has no problems', ({ doc }) => {
    expect(summary(validateDefinition(doc, { resolveForm }))).toEqual([]);
  });
  it.each(BUILT_IN_TEMPLATES.map((t) => ({ key: t.key, t })))('built-in template $key has no problems', ({ t }) => {
    expect(summary(validateDefinition(t, { resolveForm }))).toEqual([]);
  });
});

describe('invalid definitions', () => {
  it('there are at least 40 invalid fixtures', () => {
    expect(invalid.length).toBeGreaterThanOrEqual(40);
  });
  it.each(invalid)('$name: $description', ({ document, expected, forms: own = [] }) => {
    const problems = validateDefinition(document, { resolveForm: (key) => own.find((f) => f.key === key) ?? resolveForm(key) });
    for (const p of problems) {
      expect(p.message.en.length, 'every problem says what to fix in English').toBeGreaterThan(10);
      expect(p.message['zh-CN'].length, 'and in Chinese').toBeGreaterThan(3);
    }
    const got = problems.map((p) => ({ pointer: p.pointer, code: p.code }));
    for (const e of expected) expect(got).toContainEqual(e);
  });
});

/** Every JSON path inside a value, as token arrays. */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

type Mutation = { kind: 'delete' | 'replace' | 'duplicate' | 'addKey'; value: unknown; key: string };

function mutate(doc: unknown, path: (string | number)[], m: Mutation): unknown {
  const copy = structuredClone(doc);
  if (path.length === 0) return m.kind === 'replace' ? m.value : copy;
  let parent: any = copy;
  for (const t of path.slice(0, -1)) parent = parent[t];
  const last = path[path.length - 1]!;
  if (m.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (m.kind === 'replace') parent[last] = m.value;
  else if (m.kind === 'duplicate' && Array.isArray(parent)) parent.splice(Number(last), 0, structuredClone(parent[Number(last)]));
  else if (m.kind === 'addKey' && parent[last] && typeof parent[last] === 'object' && !Array.isArray(parent[last])) {
    Object.defineProperty(parent[last], m.key, { value: m.value, enumerable: true, configurable: true, writable: true });
  }
  return copy;
}

describe('validator robustness', () => {
  const seeds = [...valid.map((v) => v.doc), ...BUILT_IN_TEMPLATES, ...BUILT_IN_TEMPLATES.map((t) => t.definition)];
  it('random mutations of valid definitions give valid-or-problems, never a crash', () => {
    const mutation = fc.record({
      kind: fc.constantFrom<Mutation['kind']>('delete', 'replace', 'duplicate', 'addKey'),
      value: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom('', 'x'.repeat(5000), -1, 1e308, null, true, '__proto__', 'constructor', 'record.missing > 1', '1 +', "'a' * 2")),
      key: fc.constantFrom('__proto__', 'constructor', 'extra', 'type', 'kind', 'toString'),
    });
    fc.assert(
      fc.property(fc.nat(seeds.length - 1), fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 3 }), (seedIndex, pathSeed, mutations) => {
        let doc: unknown = seeds[seedIndex];
        for (const m of mutations) {
          const all = paths(doc);
          doc = mutate(doc, all[pathSeed % all.length]!, m);
        }
        const problems = validateDefinition(doc, { resolveForm });
        expect(Array.isArray(problems)).toBe(true);
        for (const p of problems) {
          expect(p.code).not.toBe('internal_check_failed');
          expect(typeof p.pointer).toBe('string');
          expect(p.pointer === '' || p.pointer.startsWith('/')).toBe(true);
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 1500), seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
    );
  });
});

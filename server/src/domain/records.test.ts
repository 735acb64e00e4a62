import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { RecordItem, type RecordItem as Item } from '@branchline/schemas';
import { recordItemJson } from './records';

// The serialiser fastify compiles from the response schema (fast-json-stringify, resolved through fastify).
const fromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));
const compile = fromFastify('fast-json-stringify') as (schema: object) => (v: unknown) => string;
const schemaJson = compile(RecordItem);

const item = (over: Partial<Item> = {}): Item => ({
  id: 'rec_0mwy9fu0rz0pgg2pvfr', orgId: 'east', definitionId: 'def_0mwy9fu0r82m4hfqw95', definitionVersion: 3, definitionKey: 'customer-registration',
  templateKey: 'customer-registration', ownerId: 'usr_0mwy9fnlm2gy685b52m',
  data: { company_name: '上海 "精工" \\ 机械\n', arr: 250000, ok: true, none: null, lines: [{ a: 1.5 }], tier: 'A' },
  rev: 1, createdAt: '2026-11-26T08:00:00.000Z', updatedAt: '2026-11-26T08:00:00.000Z', ...over,
});

describe('recordItemJson', () => {
  it.each([['a template instance', item()], ['a form of its own (templateKey null)', item({ templateKey: null, data: {} })]])(
    'writes %s exactly as the response schema would',
    (_what, r) => {
      expect(recordItemJson(r, JSON.stringify(r.data))).toBe(schemaJson(r));
      expect(recordItemJson(r)).toBe(schemaJson(r));
    },
  );
});

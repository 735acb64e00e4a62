/** Semantic checks of form definitions: given a mutation of a valid form, then this problem at this pointer. */
import type { FormDefinition } from '@branchline/schemas';
import { describe, expect, it } from 'vitest';
import { CUSTOMER_FORM, QUOTE_FORM } from '../forms/fixtures';
import { validateFormSemantics } from './form';

type Mutable = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const t = (en: string) => ({ en, 'zh-CN': en });

function check(base: FormDefinition, mutate: (d: Mutable) => void) {
  const def = structuredClone(base) as Mutable;
  mutate(def);
  return validateFormSemantics(def as FormDefinition);
}
const found = (problems: ReturnType<typeof validateFormSemantics>) => problems.map((p) => `${p.pointer} ${p.code}`);

describe('valid forms', () => {
  it.each([QUOTE_FORM, CUSTOMER_FORM])('$key has no problems', (def) => {
    expect(validateFormSemantics(def)).toEqual([]);
  });
});

describe('keys, ids and references', () => {
  it.each([
    ['a duplicate field key', CUSTOMER_FORM, (d: Mutable) => (d.fields[3].key = 'company_name'), '/fields/3/key duplicate_key'],
    ['a duplicate column key', QUOTE_FORM, (d: Mutable) => (d.fields[2].columns[2].key = 'quantity'), '/fields/2/columns/2/key duplicate_key'],
    ['a reserved key', CUSTOMER_FORM, (d: Mutable) => (d.fields[2].key = 'constructor'), '/fields/2/key reserved_key'],
    ['a CEL keyword as key', CUSTOMER_FORM, (d: Mutable) => (d.fields[2].key = 'null'), '/fields/2/key reserved_key'],
    ['a reserved column key', QUOTE_FORM, (d: Mutable) => (d.fields[2].columns[0].key = 'prototype'), '/fields/2/columns/0/key reserved_key'],
    ['an unknown section', CUSTOMER_FORM, (d: Mutable) => (d.fields[0].section = 'basics'), '/fields/0/section unknown_section'],
    ['a duplicate section id', CUSTOMER_FORM, (d: Mutable) => (d.sections[1].id = 'basic'), '/sections/1/id duplicate_id'],
    ['a duplicate option', CUSTOMER_FORM, (d: Mutable) => (d.fields[5].options[1].value = 'CNY'), '/fields/5/options/1/value duplicate_option'],
    ['a duplicate option in a column', CUSTOMER_FORM, (d: Mutable) => (d.fields[16].columns[4].options[1].value = 'c'), '/fields/16/columns/4/options/1/value duplicate_option'],
    ['an unknown titleField', CUSTOMER_FORM, (d: Mutable) => (d.titleField = 'company'), '/titleField unknown_field'],
    ['a table as titleField', QUOTE_FORM, (d: Mutable) => (d.titleField = 'lines'), '/titleField wrong_field_type'],
    ['an unknown currencyField', CUSTOMER_FORM, (d: Mutable) => (d.fields[4].currencyField = 'currncy'), '/fields/4/currencyField unknown_field'],
    ['a currencyField that is a number', CUSTOMER_FORM, (d: Mutable) => (d.fields[4].currencyField = 'employees'), '/fields/4/currencyField wrong_field_type'],
    ['a rule naming an unknown field', CUSTOMER_FORM, (d: Mutable) => (d.rules[0].field = 'contact'), '/rules/0/field unknown_field'],
    ['a duplicate rule id', CUSTOMER_FORM, (d: Mutable) => d.rules.push({ ...d.rules[0] }), '/rules/1/id duplicate_id'],
  ])('%s', (_what, base, mutate, expected) => {
    expect(found(check(base, mutate))).toContain(expected);
  });

  it('suggests the closest name', () => {
    const [p] = check(CUSTOMER_FORM, (d) => (d.fields[0].section = 'basics'));
    expect(p!.params).toMatchObject({ suggestion: 'basic' });
    expect(p!.message.en).toContain('did you mean "basic"?');
  });
});

describe('ranges, defaults and patterns', () => {
  it.each([
    ['min > max', (d: Mutable) => (d.fields[3].validation = { min: 10, max: 1 }), '/fields/3/validation/min min_greater_than_max'],
    ['minLength > maxLength', (d: Mutable) => (d.fields[0].validation = { minLength: 10, maxLength: 5 }), '/fields/0/validation/minLength min_greater_than_max'],
    ['date min after max', (d: Mutable) => (d.fields[9].validation = { min: '2030-01-01', max: '2020-01-01' }), '/fields/9/validation/min min_greater_than_max'],
    ['minItems > maxItems', (d: Mutable) => (d.fields[12].validation = { minItems: 2, maxItems: 1 }), '/fields/12/validation/minItems min_greater_than_max'],
    ['minItems beyond the options', (d: Mutable) => (d.fields[12].validation = { minItems: 4 }), '/fields/12/validation/minItems min_items_unreachable'],
    ['minRows > maxRows', (d: Mutable) => (d.fields[16].validation = { minRows: 9, maxRows: 5 }), '/fields/16/validation/minRows min_greater_than_max'],
    ['a select default that is no option', (d: Mutable) => (d.fields[5].default = 'EUR'), '/fields/5/default default_not_an_option'],
    ['a multi-select default that is no option', (d: Mutable) => (d.fields[12].default = ['mining']), '/fields/12/default default_not_an_option'],
    ['a number default out of range', (d: Mutable) => (d.fields[3].default = 0), '/fields/3/default default_out_of_range'],
    ['a pattern that does not compile', (d: Mutable) => (d.fields[1].validation.pattern = '^[0-9'), '/fields/1/validation/pattern bad_pattern'],
    ['a ReDoS-prone pattern', (d: Mutable) => (d.fields[1].validation.pattern = '^(\\d+)+$'), '/fields/1/validation/pattern unsafe_pattern'],
    ['a ReDoS-prone pattern in a column', (d: Mutable) => (d.fields[16].columns[1].validation.pattern = '^(1|13)*$'), '/fields/16/columns/1/validation/pattern unsafe_pattern'],
  ])('%s', (_what, mutate, expected) => {
    expect(found(check(CUSTOMER_FORM, mutate))).toContain(expected);
  });

  it('explains an unsafe pattern so a designer can fix it', () => {
    const [p] = check(CUSTOMER_FORM, (d) => (d.fields[1].validation.pattern = '^(a+)+$'));
    expect(p!.message.en).toContain('repeats a group that itself repeats');
    expect(p!.message['zh-CN']).toContain('卡死');
  });
});

describe('expressions', () => {
  it('names an unknown field in a computed expression, with the pointer to it', () => {
    const problems = check(QUOTE_FORM, (d) => (d.fields[5].expression = 'sum(lines.map(l, l.line_totl))'));
    expect(found(problems)).toEqual(['/fields/5/expression unknown_property']);
    expect(problems[0]!.message.en).toContain('did you mean "line_total"?');
  });

  it.each([
    ['a computed field', (d: Mutable) => (d.fields[17].expression = 'arr > 500000 && usage_rat > 80 ? "S" : "B"'), '/fields/17/expression unknown_field'],
    ['a computed column', (d: Mutable) => (d.fields[16].columns[6].expression = 'days_between(sinse, now())'), '/fields/16/columns/6/expression unknown_field'],
    ['a computed result of the wrong type', (d: Mutable) => (d.fields[18].resultType = 'number'), '/fields/18/expression wrong_result_type'],
    ['a visibleWhen that is no condition', (d: Mutable) => (d.fields[19].visibleWhen = 'region'), '/fields/19/visibleWhen wrong_result_type'],
    ['a requiredWhen that does not parse', (d: Mutable) => (d.fields[20].requiredWhen = 'usage_rate <'), '/fields/20/requiredWhen expression_syntax'],
    ['a rule assert of the wrong type', (d: Mutable) => (d.rules[0].assert = 'sum(contacts.map(c, c.share))'), '/rules/0/assert wrong_result_type'],
    ['a function that is not allowed', (d: Mutable) => (d.fields[19].visibleWhen = 'region.matches("^e")'), '/fields/19/visibleWhen function_not_allowed'],
    ['a text compared with a number', (d: Mutable) => (d.fields[19].visibleWhen = 'region > 3'), '/fields/19/visibleWhen wrong_operand_types'],
  ])('%s', (_what, mutate, expected) => {
    expect(found(check(CUSTOMER_FORM, mutate))).toEqual([expected]);
  });
});

describe('dependency cycles', () => {
  const base: FormDefinition = {
    schemaVersion: 1,
    kind: 'form',
    key: 'cycle',
    title: t('Cycle'),
    fields: [
      { key: 'a', type: 'number', label: t('a') },
      { key: 'b', type: 'computed', label: t('b'), resultType: 'number', expression: 'a + 1' },
      { key: 'c', type: 'computed', label: t('c'), resultType: 'number', expression: 'b + 1' },
    ],
  };

  it('names the fields of a cycle among computed fields', () => {
    const problems = check(base, (d) => (d.fields[1].expression = 'c - 1'));
    expect(found(problems)).toEqual(['/fields/1/expression dependency_cycle']);
    expect(problems[0]!.message.en).toContain('b → c → b');
    expect(problems[0]!.params).toMatchObject({ cycle: ['b', 'c', 'b'] });
  });

  it('finds a cycle through visibleWhen', () => {
    expect(found(check(base, (d) => (d.fields[0].visibleWhen = 'c > 1')))).toEqual(['/fields/0/visibleWhen dependency_cycle']);
  });

  it('finds a field depending on itself', () => {
    expect(found(check(base, (d) => (d.fields[2].expression = 'c + 1')))).toEqual(['/fields/2/expression dependency_cycle']);
  });

  it('finds a cycle among the computed columns of a table', () => {
    const problems = check(QUOTE_FORM, (d) => {
      d.fields[2].columns[1] = { key: 'quantity', type: 'computed', label: t('q'), resultType: 'number', expression: 'line_total / unit_price' };
    });
    expect(found(problems)).toContain('/fields/2/columns/1/expression dependency_cycle');
  });

  it('finds a cycle between a table column and a total over the table', () => {
    const problems = check(QUOTE_FORM, (d) => (d.fields[2].columns[4].expression = 'quantity * unit_price / total'));
    expect(problems.map((p) => p.code)).toContain('dependency_cycle');
  });
});

describe('robustness', () => {
  it('returns problems, never throws, for a form whose shape was not checked', () => {
    expect(() => validateFormSemantics({ fields: 'nope' } as unknown as FormDefinition)).not.toThrow();
    expect(validateFormSemantics({ fields: 'nope' } as unknown as FormDefinition)[0]!.code).toBe('internal_check_failed');
  });
});

/** Every field type, valid and invalid: given a submission, when validated, then these problems. */
import { describe, expect, it } from 'vitest';
import { compileForm } from './compile-form';
import { CUSTOMER_FORM, customerSubmission } from './fixtures';

const ctx = { now: Date.UTC(2026, 10, 26, 8) };
const form = compileForm(CUSTOMER_FORM);

function problemsOf(patch: Record<string, unknown>) {
  const r = form.validate({ ...customerSubmission(), ...patch }, ctx);
  return r.ok ? [] : r.problems.map((p) => `${p.pointer} ${p.code}`);
}

describe('a valid submission', () => {
  it('is accepted, with computed values and defaults filled in', () => {
    const r = form.validate(customerSubmission(), ctx);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.record).toMatchObject({ company_name: '上海机械有限公司', tier: 'S', next_review: '2027-02-24', wechat_id: 'wx_shanghai' });
    expect((r.record.contacts as Record<string, unknown>[])[0]).toMatchObject({ primary: false, tenure_days: 10 });
    expect(form.definitionProblems).toEqual([]);
  });

  it('does not keep the caller data: the record is a copy', () => {
    const data = customerSubmission();
    const r = form.validate(data, ctx);
    expect(r.ok && r.record).not.toBe(data);
    expect((data.contacts as Record<string, unknown>[])[0]).not.toHaveProperty('tenure_days');
  });
});

describe('each field type refuses what it must', () => {
  it.each([
    ['text too short', { company_name: 'A' }, '/company_name too_short'],
    ['text too long', { company_name: 'x'.repeat(101) }, '/company_name too_long'],
    ['text of the wrong type', { company_name: 42 }, '/company_name wrong_type'],
    ['text with a pattern', { tax_id: 'abc' }, '/tax_id bad_format'],
    ['textarea of the wrong type', { notes: ['x'] }, '/notes wrong_type'],
    ['textarea beyond the default cap', { notes: 'x'.repeat(100_001) }, '/notes too_long'],
    ['number below min', { employees: 0 }, '/employees too_small'],
    ['number above max', { employees: 100001 }, '/employees too_large'],
    ['number not an integer', { employees: 1.5 }, '/employees not_integer'],
    ['number given as text', { employees: '10' }, '/employees not_integer'],
    ['currency below min', { arr: -1 }, '/arr too_small'],
    ['currency as text', { arr: '100' }, '/arr wrong_type'],
    ['percent above max', { usage_rate: 101 }, '/usage_rate too_large'],
    ['email', { email: 'not-an-email' }, '/email bad_email'],
    ['email too long', { email: `${'a'.repeat(250)}@x.cn` }, '/email too_long'],
    ['phone too short', { phone: '123' }, '/phone bad_phone'],
    ['phone with letters', { phone: '+86 abc' }, '/phone bad_phone'],
    ['date not a date', { founded_on: '2026-13-01' }, '/founded_on bad_date'],
    ['date before min', { founded_on: '1899-12-31' }, '/founded_on date_too_early'],
    ['date after max', { founded_on: '2101-01-01' }, '/founded_on date_too_late'],
    ['datetime without time', { last_contact_at: '2026-11-20' }, '/last_contact_at bad_datetime'],
    ['select not an option', { currency: 'EUR' }, '/currency not_an_option'],
    ['multi-select not an option', { industries: ['machinery', 'mining'] }, '/industries/1 not_an_option'],
    ['multi-select twice the same', { industries: ['retail', 'retail'] }, '/industries duplicate_items'],
    ['multi-select too few', { industries: [] }, '/industries too_few'],
    ['multi-select too many', { industries: ['retail', 'software', 'machinery'] }, '/industries too_many'],
    ['checkbox not yes/no', { newsletter: 'yes' }, '/newsletter wrong_type'],
    ['consent not given', { privacy: false }, '/privacy consent_required'],
    ['consent missing', { privacy: undefined }, '/privacy consent_required'],
    ['reference not text', { parent: 5 }, '/parent wrong_type'],
    ['table not a list', { contacts: { name: 'x' } }, '/contacts wrong_type'],
    ['table too many rows', { contacts: Array.from({ length: 6 }, () => ({ name: 'x' })) }, '/contacts too_many'],
    ['table row not an object', { contacts: ['x'] }, '/contacts/0 wrong_type'],
    ['table cell with a pattern', { contacts: [{ name: 'x', mobile: '12' }] }, '/contacts/0/mobile bad_format'],
    ['table cell not an option', { contacts: [{ name: 'x', level: 'ceo' }] }, '/contacts/0/level not_an_option'],
    ['table cell above max', { contacts: [{ name: 'x' }, { name: 'y', share: 120 }] }, '/contacts/1/share too_large'],
    ['table cell required', { contacts: [{ name: 'x' }, { share: 5 }] }, '/contacts/1/name required'],
    ['required text missing', { company_name: undefined }, '/company_name required'],
    ['required select empty', { region: '' }, '/region required'],
  ])('%s', (_what, patch, expected) => {
    expect(problemsOf(patch)).toContain(expected);
  });

  it('shows the designer’s pattern message and names the field by its label', () => {
    const r = form.validate({ ...customerSubmission(), tax_id: 'abc', contacts: [{ name: 'x' }, { name: 'y', share: 120 }] }, ctx);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.find((p) => p.pointer === '/tax_id')?.message).toEqual({ 'zh-CN': '18 位数字或大写字母。', en: '18 characters: digits and capital letters.' });
    expect(r.problems.find((p) => p.pointer === '/contacts/1/share')?.message).toEqual({ 'zh-CN': '"联系人第 2 行的占比"不能大于 100。', en: '"Share (row 2 of Contacts)" must be at most 100.' });
  });

  it('treats null and empty text as not given', () => {
    const r = form.validate({ ...customerSubmission(), notes: null, email: '', parent: null }, ctx);
    expect(r.ok).toBe(true);
    expect(r.ok && r.record).not.toHaveProperty('notes');
    expect(r.ok && r.record).not.toHaveProperty('email');
  });

  it('refuses something that is not an object', () => {
    for (const data of [null, 42, 'text', [1, 2], undefined]) {
      const r = form.validate(data, ctx);
      expect(r.ok ? 'ok' : r.problems[0]!.code).toBe('not_an_object');
    }
  });
});

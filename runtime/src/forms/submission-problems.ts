/**
 * ajv errors on a submission, as problems a person filling the form can act on:
 * the pointer into the submission (`/lines/2/discount_pct`), a stable code and a
 * message naming the field by its label.
 */
import { escapePointerToken, problem, type FormDefinition, type FormField, type Problem, type TableColumn } from '@branchline/schemas';
import type { ErrorObject } from 'ajv';
import { bilingual, labelAt, type Bilingual } from './labels';

const unescape = (t: string) => t.replace(/~1/g, '/').replace(/~0/g, '~');
const TYPE_NAMES: Record<string, Bilingual> = {
  number: { en: 'a number', zh: '数字' },
  integer: { en: 'a whole number', zh: '整数' },
  string: { en: 'text', zh: '文本' },
  boolean: { en: 'yes or no', zh: '是或否' },
  array: { en: 'a list', zh: '列表' },
  object: { en: 'an object', zh: '对象' },
};
const FORMATS: Record<string, { code: string; en: string; zh: string }> = {
  email: { code: 'bad_email', en: 'a valid email address (name@example.com)', zh: '有效的邮箱地址（name@example.com）' },
  phone: { code: 'bad_phone', en: 'a valid phone number (e.g. +86 138 0013 8000)', zh: '有效的电话号码（例如 +86 138 0013 8000）' },
  date: { code: 'bad_date', en: 'a date written as 2026-11-26', zh: '日期，格式如 2026-11-26' },
  'date-time': { code: 'bad_datetime', en: 'a date and time written as 2026-11-26T08:00:00+08:00', zh: '日期时间，格式如 2026-11-26T08:00:00+08:00' },
};

function columnOrField(fields: ReadonlyMap<string, FormField>, tokens: readonly string[]): FormField | TableColumn | undefined {
  const f = fields.get(tokens[0] ?? '');
  if (f?.type === 'table' && tokens[2] !== undefined) return f.columns.find((c) => c.key === tokens[2]);
  return f;
}

function patternMessage(target: FormField | TableColumn | undefined, label: Bilingual, at: string): Problem {
  const custom = target && 'validation' in target && target.validation && 'patternMessage' in target.validation ? target.validation.patternMessage : undefined;
  if (custom) {
    const m = bilingual(custom, '');
    return problem(at, 'bad_format', m.en, m.zh);
  }
  return problem(at, 'bad_format', `"${label.en}" does not have the required format.`, `"${label.zh}"的格式不正确。`);
}

function one(e: ErrorObject, def: FormDefinition, fields: ReadonlyMap<string, FormField>): Problem | undefined {
  const tokens = e.instancePath.split('/').slice(1).map(unescape);
  const at = e.instancePath;
  const label = labelAt(def, fields, tokens);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const where = tokens.length ? ` in ${label.en}` : '';
      const whereZh = tokens.length ? `（${label.zh}）` : '';
      return problem(`${at}/${escapePointerToken(key)}`, 'unknown_field', `"${key}" is not a field of this form${where}; remove it.`, `"${key}"不是此表单的字段${whereZh}，请删除。`, { key });
    }
    case 'type': {
      const t = TYPE_NAMES[String(p.type)] ?? { en: String(p.type), zh: String(p.type) };
      return problem(at, p.type === 'integer' ? 'not_integer' : 'wrong_type', `"${label.en}" must be ${t.en}.`, `"${label.zh}"必须是${t.zh}。`, { expected: p.type });
    }
    case 'minimum':
      return problem(at, 'too_small', `"${label.en}" must be at least ${p.limit}.`, `"${label.zh}"不能小于 ${p.limit}。`, { limit: p.limit });
    case 'maximum':
      return problem(at, 'too_large', `"${label.en}" must be at most ${p.limit}.`, `"${label.zh}"不能大于 ${p.limit}。`, { limit: p.limit });
    case 'minLength':
      return problem(at, 'too_short', `"${label.en}" needs at least ${p.limit} characters.`, `"${label.zh}"至少需要 ${p.limit} 个字符。`, { limit: p.limit });
    case 'maxLength':
      return problem(at, 'too_long', `"${label.en}" allows at most ${p.limit} characters.`, `"${label.zh}"最多 ${p.limit} 个字符。`, { limit: p.limit });
    case 'pattern':
      return patternMessage(columnOrField(fields, tokens), label, at);
    case 'format': {
      const f = FORMATS[String(p.format)] ?? { code: 'bad_format', en: `a valid ${p.format}`, zh: `有效的 ${p.format}` };
      return problem(at, f.code, `"${label.en}" must be ${f.en}.`, `"${label.zh}"必须是${f.zh}。`, { format: p.format });
    }
    case 'formatMinimum':
      return problem(at, 'date_too_early', `"${label.en}" must not be before ${p.limit}.`, `"${label.zh}"不能早于 ${p.limit}。`, { limit: p.limit });
    case 'formatMaximum':
      return problem(at, 'date_too_late', `"${label.en}" must not be after ${p.limit}.`, `"${label.zh}"不能晚于 ${p.limit}。`, { limit: p.limit });
    case 'enum': {
      const isItem = columnOrField(fields, tokens)?.type === 'multi-select' || fields.get(tokens[0] ?? '')?.type === 'multi-select';
      return problem(at, 'not_an_option', `"${label.en}"${isItem ? ' has a choice that' : ''} is not one of the options.`, `"${label.zh}"${isItem ? '中有' : ''}不在选项中的值。`, { allowed: p.allowedValues });
    }
    case 'uniqueItems':
      return problem(at, 'duplicate_items', `"${label.en}" lists the same choice twice.`, `"${label.zh}"中有重复的选项。`);
    case 'minItems':
      return problem(at, 'too_few', `"${label.en}" needs at least ${p.limit} item(s).`, `"${label.zh}"至少需要 ${p.limit} 项。`, { limit: p.limit });
    case 'maxItems':
      return problem(at, 'too_many', `"${label.en}" allows at most ${p.limit} item(s).`, `"${label.zh}"最多允许 ${p.limit} 项。`, { limit: p.limit });
    case 'if':
      return undefined; // reported by the failing keyword under `then`
    default:
      return problem(at, 'invalid_value', `"${label.en}" is not valid (${e.message ?? e.keyword}).`, `"${label.zh}"无效（${e.message ?? e.keyword}）。`);
  }
}

/** Problems for ajv's errors on a submission of `def`. */
export function submissionProblems(errors: readonly ErrorObject[], def: FormDefinition, fields: ReadonlyMap<string, FormField>): Problem[] {
  const out: Problem[] = [];
  for (const e of errors) {
    const p = one(e, def, fields);
    if (p) out.push(p);
  }
  return out;
}

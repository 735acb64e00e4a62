/**
 * A new field of a given type, ready to use: a unique key, a label in both
 * languages (numbered when the same label exists), and what the type needs to be
 * valid (options for selects, a statement for consent, columns for a table …).
 */
import type { FieldType, FormDefinition, FormField, LocalizedText } from '@branchline/schemas';
import { enMessages, zhCNMessages } from '../i18n';

const KEY_BASE: Readonly<Record<FieldType, string>> = {
  text: 'text',
  textarea: 'notes',
  number: 'number',
  currency: 'amount',
  percent: 'percent',
  email: 'email',
  phone: 'phone',
  date: 'date',
  datetime: 'datetime',
  select: 'choice',
  'multi-select': 'choices',
  checkbox: 'flag',
  consent: 'consent',
  reference: 'reference',
  table: 'items',
  computed: 'computed',
};

/** `base`, `base_2`, `base_3` … whichever is free. */
export function uniqueKey(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}

const both = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, en });
const typeLabel = (type: FieldType) => both(zhCNMessages.fieldTypes[type], enMessages.fieldTypes[type]);
const defaults = (key: keyof typeof enMessages.fieldDefaults) => both(zhCNMessages.fieldDefaults[key], enMessages.fieldDefaults[key]);

function numbered(label: LocalizedText, n: number): LocalizedText {
  return n <= 1 ? label : Object.fromEntries(Object.entries(label).map(([l, v]) => [l, `${v} ${n}`]));
}

export function newField(type: FieldType, form: FormDefinition, section?: string | null): FormField {
  const taken = new Set(form.fields.map((f) => f.key));
  const key = uniqueKey(KEY_BASE[type], taken);
  const sameType = form.fields.filter((f) => f.type === type).length;
  const base = { key, label: numbered(typeLabel(type), sameType + 1), ...(section ? { section } : {}) };
  const option = (n: number) => ({ value: `option_${n}`, label: both(`${zhCNMessages.fieldDefaults.option} ${n}`, `${enMessages.fieldDefaults.option} ${n}`) });
  switch (type) {
    case 'select':
    case 'multi-select':
      return { ...base, type, options: [option(1), option(2)] };
    case 'consent':
      return { ...base, type, statement: defaults('consentStatement'), policyVersion: '1.0' };
    case 'reference':
      return { ...base, type, form: 'customer-registration' };
    case 'table':
      return {
        ...base,
        type,
        columns: [
          { key: 'item', type: 'text', label: defaults('columnItem') },
          { key: 'quantity', type: 'number', label: defaults('columnQuantity') },
        ],
      };
    case 'computed':
      return { ...base, type, expression: '0', resultType: 'number' };
    default:
      return { ...base, type } as FormField;
  }
}

export function newSectionId(form: FormDefinition): string {
  const taken = new Set((form.sections ?? []).map((s) => s.id));
  if (!taken.has('section')) return 'section';
  for (let i = 2; ; i++) if (!taken.has(`section-${i}`)) return `section-${i}`;
}

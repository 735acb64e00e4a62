/** The palette: every field type of the form schema, grouped, with a glyph. */
import { FIELD_TYPES, type FieldType } from '@branchline/schemas';

export const FIELD_GROUPS: readonly { id: string; types: readonly FieldType[] }[] = [
  { id: 'text', types: ['text', 'textarea', 'email', 'phone'] },
  { id: 'numbers', types: ['number', 'currency', 'percent', 'computed'] },
  { id: 'choices', types: ['select', 'multi-select', 'checkbox', 'consent'] },
  { id: 'dates', types: ['date', 'datetime'] },
  { id: 'structure', types: ['table', 'reference'] },
];

export const FIELD_GLYPHS: Readonly<Record<FieldType, string>> = {
  text: 'Aa',
  textarea: '¶',
  number: '#',
  currency: '¥',
  percent: '%',
  email: '@',
  phone: '☎',
  date: '▦',
  datetime: '◷',
  select: '▾',
  'multi-select': '☰',
  checkbox: '☑',
  consent: '✓',
  reference: '↗',
  table: '▤',
  computed: 'ƒ',
};

// Every schema type has a place in the palette (checked at compile time and in tests).
export const PALETTE_TYPES: readonly FieldType[] = FIELD_GROUPS.flatMap((g) => g.types);
export const ALL_FIELD_TYPES: readonly FieldType[] = FIELD_TYPES;

/** Field labels for messages, and the labels of pointers into a submission. */
import type { FormDefinition, FormField, LocalizedText, TableColumn } from '@branchline/schemas';

export interface Bilingual {
  readonly en: string;
  readonly zh: string;
}

/** A localized text in English and Chinese, falling back to whichever exists. */
export function bilingual(text: LocalizedText | undefined, fallback: string): Bilingual {
  if (!text) return { en: fallback, zh: fallback };
  const any = Object.values(text)[0] ?? fallback;
  return { en: text.en ?? any, zh: text['zh-CN'] ?? any };
}

/**
 * What to call the value at a submission pointer: `Quantity` or, in a table,
 * `Quantity (row 3 of Lines)`.
 */
export function labelAt(def: FormDefinition, fields: ReadonlyMap<string, FormField>, tokens: readonly string[]): Bilingual {
  const field = fields.get(tokens[0] ?? '');
  if (!field) return { en: tokens[0] ?? '', zh: tokens[0] ?? '' };
  const own = bilingual(field.label, field.key);
  if (field.type !== 'table' || tokens.length < 2) return own;
  const row = Number(tokens[1]) + 1;
  const column: TableColumn | undefined = tokens[2] === undefined ? undefined : field.columns.find((c) => c.key === tokens[2]);
  if (!column) return { en: `row ${row} of ${own.en}`, zh: `${own.zh}第 ${row} 行` };
  const c = bilingual(column.label, column.key);
  return { en: `${c.en} (row ${row} of ${own.en})`, zh: `${own.zh}第 ${row} 行的${c.zh}` };
}

/**
 * Autocomplete for the expression editor, as pure functions: which word the cursor
 * is in, which field names and functions fit it, and the text after accepting one.
 *
 * @example
 * const ctx = completionContext('qty * unit_p', 12);   // → { start: 6, prefix: 'unit_p', member: false }
 * suggestions(ctx, fields, functions)                  // → [{ insert: 'unit_price', kind: 'field', … }]
 */
export interface CompletionContext {
  /** Offset where the word being typed starts. */
  readonly start: number;
  readonly prefix: string;
  /** True after a dot: `name.con|` suggests methods such as `contains(`. */
  readonly member: boolean;
}

export interface CompletionItem {
  readonly kind: 'field' | 'function' | 'method';
  /** What the list shows as the name. */
  readonly name: string;
  /** The text that replaces the word. */
  readonly insert: string;
  readonly detail: string;
}

export interface FieldEntry {
  readonly key: string;
  readonly detail: string;
}

export interface FunctionEntry {
  readonly name: string;
  readonly kind: 'function' | 'method' | 'macro';
  readonly detail: string;
}

const WORD = /[A-Za-z0-9_]/;

/** The word ending at `cursor`, or null inside a string literal or right after a number. */
export function completionContext(text: string, cursor: number): CompletionContext | null {
  if (insideString(text, cursor)) return null;
  let start = cursor;
  while (start > 0 && WORD.test(text[start - 1]!)) start--;
  const prefix = text.slice(start, cursor);
  if (/^[0-9]/.test(prefix)) return null;
  const member = start > 0 && text[start - 1] === '.';
  return { start, prefix, member };
}

function insideString(text: string, cursor: number): boolean {
  let quote: string | null = null;
  for (let i = 0; i < cursor; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
  }
  return quote !== null;
}

/** Fields and functions whose names start with (then contain) the prefix, best first. */
export function suggestions(ctx: CompletionContext, fields: readonly FieldEntry[], functions: readonly FunctionEntry[], limit = 12): CompletionItem[] {
  const p = ctx.prefix.toLowerCase();
  const items: CompletionItem[] = ctx.member
    ? functions.filter((f) => f.kind !== 'function').map((f) => ({ kind: 'method' as const, name: f.name, insert: `${f.name}(`, detail: f.detail }))
    : [
        ...fields.map((f) => ({ kind: 'field' as const, name: f.key, insert: f.key, detail: f.detail })),
        ...functions.filter((f) => f.kind === 'function').map((f) => ({ kind: 'function' as const, name: f.name, insert: `${f.name}(`, detail: f.detail })),
      ];
  const rank = (name: string) => {
    const n = name.toLowerCase();
    if (n.startsWith(p)) return 0;
    if (n.includes(p)) return 1;
    return -1;
  };
  return items
    .map((item) => ({ item, r: rank(item.name) }))
    .filter((x) => x.r >= 0 && !(x.item.name.toLowerCase() === p && x.item.kind === 'field'))
    .sort((a, b) => a.r - b.r || (a.item.kind === 'field' ? 0 : 1) - (b.item.kind === 'field' ? 0 : 1) || a.item.name.localeCompare(b.item.name))
    .slice(0, limit)
    .map((x) => x.item);
}

/** Replace the word at `ctx` with the item; returns the new text and cursor. */
export function accept(text: string, cursor: number, ctx: CompletionContext, item: CompletionItem): { text: string; cursor: number } {
  let end = cursor;
  while (end < text.length && WORD.test(text[end]!)) end++;
  const insert = item.insert.endsWith('(') && text[end] === '(' ? item.insert.slice(0, -1) : item.insert;
  const next = text.slice(0, ctx.start) + insert + text.slice(end);
  return { text: next, cursor: ctx.start + insert.length };
}

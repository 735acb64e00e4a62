/**
 * Autocomplete for expression inputs: the variable paths a scope offers
 * (`record.arr`, `vars.tier` …) and the functions the runtime allows, matched
 * against the word being typed at the caret.
 *
 * @example
 * const items = completionItems(scope, EXPRESSION_FUNCTIONS);
 * const word = wordAt('record.us', 9);          // { start: 0, text: 'record.us' }
 * completionsFor(items, word.text)[0].insert;   // 'record.usage_rate'
 */
import type { Scope, ValueType } from '@branchline/runtime';

export interface CompletionItem {
  readonly insert: string;
  readonly kind: 'variable' | 'function' | 'method';
  /** The type of a variable, or a function's signature. */
  readonly detail: string;
}

interface FunctionDocLike {
  readonly name: string;
  readonly kind: 'function' | 'method' | 'macro';
  readonly signature: string;
}

export function typeText(t: ValueType): string {
  if (t.type === 'list') return `list of ${typeText(t.of)}`;
  return t.type;
}

/** Every variable path of `scope` down to `depth` levels, then the functions and methods. */
export function completionItems(scope: Scope, functions: readonly FunctionDocLike[], depth = 3): CompletionItem[] {
  const out: CompletionItem[] = [];
  const walk = (path: string, t: ValueType, level: number) => {
    out.push({ insert: path, kind: 'variable', detail: typeText(t) });
    if (t.type === 'object' && level < depth) for (const [k, sub] of Object.entries(t.fields)) walk(`${path}.${k}`, sub, level + 1);
  };
  for (const [name, t] of Object.entries(scope)) walk(name, t, 1);
  for (const f of functions) out.push({ insert: f.kind === 'function' ? `${f.name}(` : f.name, kind: f.kind === 'function' ? 'function' : 'method', detail: f.signature });
  return out;
}

/** The identifier-or-path being typed just before `caret`. */
export function wordAt(text: string, caret: number): { start: number; text: string } {
  let start = caret;
  while (start > 0 && /[A-Za-z0-9_.]/.test(text[start - 1]!)) start--;
  return { start, text: text.slice(start, caret) };
}

/**
 * Items that continue `word`: after an object path and a dot (`record.`), its
 * fields; after any other dot, methods; otherwise variables and functions.
 */
export function completionsFor(items: readonly CompletionItem[], word: string, limit = 12): CompletionItem[] {
  if (word === '') return [];
  const dot = word.lastIndexOf('.');
  const head = dot >= 0 ? word.slice(0, dot) : '';
  const tail = (dot >= 0 ? word.slice(dot + 1) : word).toLowerCase();
  // After an object path (`record.`) come its fields; after anything else, methods.
  const isPath = dot >= 0 && items.some((i) => i.kind === 'variable' && i.insert.startsWith(head + '.'));
  const hits = items.filter((i) => {
    if (dot < 0) return i.kind !== 'method' && !i.insert.includes('.') && i.insert.toLowerCase().startsWith(tail);
    if (isPath) return i.kind === 'variable' && i.insert.startsWith(head + '.') && !i.insert.slice(head.length + 1).includes('.') && i.insert.slice(head.length + 1).toLowerCase().startsWith(tail);
    return i.kind === 'method' && i.insert.toLowerCase().startsWith(tail);
  });
  return hits.filter((i) => i.insert !== word).slice(0, limit);
}

/** Replace the word before the caret by `item`; returns the new text and caret. */
export function applyCompletion(text: string, caret: number, item: CompletionItem): { text: string; caret: number } {
  const { start, text: word } = wordAt(text, caret);
  const dot = word.lastIndexOf('.');
  const replaceFrom = item.kind === 'method' ? start + dot + 1 : start;
  const insert = item.kind === 'method' ? `${item.insert}(` : item.insert;
  const next = text.slice(0, replaceFrom) + insert + text.slice(caret);
  return { text: next, caret: replaceFrom + insert.length };
}

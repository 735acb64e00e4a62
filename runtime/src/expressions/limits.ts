/**
 * The bounds that make every accepted expression finish fast and small.
 *
 * Three layers, explained in docs/expressions.md ("Why an expression always ends"):
 * 1. parse limits — the source and its syntax tree are small;
 * 2. static checks — no `cel.bind`, no regular expressions, at most
 *    {@link MAX_COMPREHENSION_NESTING} nested list steps, and an estimated worst case under
 *    {@link MAX_STEPS} evaluation steps and {@link MAX_UNITS} characters/items processed;
 * 3. input limits — the estimate assumes lists of at most {@link MAX_LIST_ITEMS} items and
 *    texts of at most {@link MAX_TEXT_LENGTH} characters, and evaluation checks that
 *    before it starts.
 */

/** Longest expression source accepted (the definition schema allows 2,000). */
export const MAX_SOURCE_LENGTH = 2000;

/** Limits handed to the CEL parser. */
export const PARSE_LIMITS = {
  maxAstNodes: 400,
  maxDepth: 32,
  maxListElements: 100,
  maxMapEntries: 100,
  maxCallArguments: 8,
} as const;

/** A list step (`map`, `filter`, `all`, `exists`, `exists_one`) inside another at most this deep. */
export const MAX_COMPREHENSION_NESTING = 2;

/** Worst-case evaluation steps (syntax-tree node visits, list steps multiplied out). */
export const MAX_STEPS = 1_000_000;

/** Worst-case characters and list items built or scanned. */
export const MAX_UNITS = 10_000_000;

/** Longest list an expression may be given (tables allow at most 1,000 rows). */
export const MAX_LIST_ITEMS = 1000;

/** Longest text an expression may be given. */
export const MAX_TEXT_LENGTH = 100_000;

/** Deepest nesting and most values inside a value of unknown shape (`any`). */
export const MAX_ANY_DEPTH = 32;
export const MAX_ANY_NODES = 100_000;

/** Compiled expressions kept per process (least recently used are dropped). */
export const EXPRESSION_CACHE_SIZE = 5000;

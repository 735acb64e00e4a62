/**
 * The JSON view's side of the two-way sync, as a pure decision: what a text typed
 * in Monaco means for the store. Only a text that parses and has the definition's
 * shape replaces the definition (as one undoable edit); anything else leaves the
 * store alone and says why.
 */
import { validateShape, type Problem } from '@branchline/schemas';
import { deepEqual } from '../store/form-edits';

export type JsonDecision =
  | { readonly action: 'apply'; readonly definition: unknown }
  | { readonly action: 'unchanged' }
  | { readonly action: 'invalid-json'; readonly message: string }
  | { readonly action: 'invalid-shape'; readonly problems: readonly Problem[] };

export function decideJsonEdit(text: string, kind: 'form' | 'workflow', current: unknown): JsonDecision {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { action: 'invalid-json', message: error instanceof Error ? error.message : String(error) };
  }
  const problems = validateShape(kind, parsed);
  if (problems.length > 0) return { action: 'invalid-shape', problems };
  return deepEqual(parsed, current) ? { action: 'unchanged' } : { action: 'apply', definition: parsed };
}

/** The text the JSON view shows for a definition. */
export const toJsonText = (definition: unknown) => JSON.stringify(definition, null, 2) + '\n';

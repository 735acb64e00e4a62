/**
 * The runtime's live preview of a form (`compileForm(def).evaluate`) turned into what
 * the renderer shows: each problem goes to the field its pointer names (cells of a
 * table to `key/row/column`), anything else to the form as a whole.
 */
import type { FormDefinition, Problem } from '@branchline/schemas';
import type { FormPreview } from '@branchline/runtime';
import { messageText } from '../i18n/localized';
import type { RenderState } from './types';

const unescape = (t: string) => t.replace(/~1/g, '/').replace(/~0/g, '~');

export function problemsByField(definition: FormDefinition, problems: readonly Problem[], lang: string): { errors: Record<string, string[]>; formErrors: string[] } {
  const keys = new Set(definition.fields.map((f) => f.key));
  const errors: Record<string, string[]> = {};
  const formErrors: string[] = [];
  for (const p of problems) {
    const tokens = p.pointer.split('/').slice(1).map(unescape);
    const text = messageText(p.message, lang);
    if (tokens[0] !== undefined && keys.has(tokens[0])) (errors[tokens.join('/')] ??= []).push(text);
    else formErrors.push(text);
  }
  return { errors, formErrors };
}

export function toRenderState(definition: FormDefinition, preview: FormPreview, lang: string): RenderState {
  const requiredByDefinition = new Map(definition.fields.map((f) => [f.key, f.required === true]));
  const { errors, formErrors } = problemsByField(definition, preview.problems, lang);
  return {
    values: preview.values,
    visible: (key) => preview.visible[key] ?? true,
    required: (key) => preview.required[key] ?? requiredByDefinition.get(key) ?? false,
    errors,
    formErrors,
  };
}

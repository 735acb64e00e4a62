/**
 * The form designer's store: the generic editor store with form edits, and HQ's
 * locks as the guard (see `lock-guard.ts`).
 */
import type { FormDefinition } from '@branchline/schemas';
import { createEditorStore, type EditorState, type EditorStore, type Refusal } from './editor-store';
import { useEditor, useEditorStoreApi } from './editor-context';
import { applyFormEdit, type FormEdit } from './form-edits';

export type FormEditorState = EditorState<FormDefinition, FormEdit>;
export type FormEditorStore = EditorStore<FormDefinition, FormEdit>;

export function createFormStore(
  definition: FormDefinition,
  options: { guard?: (before: FormDefinition, after: FormDefinition, edit: FormEdit) => Refusal | null; readOnly?: boolean } = {},
): FormEditorStore {
  return createEditorStore<FormDefinition, FormEdit>({ definition, applyEdit: applyFormEdit, ...options });
}

export const useFormStoreApi = () => useEditorStoreApi<FormDefinition, FormEdit>();
export const useFormEditor = <T,>(selector: (state: FormEditorState) => T): T => useEditor<FormDefinition, FormEdit, T>(selector);

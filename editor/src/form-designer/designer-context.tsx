/** What every part of the form designer needs besides the store: HQ's locks and the definition's id. */
import { createContext, useContext } from 'react';
import type { Scope } from '@branchline/runtime';
import type { FormEdit } from '../store/form-edits';
import type { CanvasTexts } from './canvas-texts';
import type { FieldEntry } from './expression-complete';
import type { FormLocks } from './form-locks';

export interface FormDesignerContextValue {
  readonly locks: FormLocks;
  readonly readOnly: boolean;
  readonly definitionId: string;
  /** Whether HQ's locks allow this edit on the current definition (the runtime's checkLocks decides). */
  readonly canApply: (edit: FormEdit) => boolean;
  /** Variables an expression of this form may name, and the same for autocomplete. */
  readonly scope: Scope;
  readonly fieldEntries: readonly FieldEntry[];
  readonly texts: CanvasTexts;
  /** The UI language. */
  readonly lang: string;
}

export const FormDesignerContext = createContext<FormDesignerContextValue | null>(null);

export function useFormDesigner(): FormDesignerContextValue {
  const v = useContext(FormDesignerContext);
  if (!v) throw new Error('useFormDesigner() needs <FormDesignerContext.Provider> (rendered by <FormDesigner/>).');
  return v;
}

/**
 * Run a form definition on the values being typed, with the real runtime: the
 * compiled form is cached per definition object, so only the evaluation runs on a
 * keystroke. Used by the designer's preview and the records page alike.
 */
import { compileForm } from '@branchline/runtime';
import type { FormDefinition, Problem } from '@branchline/schemas';
import { useMemo } from 'react';
import { toRenderState } from './render-state';
import type { RenderState } from './types';

export interface FormRun {
  readonly state: RenderState;
  /** Problems of the definition itself (the form cannot run until they are fixed). */
  readonly definitionProblems: readonly Problem[];
  /** Problems of the values (after `reportMissing`, missing required values too). */
  readonly problems: readonly Problem[];
}

export function useFormRun(definition: FormDefinition, values: Readonly<Record<string, unknown>>, lang: string, reportMissing: boolean): FormRun {
  const compiled = useMemo(() => compileForm(definition), [definition]);
  return useMemo(() => {
    const preview = compiled.evaluate(values, { now: Date.now() }, { reportMissing });
    return {
      state: toRenderState(definition, preview, lang),
      definitionProblems: compiled.definitionProblems,
      problems: compiled.definitionProblems.length > 0 ? [] : preview.problems,
    };
  }, [compiled, definition, values, lang, reportMissing]);
}

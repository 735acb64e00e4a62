/**
 * Run a form definition on the values being typed, with the real runtime in a
 * worker: the page stays responsive while a large form compiles, and every
 * keystroke costs one evaluation there. Until the first answer arrives the form
 * shows as defined (every field visible, computed values empty) and `pending` is
 * true. Used by the designer's preview and by filling in a published form.
 */
import type { FormPreview } from '@branchline/runtime';
import type { FormDefinition, Problem } from '@branchline/schemas';
import { useEffect, useMemo, useState } from 'react';
import { useFormRuntime } from './form-runtime';
import { toRenderState } from './render-state';
import type { RenderState } from './types';

export interface FormRun {
  readonly state: RenderState;
  /** Problems of the definition itself (the form cannot run until they are fixed). */
  readonly definitionProblems: readonly Problem[];
  /** Problems of the values (after `reportMissing`, missing required values too). */
  readonly problems: readonly Problem[];
  /** No answer from the runtime yet for the current definition and values. */
  readonly pending: boolean;
  /** The runtime has answered at least once (computed values and problems are shown). */
  readonly ready: boolean;
}

const EMPTY: FormPreview = { values: {}, visible: {}, required: {}, problems: [] };

export function useFormRun(definition: FormDefinition, values: Readonly<Record<string, unknown>>, lang: string, reportMissing: boolean): FormRun {
  const runtime = useFormRuntime();
  const [answer, setAnswer] = useState<{ for: unknown; preview: FormPreview; definitionProblems: readonly Problem[] } | null>(null);
  const key = useMemo(() => ({ definition, values, reportMissing }), [definition, values, reportMissing]);

  useEffect(() => {
    let live = true;
    runtime.evaluate(definition, values, reportMissing).then(
      (r) => live && setAnswer({ for: key, ...r }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [runtime, key, definition, values, reportMissing]);

  return useMemo(() => {
    // A stale answer keeps showing (computed values, problems) until the new one arrives;
    // inputs always show what was typed (the renderer reads them from `values`).
    const preview = answer?.preview ?? EMPTY;
    const definitionProblems = answer?.definitionProblems ?? [];
    return {
      state: toRenderState(definition, preview, lang),
      definitionProblems,
      problems: definitionProblems.length > 0 || !answer ? [] : answer.preview.problems,
      pending: answer?.for !== key,
      ready: answer !== null,
    };
  }, [answer, definition, values, lang, key]);
}

/**
 * The validator's problems for the workflow being edited, kept current as it
 * changes: checked in a Web Worker (so a 300-node workflow opens and types without
 * waiting for it), only when something the checks read changed, and only the
 * latest answer is kept. Where there are no workers (tests) it checks in place.
 */
import { useEffect, useRef, useState } from 'react';
import type { FormDefinition, Problem, WorkflowDefinition } from '@branchline/schemas';
import { sameLogic, workflowProblems } from './problems-of';
import type { ValidateRequest, ValidateResponse } from './validate.worker';

const DEBOUNCE_MS = 120;
const NONE: Problem[] = [];

function workerOf(ref: { current: Worker | null | undefined }): Worker | null {
  if (ref.current === undefined) {
    try {
      ref.current = typeof Worker === 'undefined' ? null : new Worker(new URL('./validate.worker.ts', import.meta.url), { type: 'module' });
    } catch {
      ref.current = null;
    }
  }
  return ref.current;
}

export function useWorkflowProblems(definition: WorkflowDefinition, form: FormDefinition | undefined): { problems: Problem[]; checked: WorkflowDefinition | null } {
  const [result, setResult] = useState<{ problems: Problem[]; checked: WorkflowDefinition | null }>({ problems: NONE, checked: null });
  const worker = useRef<Worker | null | undefined>(undefined);
  const seq = useRef(0);
  const last = useRef<{ def: WorkflowDefinition; form: FormDefinition | undefined } | null>(null);

  useEffect(
    () => () => {
      worker.current?.terminate();
      worker.current = undefined;
    },
    [],
  );

  useEffect(() => {
    const prev = last.current;
    if (prev && prev.form === form && sameLogic(prev.def, definition)) return;
    last.current = { def: definition, form };
    const id = ++seq.current;
    const w = workerOf(worker);
    let sent = false;
    const timer = setTimeout(
      () => {
        sent = true;
        if (w) {
          w.onmessage = (e: MessageEvent<ValidateResponse>) => {
            if (e.data.id === seq.current) setResult({ problems: e.data.problems, checked: definition });
          };
          w.postMessage({ id, definition, form } satisfies ValidateRequest);
        } else if (id === seq.current) {
          setResult({ problems: workflowProblems(definition, form), checked: definition });
        }
      },
      prev ? DEBOUNCE_MS : 0,
    );
    return () => {
      // A request cancelled before it was sent does not count as checked.
      clearTimeout(timer);
      if (!sent && last.current?.def === definition) last.current = prev;
    };
  }, [definition, form]);

  return result;
}

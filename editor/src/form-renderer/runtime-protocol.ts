/**
 * The messages between the page and the form-runtime worker, and the worker's
 * handler as a plain function (so it is tested without a worker). The worker keeps
 * the compiled form of the last definition it was sent: the page sends a definition
 * only when it changed, and every keystroke costs one evaluation.
 */
import type { CompiledForm, FormPreview } from '@branchline/runtime';
import type { FormDefinition, Problem } from '@branchline/schemas';

export type RuntimeRequest =
  | {
      readonly seq: number;
      readonly type: 'evaluate';
      /** Identifies the definition; `definition` is sent only when the id is new to the worker. */
      readonly defId: number;
      readonly definition?: FormDefinition;
      readonly values: Readonly<Record<string, unknown>>;
      readonly reportMissing: boolean;
      readonly now: number;
    }
  | { readonly seq: number; readonly type: 'shape'; readonly kind: 'form' | 'workflow'; readonly definition: unknown };

export type RuntimeReply =
  | { readonly seq: number; readonly type: 'evaluate'; readonly preview: FormPreview; readonly definitionProblems: readonly Problem[] }
  | { readonly seq: number; readonly type: 'shape'; readonly problems: readonly Problem[] }
  | { readonly seq: number; readonly type: 'error'; readonly message: string };

export interface RuntimeDeps {
  compileForm(definition: FormDefinition): CompiledForm;
  validateShape(kind: 'form' | 'workflow', value: unknown): Problem[];
}

export function createRuntimeHandler(deps: RuntimeDeps): (request: RuntimeRequest) => RuntimeReply {
  let current: { defId: number; form: CompiledForm } | null = null;
  return (request) => {
    try {
      if (request.type === 'shape') return { seq: request.seq, type: 'shape', problems: deps.validateShape(request.kind, request.definition) };
      if (request.definition) current = { defId: request.defId, form: deps.compileForm(request.definition) };
      if (!current || current.defId !== request.defId) return { seq: request.seq, type: 'error', message: `definition ${request.defId} was never sent` };
      const preview = current.form.evaluate(request.values, { now: request.now }, { reportMissing: request.reportMissing });
      return { seq: request.seq, type: 'evaluate', preview, definitionProblems: current.form.definitionProblems };
    } catch (error) {
      return { seq: request.seq, type: 'error', message: String(error) };
    }
  };
}

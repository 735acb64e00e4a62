/**
 * A client of the form runtime running in a Web Worker: `evaluate` a form on
 * values, or check a definition's shape, without blocking the page. Where workers
 * are not available (tests in Node) the same handler runs in-thread.
 *
 * @example
 * const runtime = createFormRuntime();
 * const { preview } = await runtime.evaluate(definition, { quantity: 2 }, false);
 * runtime.dispose();
 */
import type { FormPreview } from '@branchline/runtime';
import type { FormDefinition, Problem } from '@branchline/schemas';
import { createContext, useContext, useEffect, useState } from 'react';
import { createRuntimeHandler, type RuntimeReply, type RuntimeRequest } from './runtime-protocol';

export interface FormRuntime {
  evaluate(definition: FormDefinition, values: Readonly<Record<string, unknown>>, reportMissing: boolean): Promise<{ preview: FormPreview; definitionProblems: readonly Problem[] }>;
  shapeProblems(kind: 'form' | 'workflow', definition: unknown): Promise<readonly Problem[]>;
  dispose(): void;
}

type Distribute<T> = T extends unknown ? Omit<T, 'seq'> : never;
type Post = (request: RuntimeRequest) => void;

export function createFormRuntime(): FormRuntime {
  const pending = new Map<number, (reply: RuntimeReply) => void>();
  const receive = (reply: RuntimeReply) => {
    pending.get(reply.seq)?.(reply);
    pending.delete(reply.seq);
  };
  let post: Post;
  let dispose = () => {};
  if (typeof Worker !== 'undefined') {
    const worker = new Worker(new URL('./form-runtime.worker.ts', import.meta.url), { type: 'module', name: 'form-runtime' });
    worker.onmessage = (e: MessageEvent<RuntimeReply>) => receive(e.data);
    post = (r) => worker.postMessage(r);
    dispose = () => worker.terminate();
  } else {
    const handler = import('@branchline/runtime').then(async ({ compileForm }) => createRuntimeHandler({ compileForm, validateShape: (await import('@branchline/schemas')).validateShape }));
    post = (r) => void handler.then((h) => receive(h(r)));
  }

  let seq = 0;
  const ids = new WeakMap<FormDefinition, number>();
  let nextDefId = 1;
  let sentDefId = 0;
  const call = (request: Distribute<RuntimeRequest>) =>
    new Promise<RuntimeReply>((resolve) => {
      const s = ++seq;
      pending.set(s, resolve);
      post({ ...request, seq: s } as RuntimeRequest);
    });

  return {
    async evaluate(definition, values, reportMissing) {
      let defId = ids.get(definition);
      if (defId === undefined) ids.set(definition, (defId = nextDefId++));
      const send = defId !== sentDefId;
      sentDefId = defId;
      const reply = await call({ type: 'evaluate', defId, ...(send ? { definition } : {}), values, reportMissing, now: Date.now() });
      if (reply.type !== 'evaluate') throw new Error(reply.type === 'error' ? reply.message : 'unexpected reply');
      return { preview: reply.preview, definitionProblems: reply.definitionProblems };
    },
    async shapeProblems(kind, definition) {
      const reply = await call({ type: 'shape', kind, definition });
      if (reply.type !== 'shape') throw new Error(reply.type === 'error' ? reply.message : 'unexpected reply');
      return reply.problems;
    },
    dispose() {
      pending.clear();
      dispose();
    },
  };
}

/** One runtime worker shared by a subtree (e.g. the designer's preview and its autosave check). */
export const FormRuntimeContext = createContext<FormRuntime | null>(null);

/** The runtime of the nearest provider, or one owned by this component (disposed with it). */
export function useFormRuntime(): FormRuntime {
  const shared = useContext(FormRuntimeContext);
  const [own, setOwn] = useState<FormRuntime | null>(null);
  useEffect(() => {
    if (shared) return;
    const runtime = createFormRuntime();
    setOwn(runtime);
    return () => runtime.dispose();
  }, [shared]);
  return shared ?? own ?? IDLE;
}

/** Until a component's own runtime exists (first render), requests wait on it. */
const IDLE: FormRuntime = {
  evaluate: () => new Promise(() => {}),
  shapeProblems: () => new Promise(() => {}),
  dispose: () => {},
};

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
  /** Stop the worker and forget pending requests; a later request starts a new worker. */
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
  let stop = () => {};
  if (typeof Worker !== 'undefined') {
    // Started by the first request, not before: its start-up (parsing the runtime) would
    // otherwise compete with the page being opened for the same cores.
    let worker: Worker | null = null;
    post = (r) => {
      if (!worker) {
        worker = new Worker(new URL('./form-runtime.worker.ts', import.meta.url), { type: 'module', name: 'form-runtime' });
        worker.onmessage = (e: MessageEvent<RuntimeReply>) => receive(e.data);
      }
      worker.postMessage(r);
    };
    stop = () => {
      worker?.terminate();
      worker = null;
    };
  } else {
    let handler: Promise<(request: RuntimeRequest) => RuntimeReply> | null = null;
    post = (r) => {
      handler ??= import('@branchline/runtime').then(async ({ compileForm }) => createRuntimeHandler({ compileForm, validateShape: (await import('@branchline/schemas')).validateShape }));
      void handler.then((h) => receive(h(r)));
    };
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
      stop();
      // A later request starts a new worker, which has to be sent the definition again.
      sentDefId = 0;
    },
  };
}

/** One runtime worker shared by a subtree (e.g. the designer's preview and its autosave check). */
export const FormRuntimeContext = createContext<FormRuntime | null>(null);

/**
 * The runtime of the nearest provider, or one owned by this component (its worker is
 * stopped when the component unmounts). Made during the first render: it starts no
 * worker until asked something, and unlike a runtime made in an effect it costs the
 * component (and a designer below it) no second render.
 */
export function useFormRuntime(): FormRuntime {
  const shared = useContext(FormRuntimeContext);
  const [own] = useState<FormRuntime | null>(() => (shared ? null : createFormRuntime()));
  useEffect(() => (own ? () => own.dispose() : undefined), [own]);
  return shared ?? own ?? IDLE;
}

/** A component that had a provider's runtime at first and lost it: requests wait (never happens in the app). */
const IDLE: FormRuntime = {
  evaluate: () => new Promise(() => {}),
  shapeProblems: () => new Promise(() => {}),
  dispose: () => {},
};

/**
 * Drafts save themselves: after every change the definition is sent to the server
 * once the user pauses for `delay` ms. Saves never overlap; a change made while a
 * save is in flight is sent right after it. A refused save (e.g. the server's 422 for
 * a locked element) leaves the status `error` with the server's problem until the
 * next change; a draft `canSave` rejects (wrong shape) is not sent and left `invalid`.
 *
 * @example
 * const stop = startAutosave(store, (d) => api.saveDefinition(id, d), { delay: 800 });
 */
import type { EditorStore } from './editor-store';

export interface AutosaveOptions {
  delay?: number;
  /** Skip saving a definition that cannot be valid (e.g. shape problems); the status stays dirty. */
  canSave?: (definition: unknown) => boolean | Promise<boolean>;
}

export interface Autosave {
  /** Save now if there is anything unsaved; resolves when the store is saved or the save failed. */
  flush(): Promise<void>;
  stop(): void;
}

export function startAutosave<D, E extends { type: string }>(
  store: EditorStore<D, E>,
  save: (definition: D) => Promise<unknown>,
  options: AutosaveOptions = {},
): Autosave {
  const delay = options.delay ?? 800;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<void> | null = null;
  let stopped = false;

  const run = async (): Promise<void> => {
    timer = undefined;
    if (inFlight) {
      await inFlight;
      return run();
    }
    const { definition, revision, savedRevision } = store.getState();
    if (stopped || revision === savedRevision) return;
    store.getState().setSave({ state: 'saving' });
    inFlight = (async () => {
      try {
        if (options.canSave && !(await options.canSave(definition))) {
          // Not sendable; the next change schedules another attempt.
          store.getState().setSave(store.getState().revision === revision ? { state: 'invalid' } : { state: 'dirty' });
          return;
        }
        await save(definition);
        const now = store.getState();
        now.setSave(now.revision === revision ? { state: 'saved', at: Date.now() } : { state: 'dirty' }, revision);
      } catch (error) {
        store.getState().setSave({ state: 'error', error });
      } finally {
        inFlight = null;
      }
    })();
    await inFlight;
    const after = store.getState();
    if (!stopped && after.revision !== after.savedRevision && after.save.state === 'dirty') schedule();
  };

  const schedule = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => void run(), delay);
  };

  const unsubscribe = store.subscribe((state, prev) => {
    if (state.revision !== prev.revision && state.revision !== state.savedRevision) schedule();
  });

  return {
    async flush() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await run();
    },
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      unsubscribe();
    },
  };
}

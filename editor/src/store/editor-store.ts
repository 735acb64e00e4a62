/**
 * One vanilla zustand store per open editor (no module singleton): the definition
 * being edited, the selection, the undo history and the save status. Edits are data
 * (a union keyed by `type`) applied by a pure function the caller hands in, so the
 * form designer and the workflow designer share this store with their own edits.
 *
 * A `guard` sees every proposed change before it lands (e.g. HQ locks through the
 * runtime's `checkLocks`); when it objects the edit is refused, the definition is
 * left alone and the reason is kept in `refusal` for the UI to explain.
 *
 * @example
 * const store = createEditorStore({ definition, applyEdit: applyFormEdit });
 * store.getState().apply({ type: 'field.remove', key: 'phone' });
 * store.getState().undo();
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { emptyHistory, markHistory, pushHistory, redoHistory, undoHistory, type History } from './history';

export interface Selection {
  /** What is selected: `field`, `section`, `node`, `edge` … */
  readonly type: string;
  readonly id: string;
}

/** Why an edit was refused, in both UI languages. */
export interface Refusal {
  readonly editType: string;
  readonly reasons: readonly { pointer: string; message: { 'zh-CN': string; en: string } }[];
}

export type SaveStatus =
  | { readonly state: 'saved'; readonly at?: number }
  | { readonly state: 'dirty' }
  | { readonly state: 'saving' }
  /** Not sent: the draft has problems the server would refuse (e.g. an empty expression). */
  | { readonly state: 'invalid' }
  | { readonly state: 'error'; readonly error: unknown };

export interface EditorState<D, E extends { type: string }> {
  // definition slice
  readonly definition: D;
  /** Bumped by every change of `definition` (edit, undo, redo); autosave compares it. */
  readonly revision: number;
  readonly readOnly: boolean;
  // selection slice
  readonly selection: Selection | null;
  // history slice
  readonly history: History<D>;
  readonly refusal: Refusal | null;
  // persistence slice
  readonly save: SaveStatus;
  readonly savedRevision: number;

  /** Apply one edit; returns false when it changed nothing or was refused. */
  apply(edit: E, options?: { coalesce?: string }): boolean;
  undo(): boolean;
  redo(): boolean;
  /** Close the current coalescing group (e.g. when a text input loses focus). */
  mark(): void;
  select(selection: Selection | null): void;
  dismissRefusal(): void;
  /** Replace the definition from outside (a load from the server); clears history. */
  load(definition: D, options?: { readOnly?: boolean }): void;
  /**
   * Complete the definition with what the designer derived on its own (e.g. positions
   * of nodes it laid out automatically): no undo step and no save of its own — it
   * reaches the server with the next save, as part of the user's next edit.
   */
  settle(definition: D): void;
  setSave(status: SaveStatus, savedRevision?: number): void;
}

export interface EditorStoreOptions<D, E extends { type: string }> {
  definition: D;
  applyEdit: (definition: D, edit: E) => D;
  guard?: (before: D, after: D, edit: E) => Refusal | null;
  readOnly?: boolean;
}

export type EditorStore<D, E extends { type: string }> = StoreApi<EditorState<D, E>>;

export function createEditorStore<D, E extends { type: string }>(options: EditorStoreOptions<D, E>): EditorStore<D, E> {
  const { applyEdit, guard } = options;
  return createStore<EditorState<D, E>>()((set, get) => ({
    definition: options.definition,
    revision: 0,
    readOnly: options.readOnly ?? false,
    selection: null,
    history: emptyHistory<D>(),
    refusal: null,
    save: { state: 'saved' },
    savedRevision: 0,

    apply(edit, opts) {
      const state = get();
      if (state.readOnly) return false;
      const before = state.definition;
      const after = applyEdit(before, edit);
      if (after === before) return false;
      const refusal = guard?.(before, after, edit) ?? null;
      if (refusal) {
        set({ refusal });
        return false;
      }
      set({
        definition: after,
        revision: state.revision + 1,
        history: pushHistory(state.history, before, edit.type, opts?.coalesce),
        refusal: null,
        save: { state: 'dirty' },
      });
      return true;
    },
    undo() {
      const state = get();
      if (state.readOnly) return false;
      const step = undoHistory(state.history, state.definition);
      if (!step) return false;
      set({ definition: step.definition, history: step.history, revision: state.revision + 1, refusal: null, save: { state: 'dirty' } });
      return true;
    },
    redo() {
      const state = get();
      if (state.readOnly) return false;
      const step = redoHistory(state.history, state.definition);
      if (!step) return false;
      set({ definition: step.definition, history: step.history, revision: state.revision + 1, refusal: null, save: { state: 'dirty' } });
      return true;
    },
    mark() {
      const history = markHistory(get().history);
      if (history !== get().history) set({ history });
    },
    select(selection) {
      const current = get().selection;
      if (current?.type === selection?.type && current?.id === selection?.id) return;
      set({ selection, history: markHistory(get().history) });
    },
    dismissRefusal() {
      set({ refusal: null });
    },
    load(definition, opts) {
      const revision = get().revision + 1;
      set({
        definition,
        revision,
        savedRevision: revision,
        readOnly: opts?.readOnly ?? get().readOnly,
        history: emptyHistory<D>(),
        refusal: null,
        save: { state: 'saved' },
      });
    },
    settle(definition) {
      if (definition !== get().definition) set({ definition });
    },
    setSave(status, savedRevision) {
      set(savedRevision === undefined ? { save: status } : { save: status, savedRevision });
    },
  }));
}

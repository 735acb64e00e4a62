/**
 * Hands an editor's store down the React tree, as React Flow's provider does: each
 * open editor has its own store, and a component used outside a provider fails
 * loudly instead of silently talking to some shared instance.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { EditorState, EditorStore } from './editor-store';

// The context is untyped at the top; the hooks below restore the caller's types.
const EditorStoreContext = createContext<EditorStore<unknown, { type: string }> | null>(null);

export function EditorStoreProvider<D, E extends { type: string }>({ store, children }: { store: EditorStore<D, E>; children: ReactNode }) {
  return <EditorStoreContext.Provider value={store as unknown as EditorStore<unknown, { type: string }>}>{children}</EditorStoreContext.Provider>;
}

export const MISSING_PROVIDER_MESSAGE =
  'No editor store found: wrap this component in <EditorStoreProvider store={createEditorStore(…)}> (one store per open editor).';

/** The store itself, for actions and imperative reads. Throws outside a provider. */
export function useEditorStoreApi<D, E extends { type: string }>(): EditorStore<D, E> {
  const store = useContext(EditorStoreContext);
  if (!store) throw new Error(MISSING_PROVIDER_MESSAGE);
  return store as unknown as EditorStore<D, E>;
}

/** Read a narrow slice of the editor state; re-renders only when it changes. */
export function useEditor<D, E extends { type: string }, T>(selector: (state: EditorState<D, E>) => T): T {
  return useStore(useEditorStoreApi<D, E>(), selector);
}

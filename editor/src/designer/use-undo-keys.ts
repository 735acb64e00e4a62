/**
 * Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y, ⌘ on macOS) undo and redo the editor's store,
 * also while typing in a property field, where each keystroke is a store edit.
 * Monaco keeps its own undo while it has focus: its edits reach the store as one step;
 * so do inputs inside `[data-native-undo]`, which do not edit the definition.
 */
import { useEffect } from 'react';
import type { EditorStore } from '../store/editor-store';

export function undoKeyAction(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): 'undo' | 'redo' | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  const key = e.key.toLowerCase();
  if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
  if (key === 'y' && !e.shiftKey) return 'redo';
  return null;
}

export function useUndoKeys<D, E extends { type: string }>(store: EditorStore<D, E>): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = undoKeyAction(e);
      if (!action) return;
      const target = e.target as HTMLElement | null;
      // Monaco, and fields that are not part of the definition (a dry run's sample record,
      // marked data-native-undo), keep the browser's own undo of what was typed there.
      if (target?.closest?.('.monaco-editor, [data-native-undo]')) return;
      e.preventDefault();
      store.getState().mark();
      if (action === 'undo') store.getState().undo();
      else store.getState().redo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);
}

/**
 * The workflow designer's store: the shared editor store (definition, selection,
 * undo history, save status) with workflow edits applied by the pure
 * `applyWorkflowEdit`, HQ's locks honoured there.
 *
 * @example
 * const store = createWorkflowStore(definition, { locks: template.locks });
 * store.getState().apply({ type: 'edge.connect', from: 'check', port: 'true', to: 'task_1' });
 * store.getState().undo();
 */
import type { Lock, Template, WorkflowDefinition } from '@branchline/schemas';
import { createEditorStore, type EditorState, type EditorStore, type Refusal } from '../store/editor-store';
import { useEditor, useEditorStoreApi } from '../store/editor-context';
import { applyWorkflowEdit, type WorkflowEdit } from './model/edits';
import { workflowLocks, type WorkflowLocks } from './model/locks';

export type WorkflowEditorState = EditorState<WorkflowDefinition, WorkflowEdit>;
export type WorkflowEditorStore = EditorStore<WorkflowDefinition, WorkflowEdit>;

export interface WorkflowStoreOptions {
  /** HQ's template (or just its lock list) when the definition is an instance of one. */
  readonly locks?: Template | readonly Lock[] | WorkflowLocks;
  readonly readOnly?: boolean;
  /** A further check of every change (e.g. the runtime's lock check against the template). */
  readonly guard?: (before: WorkflowDefinition, after: WorkflowDefinition, edit: WorkflowEdit) => Refusal | null;
}

function isIndex(locks: WorkflowStoreOptions['locks']): locks is WorkflowLocks {
  return !!locks && !Array.isArray(locks) && 'points' in locks;
}

export function createWorkflowStore(definition: WorkflowDefinition, options: WorkflowStoreOptions = {}): WorkflowEditorStore {
  const locks = isIndex(options.locks) ? options.locks : workflowLocks(options.locks as Template | readonly Lock[] | undefined);
  return createEditorStore<WorkflowDefinition, WorkflowEdit>({
    definition,
    applyEdit: (def, edit) => applyWorkflowEdit(def, edit, locks),
    ...(options.guard ? { guard: options.guard } : {}),
    ...(options.readOnly !== undefined ? { readOnly: options.readOnly } : {}),
  });
}

export const useWorkflowStoreApi = () => useEditorStoreApi<WorkflowDefinition, WorkflowEdit>();
export const useWorkflowEditor = <T,>(selector: (state: WorkflowEditorState) => T): T => useEditor<WorkflowDefinition, WorkflowEdit, T>(selector);

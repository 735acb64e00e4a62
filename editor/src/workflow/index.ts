/**
 * The workflow designer (issue 6): React Flow canvas, palette, property panels,
 * problems, dry run and past runs over the shared editor store.
 *
 * Mounting, with a store shared with other views (JSON view, autosave):
 *
 *   const store = createWorkflowStore(definition, { locks });
 *   <EditorStoreProvider store={store}><WorkflowDesigner locks={locks} form={form} definitionId={id} /></EditorStoreProvider>
 *
 * or self-contained: `<WorkflowEditor definition={…} />`. Importing this index pulls
 * in the canvas; a first-screen module should import `./lazy` instead.
 */
export { WorkflowDesigner, type WorkflowDesignerProps } from './WorkflowDesigner';
export { workflowProblems } from './validation/problems-of';
export { default as WorkflowEditor, type WorkflowEditorProps } from './WorkflowEditor';
export { LazyWorkflowDesigner, LazyWorkflowEditor } from './lazy';
export { createWorkflowStore, useWorkflowEditor, useWorkflowStoreApi, type WorkflowEditorState, type WorkflowEditorStore, type WorkflowStoreOptions } from './workflow-store';
export { applyWorkflowEdit, type WorkflowEdit } from './model/edits';
export { workflowLocks, type WorkflowLocks } from './model/locks';

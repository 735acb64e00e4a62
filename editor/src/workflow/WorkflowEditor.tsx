/**
 * A self-contained workflow editor: its own store (one per mount), the undo keys,
 * and the designer. For pages that just have a definition in hand; a page that
 * shares the store with other views (JSON view, autosave) creates the store itself
 * and renders `WorkflowDesigner` inside its `EditorStoreProvider`.
 *
 * @example
 * <WorkflowEditor definition={def} template={template} onChange={(d) => save(d)} />
 */
import { useEffect, useState } from 'react';
import type { FormDefinition, Template, WorkflowDefinition } from '@branchline/schemas';
import { EditorStoreProvider } from '../store/editor-context';
import { useUndoKeys } from '../designer/use-undo-keys';
import { createWorkflowStore, type WorkflowEditorStore } from './workflow-store';
import { WorkflowDesigner } from './WorkflowDesigner';

export interface WorkflowEditorProps {
  readonly definition: WorkflowDefinition;
  /** HQ's template when the definition is an instance of one (its locks and extension points). */
  readonly template?: Template;
  readonly form?: FormDefinition;
  readonly readOnly?: boolean;
  readonly definitionId?: string;
  /** A past run to show at once on the canvas (see WorkflowDesigner). */
  readonly openRun?: string;
  onChange?(definition: WorkflowDefinition): void;
  onReady?(): void;
  /** Hands the store out, e.g. to a test or a save button. */
  onStore?(store: WorkflowEditorStore): void;
}

export default function WorkflowEditor({ definition, template, form, readOnly, definitionId, openRun, onChange, onReady, onStore }: WorkflowEditorProps) {
  const [store] = useState(() => createWorkflowStore(definition, { ...(template ? { locks: template } : {}), ...(readOnly !== undefined ? { readOnly } : {}) }));
  useUndoKeys(store);
  useEffect(() => onStore?.(store), [store, onStore]);
  useEffect(() => (onChange ? store.subscribe((s, prev) => s.definition !== prev.definition && onChange(s.definition)) : undefined), [store, onChange]);
  return (
    <EditorStoreProvider store={store}>
      <WorkflowDesigner undoButtons {...(template ? { template } : {})} {...(form ? { form } : {})} {...(definitionId ? { definitionId } : {})} {...(openRun ? { openRun } : {})} {...(onReady ? { onReady } : {})} />
    </EditorStoreProvider>
  );
}

/**
 * What differs between the form designer and the workflow designer, behind one
 * small interface: how the store is made (edits, lock guard) and which body renders.
 * Both kinds accept the `definition.replace` edit that the JSON view and version
 * history send.
 */
import type { FormDefinition, Template, WorkflowDefinition } from '@branchline/schemas';
import { templateOf as toTemplate, type Definition, type DefinitionDetail } from '../api/types';
import { createEditorStore, type EditorStore } from '../store/editor-store';
import { applyFormEdit, deepEqual, type FormEdit } from '../store/form-edits';
import { applyWorkflowEdit, type WorkflowEdit } from '../workflow/model/edits';
import { workflowLocks } from '../workflow/model/locks';
import { lockGuard } from './lock-guard';
import { preloadable, type Preloadable } from '../ui/preloadable';

export interface ReplaceEdit {
  readonly type: 'definition.replace';
  readonly definition: Definition;
}

export type AnyEdit = { readonly type: string };
export type AnyStore = EditorStore<Definition, AnyEdit>;

export interface DesignerBodyProps {
  readonly detail: DefinitionDetail;
}

export interface DesignerKind {
  createStore(detail: DefinitionDetail, readOnly: boolean): AnyStore;
  /** The designer itself, loaded on first use (`preload()` fetches it ahead). */
  readonly Body: Preloadable<DesignerBodyProps>;
}

/** The template document of an instance; a mandatory workflow's steps are implicitly locked, so it says so. */
export function templateOf(detail: DefinitionDetail): Template | null {
  const t = toTemplate(detail.template);
  return t && detail.mandatory ? { ...t, mandatory: true } : t;
}

function replace(d: Definition, e: AnyEdit): Definition {
  const next = (e as ReplaceEdit).definition;
  return deepEqual(d, next) ? d : next;
}

const formKind: DesignerKind = {
  createStore(detail, readOnly) {
    const guard = lockGuard<Definition>(templateOf(detail));
    return createEditorStore<Definition, AnyEdit>({
      definition: detail.definition as FormDefinition,
      readOnly,
      applyEdit: (d, e) => (e.type === 'definition.replace' ? replace(d, e) : applyFormEdit(d as FormDefinition, e as FormEdit)),
      ...(guard ? { guard } : {}),
    });
  },
  Body: preloadable(() => import('../form-designer/FormDesigner')),
};

const workflowKind: DesignerKind = {
  createStore(detail, readOnly) {
    const template = templateOf(detail);
    const locks = workflowLocks(template);
    const guard = lockGuard<Definition>(template);
    return createEditorStore<Definition, AnyEdit>({
      definition: detail.definition as WorkflowDefinition,
      readOnly,
      applyEdit: (d, e) => (e.type === 'definition.replace' ? replace(d, e) : applyWorkflowEdit(d as WorkflowDefinition, e as WorkflowEdit, locks)),
      ...(guard ? { guard } : {}),
    });
  },
  Body: preloadable(() => import('./WorkflowBody')),
};

export function designerKind(kind: DefinitionDetail['kind']): DesignerKind {
  return kind === 'workflow' ? workflowKind : formKind;
}

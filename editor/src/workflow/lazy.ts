/**
 * Lazy entries of the workflow designer: import these from a first-screen module so
 * React Flow, dagre and the designer load only when a workflow is first opened.
 */
import { lazy } from 'react';

/** `<LazyWorkflowDesigner …/>` inside an `EditorStoreProvider` holding a workflow store. */
export const LazyWorkflowDesigner = lazy(() => import('./WorkflowDesigner').then((m) => ({ default: m.WorkflowDesigner })));

/** `<LazyWorkflowEditor definition={…}/>`: designer with its own store and undo keys. */
export const LazyWorkflowEditor = lazy(() => import('./WorkflowEditor'));

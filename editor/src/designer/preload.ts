/** Fetch the designer chunk for a definition kind ahead of rendering it (same modules as the lazy routes). */
export function preloadDesigner(kind: 'form' | 'workflow'): Promise<unknown> {
  return kind === 'workflow' ? import('./WorkflowBody') : import('../form-designer/FormDesigner');
}

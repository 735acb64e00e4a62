/**
 * Undo / redo, auto-layout, zoom to fit, and the problem count of the workflow
 * designer. Auto-layout writes every position in one edit, so one undo restores the
 * hand-made layout.
 */
import { useReactFlow } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { useWorkflowDesigner } from '../designer-context';
import { useWorkflowEditor, useWorkflowStoreApi } from '../workflow-store';
import { autoLayout } from '../model/layout';
import { TRIGGER_ID } from '../model/flow-mapping';

// Nodes outside the view may never have rendered: fit them by their estimated size.
const FIT = { duration: 300, includeHiddenNodes: true, minZoom: 0.05, maxZoom: 1, padding: 0.1 } as const;

export function Toolbar({ onShowProblems, undoButtons }: { onShowProblems(): void; undoButtons: boolean }) {
  const { t } = useTranslation();
  const store = useWorkflowStoreApi();
  const rf = useReactFlow();
  const canUndo = useWorkflowEditor((s) => !s.readOnly && s.history.past.length > 0);
  const canRedo = useWorkflowEditor((s) => !s.readOnly && s.history.future.length > 0);
  const readOnly = useWorkflowEditor((s) => s.readOnly);
  const { problems } = useWorkflowDesigner();
  const errors = problems.all.filter((p) => p.problem.severity !== 'warning').length;
  const warnings = problems.all.length - errors;

  const layout = () => {
    const sizes = new Map<string, { width: number; height: number }>();
    for (const n of rf.getNodes()) if (n.id !== TRIGGER_ID && n.measured?.width && n.measured.height) sizes.set(n.id, { width: n.measured.width, height: n.measured.height });
    store.getState().apply({ type: 'nodes.move', positions: autoLayout(store.getState().definition, { sizes }) });
    requestAnimationFrame(() => void rf.fitView(FIT));
  };

  return (
    <div className="wf-toolbar" role="toolbar" aria-label={t('workflow.toolbar.label')}>
      {undoButtons && (
        <>
          <button type="button" className="btn btn-small" data-testid="wf-undo" disabled={!canUndo} title="Ctrl+Z" onClick={() => store.getState().undo()}>
            ↶ {t('workflow.toolbar.undo')}
          </button>
          <button type="button" className="btn btn-small" data-testid="wf-redo" disabled={!canRedo} title="Ctrl+Shift+Z" onClick={() => store.getState().redo()}>
            ↷ {t('workflow.toolbar.redo')}
          </button>
          <span className="wf-toolbar__sep" />
        </>
      )}
      <button type="button" className="btn btn-small" data-testid="wf-auto-layout" disabled={readOnly} onClick={layout}>
        {t('workflow.toolbar.autoLayout')}
      </button>
      <button type="button" className="btn btn-small" data-testid="wf-fit" onClick={() => void rf.fitView(FIT)}>
        {t('workflow.toolbar.fit')}
      </button>
      <span className="wf-toolbar__sep" />
      <button type="button" className={`btn btn-small wf-toolbar__problems${errors ? ' has-errors' : ''}`} data-testid="wf-problem-count" onClick={onShowProblems}>
        {errors || warnings ? t('workflow.problems.summary', { errors, warnings }) : `✓ ${t('workflow.problems.none')}`}
      </button>
      {readOnly && <span className="wf-node__tag">{t('workflow.toolbar.readOnly')}</span>}
    </div>
  );
}

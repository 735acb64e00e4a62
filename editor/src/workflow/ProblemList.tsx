/**
 * Every problem the validator found, in its order; choosing one selects the node
 * (or the edge, or the trigger) it points at and centers the canvas there.
 */
import { useTranslation } from 'react-i18next';
import { messageText } from '../i18n/localized';
import { useWorkflowDesigner } from './designer-context';
import { useWorkflowStoreApi } from './workflow-store';
import { TRIGGER_ID } from './model/flow-mapping';
import type { ProblemTarget } from './model/problems';

export function ProblemList() {
  const { t, i18n } = useTranslation();
  const store = useWorkflowStoreApi();
  const { problems, focusNode } = useWorkflowDesigner();
  const jump = (target: ProblemTarget) => {
    if (target.kind === 'node') focusNode(target.id);
    else if (target.kind === 'trigger') focusNode(TRIGGER_ID);
    else if (target.kind === 'edge') {
      focusNode(target.from);
      store.getState().select({ type: 'edge', id: target.id });
    }
  };
  if (problems.all.length === 0) {
    return (
      <p className="wf-problems wf-problems--none" data-testid="wf-problems-none">
        ✓ {t('workflow.problems.none')}
      </p>
    );
  }
  return (
    <ol className="wf-problems" data-testid="wf-problems" aria-label={t('workflow.problems.title')}>
      {problems.all.map(({ problem, target }, i) => {
        const where = target.kind === 'node' ? target.id : target.kind === 'edge' ? `${target.from} → ${target.id}` : target.kind === 'trigger' ? t('workflow.trigger.label') : t('workflow.problems.workflow');
        return (
          <li key={`${problem.pointer}:${problem.code}:${i}`} className={problem.severity === 'warning' ? 'is-warning' : 'is-error'}>
            <button type="button" className="wf-problems__item" disabled={target.kind === 'workflow'} onClick={() => jump(target)} data-testid="wf-problem" data-target={target.kind === 'node' ? target.id : undefined}>
              <span className="wf-problems__where">{where}</span>
              <span>{messageText(problem.message, i18n.language)}</span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}

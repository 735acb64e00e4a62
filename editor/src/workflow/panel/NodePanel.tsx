/**
 * The property panel of the selected node: its title and description, the panel
 * of its kind, the problems the validator found on it, and — for a node HQ locked —
 * the lock with HQ's policy, everything read-only and no delete — and its
 * connections, one select per exit, the keyboard way to connect steps.
 *
 * Every change is one store edit; keystrokes in one field fold into one undo step
 * (coalesced by node and field) until the field loses focus.
 */
import { useCallback, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import type { NodeKind, WorkflowNode } from '@branchline/schemas';
import { localized, messageText } from '../../i18n/localized';
import { useWorkflowDesigner } from '../designer-context';
import { useWorkflowEditor, useWorkflowStoreApi } from '../workflow-store';
import { KIND_ICONS } from '../canvas/kind-icons';
import { LocalizedInput, Section } from './fields';
import { ConditionPanel, EndPanel, ScorePanel, SetPanel, SplitPanel, SwitchPanel, type KindPanelProps } from './flow-panels';
import { ApprovalPanel, HttpPanel, NotifyPanel, TaskPanel, WaitPanel } from './work-panels';
import { LockIcon } from '../canvas/LockIcon';
import { ConnectionsSection } from './Connections';

const KIND_PANELS: { [K in NodeKind]: ComponentType<KindPanelProps<K>> } = {
  condition: ConditionPanel,
  switch: SwitchPanel,
  set: SetPanel,
  task: TaskPanel,
  approval: ApprovalPanel,
  notify: NotifyPanel,
  wait: WaitPanel,
  http: HttpPanel,
  score: ScorePanel,
  split: SplitPanel,
  end: EndPanel,
};

export function NodePanel({ nodeId }: { nodeId: string }) {
  const { t, i18n } = useTranslation();
  const store = useWorkflowStoreApi();
  const node = useWorkflowEditor((s) => s.definition.nodes.find((n) => n.id === nodeId));
  const isStart = useWorkflowEditor((s) => s.definition.start === nodeId);
  const storeReadOnly = useWorkflowEditor((s) => s.readOnly);
  const { locks, problems, focusNode } = useWorkflowDesigner();
  const lock = locks.nodes.get(nodeId);
  const readOnly = storeReadOnly || !!lock;

  const update = useCallback((next: WorkflowNode, field: string) => store.getState().apply({ type: 'node.update', node: next }, { coalesce: `${nodeId}/${field}` }), [store, nodeId]);
  const mark = useCallback(() => store.getState().mark(), [store]);

  if (!node) return null;
  const Panel = KIND_PANELS[node.kind] as ComponentType<KindPanelProps<NodeKind>>;
  const nodeProblems = problems.byNode.get(nodeId) ?? [];
  const remove = () => {
    store.getState().apply({ type: 'elements.remove', nodeIds: [nodeId], edgeIds: [] });
    store.getState().select(null);
  };

  return (
    <div className="wf-panel" data-testid="wf-node-panel" data-node={nodeId}>
      <header className="wf-panel__header">
        <span className="wf-node__icon" aria-hidden="true">
          {KIND_ICONS[node.kind]}
        </span>
        <h2>{t(`workflow.kind.${node.kind}`)}</h2>
        <code className="muted">{node.id}</code>
        {isStart && <span className="wf-node__tag">{t('workflow.node.start')}</span>}
      </header>
      {lock && (
        <div className="wf-lock-banner" role="note" data-testid="wf-lock-banner">
          <strong>
            <LockIcon /> {t('workflow.lock.title')}
          </strong>
          <p>{localized(lock, i18n.language)}</p>
          <p className="muted">{t('workflow.lock.help')}</p>
        </div>
      )}
      {nodeProblems.length > 0 && (
        <ul className="wf-panel__problems" role="alert">
          {nodeProblems.map((p, i) => (
            <li key={i} className={p.severity === 'warning' ? 'is-warning' : ''}>
              {messageText(p.message, i18n.language)}
            </li>
          ))}
        </ul>
      )}
      <fieldset className="wf-panel__body" disabled={readOnly}>
        <Section title={t('workflow.panel.general')}>
          <LocalizedInput
            label={t('workflow.panel.title')}
            value={node.title}
            readOnly={readOnly}
            testId="wf-node-title"
            onBlur={mark}
            onChange={(title) => {
              const { title: _old, ...rest } = node;
              update((title ? { ...rest, title } : rest) as WorkflowNode, 'title');
            }}
          />
          <LocalizedInput
            label={t('workflow.panel.description')}
            value={node.description}
            multiline
            readOnly={readOnly}
            onBlur={mark}
            onChange={(description) => {
              const { description: _old, ...rest } = node;
              update((description ? { ...rest, description } : rest) as WorkflowNode, 'description');
            }}
          />
        </Section>
        <Panel node={node} update={update} mark={mark} readOnly={readOnly} />
      </fieldset>
      {/* Outside the locked fieldset: like a drag on the canvas, what may be rewired is up to the edge's lock and HQ's guard. */}
      <ConnectionsSection nodeId={nodeId} />
      <footer className="wf-panel__footer">
        {!isStart && !readOnly && (
          <button type="button" className="btn" onClick={() => store.getState().apply({ type: 'start.set', nodeId })}>
            {t('workflow.panel.makeStart')}
          </button>
        )}
        <button type="button" className="btn" onClick={() => focusNode(nodeId)}>
          {t('workflow.panel.center')}
        </button>
        <button type="button" className="btn btn-danger" data-testid="wf-node-delete" disabled={readOnly} title={lock ? localized(lock, i18n.language) : undefined} onClick={remove}>
          {t('workflow.panel.delete')}
        </button>
      </footer>
    </div>
  );
}

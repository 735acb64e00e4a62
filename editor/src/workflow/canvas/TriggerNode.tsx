/**
 * The definition's trigger, drawn above the start node. Its one handle connects to
 * the node the run starts at: dragging it to another node moves `start`.
 */
import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { Trigger } from '@branchline/schemas';
import { localized } from '../../i18n/localized';
import { TRIGGER_HANDLE, type TriggerFlowNode } from '../model/flow-mapping';
import { LockIcon } from './LockIcon';
import { useCanvasText } from './canvas-text';

/** i18n keys cannot hold dots: `record.created` → `record_created`. */
export const triggerKey = (type: Trigger['type']) => type.replace('.', '_');

export function triggerDetail(trigger: Trigger): string {
  switch (trigger.type) {
    case 'record.created':
    case 'record.updated':
    case 'manual':
      return trigger.form ?? '';
    case 'field.changed':
      return `${trigger.form}: ${trigger.fields.join(', ')}`;
    case 'event':
      return trigger.event;
    case 'schedule':
      return trigger.cron;
  }
}

function TriggerNodeView({ data, selected }: NodeProps<TriggerFlowNode>) {
  const { t, lang } = useCanvasText();
  const { trigger, lock, problems, visited } = data;
  const cls = ['wf-node', 'wf-node--trigger', selected ? 'is-selected' : '', lock ? 'is-locked' : '', problems ? 'has-errors' : '', visited ? 'run-visited' : ''].join(' ');
  return (
    <div className={cls} data-testid="wf-trigger">
      <div className="wf-node__head">
        <span className="wf-node__icon" aria-hidden="true">
          ⚡
        </span>
        <span className="wf-node__kind">{t('workflow.trigger.label')}</span>
        {lock && (
          <span className="wf-node__lock" title={localized(lock, lang)} data-testid="wf-lock">
            <LockIcon />
          </span>
        )}
        {problems && (
          <span className="wf-node__badge" data-testid="wf-problem-badge">
            {problems.length}
          </span>
        )}
      </div>
      <div className="wf-node__title">{t(`workflow.trigger.type.${triggerKey(trigger.type)}`)}</div>
      <div className="wf-node__summary">{triggerDetail(trigger)}</div>
      <div className="wf-node__ports">
        <div className="wf-port">
          <Handle type="source" position={Position.Bottom} id={TRIGGER_HANDLE} className="wf-handle" aria-label={t('workflow.trigger.startHandle')} />
        </div>
      </div>
    </div>
  );
}

export const TriggerNode = memo(TriggerNodeView);

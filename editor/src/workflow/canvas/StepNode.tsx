/**
 * A workflow node on the canvas: kind, title, a one-line summary, one labelled
 * source handle per port along the bottom, the lock with HQ's policy, a problem
 * badge, and — during a dry run or when a past run is shown — the values the run saw.
 *
 * Memoized on its data: the mapping keeps `data` fields identical when nothing
 * changed, so on a 300-node canvas only the edited node re-renders.
 */
import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { TFunction } from 'i18next';
import type { Problem } from '@branchline/schemas';
import { localized } from '../../i18n/localized';
import { TARGET_HANDLE, type StepFlowNode } from '../model/flow-mapping';
import { nodeSummary, type SummaryPart } from '../model/node-summary';
import { fromIsoDuration } from '../model/duration';
import type { Port } from '../model/ports';
import { formatTraceValue } from '../run/trace-overlay';
import { NODE_VALUE_ROWS, shownValues } from '../model/run-values';
import { KIND_ICONS } from './kind-icons';
import { useCanvasText } from './canvas-text';
import { LockIcon } from './LockIcon';

// Labels come translated from the node: no i18n hook per port (300 nodes × ports add up).
function PortHandle({ port, label }: { port: Port; label: string }) {
  return (
    <div className={`wf-port wf-port--${port.tone}`}>
      <span className="wf-port__label">{label}</span>
      <Handle type="source" position={Position.Bottom} id={port.id} className="wf-handle" aria-label={label} />
    </div>
  );
}

function problemText(problems: readonly Problem[], lang: string): string {
  return problems.map((p) => (lang === 'en' ? p.message.en : p.message['zh-CN'])).join('\n');
}

/** `PT4H` → "4 h" / "4 小时". */
function spokenDuration(iso: string, t: TFunction): string {
  const d = fromIsoDuration(iso);
  return d ? t(`workflow.duration.short_${d.unit}`, { count: d.amount }) : iso;
}

function Summary({ parts, t }: { parts: SummaryPart[]; t: TFunction }) {
  if (parts.length === 0) return null;
  const text = parts.map((p) => ('text' in p ? p.text : t(p.key, p.values))).join(' · ');
  return (
    <div className="wf-node__summary" title={text}>
      {text}
    </div>
  );
}

function StepNodeView({ data, selected }: NodeProps<StepFlowNode>) {
  const { t, lang } = useCanvasText();
  const { node, ports, lock, problems, visit, runState, isStart } = data;
  const title = localized(node.title, lang) || ('name' in node ? localized(node.name, lang) : '') || t(`workflow.kind.${node.kind}`);
  const errors = problems?.filter((p) => p.severity !== 'warning').length ?? 0;
  const cls = [
    'wf-node',
    `wf-node--${node.kind}`,
    selected ? 'is-selected' : '',
    lock ? 'is-locked' : '',
    problems?.length ? (errors ? 'has-errors' : 'has-warnings') : '',
    runState ? `run-${runState}` : '',
  ].join(' ');
  const values = shownValues(visit?.values).slice(0, NODE_VALUE_ROWS);
  return (
    <div className={cls} data-testid={`wf-node-${node.id}`} data-run={runState}>
      <Handle type="target" position={Position.Top} id={TARGET_HANDLE} className="wf-handle wf-handle--in" />
      <div className="wf-node__head">
        <span className="wf-node__icon" aria-hidden="true">
          {KIND_ICONS[node.kind]}
        </span>
        <span className="wf-node__kind">{t(`workflow.kind.${node.kind}`)}</span>
        {isStart && <span className="wf-node__tag">{t('workflow.node.start')}</span>}
        {lock && (
          <span className="wf-node__lock" title={localized(lock, lang)} aria-label={t('workflow.lock.lockedBy', { policy: localized(lock, lang) })} data-testid="wf-lock">
            <LockIcon />
          </span>
        )}
        {problems && problems.length > 0 && (
          <span className="wf-node__badge" title={problemText(problems, lang)} aria-label={t('workflow.problems.count', { count: problems.length })} data-testid="wf-problem-badge">
            {problems.length}
          </span>
        )}
        {visit && visit.count > 1 && <span className="wf-node__tag">×{visit.count}</span>}
      </div>
      <div className="wf-node__title" title={node.id}>
        {title}
      </div>
      <Summary parts={nodeSummary(node, (iso) => spokenDuration(iso, t))} t={t} />
      {values.length > 0 && (
        <dl className="wf-node__values" data-testid="wf-node-values">
          {values.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{formatTraceValue(v, 28, k)}</dd>
            </div>
          ))}
        </dl>
      )}
      {ports.length > 0 && (
        <div className="wf-node__ports">
          {ports.map((p) => (
            <PortHandle key={p.id} port={p} label={p.label.kind === 'key' ? t(p.label.key) : localized(p.label.text, lang) || p.id} />
          ))}
        </div>
      )}
    </div>
  );
}

export const StepNode = memo(StepNodeView);

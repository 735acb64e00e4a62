/**
 * The keyboard (and screen-reader) way to connect steps: each exit of the selected
 * node with a select of the step it leads to ("not connected" cuts it), and, in
 * the trigger's panel, the first step. A choice is the very edit a drag between
 * handles makes (`connectEdit`), so it is one undo step — arrowing through a
 * closed select folds into that one step until the select loses focus — and HQ's
 * lock guard sees it. An edge HQ fixed is shown as text with HQ's policy; a change
 * the guard refuses says why, next to the select.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { WorkflowNode } from '@branchline/schemas';
import { localized, messageText } from '../../i18n/localized';
import type { Refusal } from '../../store/editor-store';
import { useWorkflowDesigner } from '../designer-context';
import { useWorkflowEditor, useWorkflowStoreApi } from '../workflow-store';
import { connectEdit, connectionsOf, disconnectEdit, type PortConnection } from '../model/connections';
import { TRIGGER_HANDLE, TRIGGER_ID } from '../model/flow-mapping';
import type { WorkflowEdit } from '../model/edits';
import { LockIcon } from '../canvas/LockIcon';
import { Section } from './fields';

/** The select's value for "not connected". Node ids start with a letter, so it cannot clash. */
const NONE = '';

/** A step as people read it in a list: its title (or name, or kind) and its id. */
export function stepLabel(node: WorkflowNode, lang: string, t: TFunction): string {
  const title = localized(node.title, lang) || ('name' in node ? localized(node.name, lang) : '') || t(`workflow.kind.${node.kind}`);
  return t('workflow.connections.step', { title, id: node.id });
}

function portLabel(c: PortConnection, lang: string, t: TFunction): string {
  const { label } = c.port;
  return label.kind === 'key' ? t(label.key, { defaultValue: c.port.id }) : localized(label.text, lang) || c.port.id;
}

/** Applies a connection edit, folded per port until blur; returns the refusal when the guard said no. */
function useConnectionEdit(group: string) {
  const store = useWorkflowStoreApi();
  const [refused, setRefused] = useState<{ key: string; refusal: Refusal } | null>(null);
  const apply = (key: string, edit: WorkflowEdit | null) => {
    if (!edit) return;
    const state = store.getState();
    const done = state.apply(edit, { coalesce: `${group}/connect/${key}` });
    const refusal = done ? null : store.getState().refusal;
    setRefused(refusal ? { key, refusal } : null);
  };
  const mark = () => store.getState().mark();
  return { apply, mark, refusedAt: (key: string) => (refused?.key === key ? refused.refusal : null) };
}

function Refused({ refusal, id }: { refusal: Refusal; id: string }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="wf-connection__refused" role="alert" id={id} data-testid="wf-connection-refused">
      <strong>{t('workflow.connections.refused')}</strong>
      <ul>
        {refusal.reasons.map((r, i) => (
          <li key={i}>{messageText(r.message, i18n.language)}</li>
        ))}
      </ul>
    </div>
  );
}

function PortRow({ nodeId, c, steps, readOnly, apply, mark, refusal }: {
  nodeId: string;
  c: PortConnection;
  steps: readonly WorkflowNode[];
  readOnly: boolean;
  apply(key: string, edit: WorkflowEdit | null): void;
  mark(): void;
  refusal: Refusal | null;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const id = useId();
  const port = portLabel(c, lang, t);
  const label = t('workflow.connections.port', { port });
  const target = c.edge ? steps.find((n) => n.id === c.edge!.to) : undefined;
  const targetText = target ? (target.id === nodeId ? t('workflow.connections.self', { step: stepLabel(target, lang, t) }) : stepLabel(target, lang, t)) : c.edge ? c.edge.to : t('workflow.connections.none');
  const testId = `wf-connection-${c.port.id}`;

  if (c.fixed) {
    return (
      <li className={`wf-connection wf-port--${c.port.tone} is-fixed`} data-testid={testId} data-port={c.port.id} data-target={c.edge?.to}>
        <span className="wf-connection__label" id={`${id}-label`}>
          {label}
        </span>
        <span className="wf-connection__fixed" aria-labelledby={`${id}-label ${id}-target`} aria-describedby={`${id}-lock`} role="group">
          <span id={`${id}-target`}>{targetText}</span>
        </span>
        <p className="wf-connection__lock" id={`${id}-lock`} data-testid="wf-connection-lock">
          <LockIcon /> {t('workflow.connections.fixed', { policy: localized(c.fixed, lang) })}
        </p>
      </li>
    );
  }

  const pointText = c.point ? t('workflow.connections.point', { point: localized(c.point.label, lang) || c.point.id }) : '';
  const describedBy = [c.point ? `${id}-point` : '', refusal ? `${id}-refused` : ''].filter(Boolean).join(' ');
  const value = c.edge?.to ?? NONE;
  return (
    <li className={`wf-connection wf-port--${c.port.tone}`} data-testid={testId} data-port={c.port.id} data-target={c.edge?.to}>
      <label htmlFor={id} className="wf-connection__label">
        {label}
      </label>
      <select
        id={id}
        value={value}
        disabled={readOnly}
        data-testid={`${testId}-select`}
        aria-describedby={describedBy || undefined}
        aria-invalid={refusal ? true : undefined}
        onChange={(e) => apply(c.port.id, e.target.value === NONE ? disconnectEdit({ edges: c.edge ? [c.edge] : [] }, nodeId, c.port.id) : connectEdit(nodeId, c.port.id, e.target.value))}
        onBlur={mark}
      >
        <option value={NONE}>{t('workflow.connections.none')}</option>
        {/* An edge into a step that is gone (written in the JSON view) stays visible until it is changed. */}
        {c.edge && !target && <option value={c.edge.to}>{c.edge.to}</option>}
        {steps.map((n) => (
          <option key={n.id} value={n.id}>
            {n.id === nodeId ? t('workflow.connections.self', { step: stepLabel(n, lang, t) }) : stepLabel(n, lang, t)}
          </option>
        ))}
      </select>
      {c.point && (
        <p className="muted wf-connection__point" id={`${id}-point`}>
          {pointText}
        </p>
      )}
      {refusal && <Refused refusal={refusal} id={`${id}-refused`} />}
    </li>
  );
}

/** The exits of node `nodeId` and where each leads, editable by keyboard. */
export function ConnectionsSection({ nodeId }: { nodeId: string }) {
  const { t } = useTranslation();
  const nodes = useWorkflowEditor((s) => s.definition.nodes);
  const edges = useWorkflowEditor((s) => s.definition.edges);
  const storeReadOnly = useWorkflowEditor((s) => s.readOnly);
  const { locks } = useWorkflowDesigner();
  const { apply, mark, refusedAt } = useConnectionEdit(nodeId);
  const hintId = useId();
  const node = nodes.find((n) => n.id === nodeId);
  if (!node) return null;
  const rows = connectionsOf({ edges }, node, locks);
  return (
    <Section title={t('workflow.connections.title')}>
      <div className="wf-connections" role="group" aria-label={t('workflow.connections.title')} aria-describedby={hintId} data-testid="wf-connections">
        <p className="muted wf-hint" id={hintId}>
          {rows.length ? t('workflow.connections.hint') : t('workflow.connections.noPorts')}
        </p>
        {rows.length > 0 && (
          <ul className="wf-connections__list">
            {rows.map((c) => (
              <PortRow key={c.port.id} nodeId={nodeId} c={c} steps={nodes} readOnly={storeReadOnly} apply={apply} mark={mark} refusal={refusedAt(c.port.id)} />
            ))}
          </ul>
        )}
      </div>
    </Section>
  );
}

/** The trigger's one exit: the first step of a run (the workflow's `start`). */
export function StartSection() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const nodes = useWorkflowEditor((s) => s.definition.nodes);
  const start = useWorkflowEditor((s) => s.definition.start);
  const storeReadOnly = useWorkflowEditor((s) => s.readOnly);
  const { locks } = useWorkflowDesigner();
  const { apply, mark, refusedAt } = useConnectionEdit('trigger');
  const id = useId();
  const current = nodes.find((n) => n.id === start);
  const refusal = refusedAt(TRIGGER_HANDLE);
  return (
    <Section title={t('workflow.connections.title')}>
      <div className="wf-connections" data-testid="wf-connections">
        <ul className="wf-connections__list">
          {locks.start ? (
            <li className="wf-connection is-fixed" data-testid="wf-connection-start" data-target={start}>
              <span className="wf-connection__label" id={`${id}-label`}>
                {t('workflow.connections.start')}
              </span>
              <span className="wf-connection__fixed" role="group" aria-labelledby={`${id}-label ${id}-target`} aria-describedby={`${id}-lock`}>
                <span id={`${id}-target`}>{current ? stepLabel(current, lang, t) : start}</span>
              </span>
              <p className="wf-connection__lock" id={`${id}-lock`} data-testid="wf-connection-lock">
                <LockIcon /> {t('workflow.connections.fixed', { policy: localized(locks.start, lang) })}
              </p>
            </li>
          ) : (
            <li className="wf-connection" data-testid="wf-connection-start" data-target={start}>
              <label htmlFor={id} className="wf-connection__label">
                {t('workflow.connections.start')}
              </label>
              <select
                id={id}
                value={start}
                disabled={storeReadOnly}
                data-testid="wf-connection-start-select"
                aria-describedby={refusal ? `${id}-refused` : `${id}-hint`}
                onChange={(e) => apply(TRIGGER_HANDLE, connectEdit(TRIGGER_ID, TRIGGER_HANDLE, e.target.value))}
                onBlur={mark}
              >
                {!current && <option value={start}>{start}</option>}
                {nodes.map((n) => (
                  <option key={n.id} value={n.id}>
                    {stepLabel(n, lang, t)}
                  </option>
                ))}
              </select>
              <p className="muted wf-hint" id={`${id}-hint`}>
                {t('workflow.connections.startHint')}
              </p>
              {refusal && <Refused refusal={refusal} id={`${id}-refused`} />}
            </li>
          )}
        </ul>
      </div>
    </Section>
  );
}

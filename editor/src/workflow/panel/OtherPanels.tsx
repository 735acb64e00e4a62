/**
 * Panels for what is not a node: the trigger, a selected edge, and the workflow
 * itself (title, description) when nothing is selected.
 */
import { useTranslation } from 'react-i18next';
import { TRIGGER_TYPES, type Trigger } from '@branchline/schemas';
import { localized, messageText } from '../../i18n/localized';
import { useWorkflowDesigner } from '../designer-context';
import { useWorkflowEditor, useWorkflowStoreApi } from '../workflow-store';
import { portOfEdge } from '../model/ports';
import { triggerKey } from '../canvas/TriggerNode';
import { ConditionBuilder } from './ConditionBuilder';
import { CronHint } from './CronHint';
import { ExpressionInput } from './ExpressionInput';
import { CheckboxInput, LocalizedInput, Section, SelectInput, TextInput } from './fields';
import { LockIcon } from '../canvas/LockIcon';
import { StartSection } from './Connections';

type TriggerType = Trigger['type'];

/** A trigger of another type, keeping the form and the guard where both have them. */
export function withTriggerType(current: Trigger, type: TriggerType): Trigger {
  const form = 'form' in current && current.form ? current.form : 'customer-registration';
  const when = current.when ? { when: current.when } : {};
  switch (type) {
    case 'record.created':
    case 'record.updated':
      return { type, form, ...when };
    case 'field.changed':
      return { type, form, fields: current.type === 'field.changed' ? current.fields : ['tier'], ...when };
    case 'event':
      return { type, event: current.type === 'event' ? current.event : 'usage.dropped', ...when };
    case 'schedule':
      return { type, cron: current.type === 'schedule' ? current.cron : '0 9 * * 1', ...when };
    case 'manual':
      return { type, form, ...when };
  }
}

export function TriggerPanel() {
  const { t, i18n } = useTranslation();
  const store = useWorkflowStoreApi();
  const trigger = useWorkflowEditor((s) => s.definition.trigger);
  const storeReadOnly = useWorkflowEditor((s) => s.readOnly);
  const { locks, problems, form } = useWorkflowDesigner();
  const readOnly = storeReadOnly || !!locks.trigger;
  const set = (next: Trigger, field: string) => store.getState().apply({ type: 'trigger.set', trigger: next }, { coalesce: `trigger/${field}` });
  const mark = () => store.getState().mark();
  const patch = (p: Record<string, unknown>, field: string) => set({ ...trigger, ...p } as Trigger, field);
  const drop = (key: string) => {
    const next = { ...trigger } as Record<string, unknown>;
    delete next[key];
    set(next as Trigger, key);
  };
  return (
    <div className="wf-panel" data-testid="wf-trigger-panel">
      <header className="wf-panel__header">
        <span className="wf-node__icon" aria-hidden="true">
          ⚡
        </span>
        <h2>{t('workflow.trigger.label')}</h2>
      </header>
      {locks.trigger && (
        <div className="wf-lock-banner" role="note">
          <strong>
            <LockIcon /> {t('workflow.lock.title')}
          </strong>
          <p>{localized(locks.trigger, i18n.language)}</p>
        </div>
      )}
      {problems.trigger.length > 0 && (
        <ul className="wf-panel__problems" role="alert">
          {problems.trigger.map((p, i) => (
            <li key={i}>{messageText(p.message, i18n.language)}</li>
          ))}
        </ul>
      )}
      <fieldset className="wf-panel__body" disabled={readOnly}>
        <Section title={t('workflow.trigger.what')}>
          <SelectInput<TriggerType> label={t('workflow.trigger.typeLabel')} value={trigger.type} readOnly={readOnly} options={TRIGGER_TYPES.map((v) => ({ value: v, label: t(`workflow.trigger.type.${triggerKey(v)}`) }))} onChange={(type) => set(withTriggerType(trigger, type), 'type')} />
          {'form' in trigger && trigger.type !== 'event' && (
            <TextInput label={t('workflow.trigger.form')} value={trigger.form ?? ''} readOnly={readOnly} onBlur={mark} onChange={(f) => (f || trigger.type !== 'manual' ? patch({ form: f }, 'form') : drop('form'))} />
          )}
          {trigger.type === 'field.changed' && (
            <TextInput label={t('workflow.trigger.fields')} value={trigger.fields.join(', ')} readOnly={readOnly} onBlur={mark} onChange={(v) => patch({ fields: v.split(',').map((s) => s.trim()).filter(Boolean) }, 'fields')} />
          )}
          {trigger.type === 'event' && (
            <>
              <TextInput label={t('workflow.trigger.event')} value={trigger.event} placeholder="usage.dropped" readOnly={readOnly} onBlur={mark} onChange={(event) => patch({ event }, 'event')} />
              <TextInput label={t('workflow.trigger.form')} value={trigger.form ?? ''} readOnly={readOnly} onBlur={mark} onChange={(f) => (f ? patch({ form: f }, 'form') : drop('form'))} />
              <ExpressionInput label={t('workflow.trigger.recordId')} value={trigger.recordId ?? ''} readOnly={readOnly} onBlur={mark} onChange={(v) => (v ? patch({ recordId: v }, 'recordId') : drop('recordId'))} />
            </>
          )}
          {trigger.type === 'schedule' && (
            <>
              <TextInput label={t('workflow.trigger.cron')} value={trigger.cron} readOnly={readOnly} onBlur={mark} onChange={(cron) => patch({ cron }, 'cron')} />
              <TextInput label={t('workflow.trigger.timezone')} value={trigger.timezone ?? ''} placeholder="Asia/Shanghai" readOnly={readOnly} onBlur={mark} onChange={(tz) => (tz ? patch({ timezone: tz }, 'timezone') : drop('timezone'))} />
              <CronHint cron={trigger.cron} timezone={trigger.timezone} />
            </>
          )}
          {trigger.type === 'manual' && <p className="muted wf-hint">{trigger.form ? t('activation.manualFormHint', { form: trigger.form }) : t('activation.manualHint')}</p>}
          {!form && 'form' in trigger && trigger.form && <p className="muted wf-hint">{t('workflow.trigger.formUnknown', { form: trigger.form })}</p>}
        </Section>
        <Section title={t('workflow.trigger.guard')}>
          <CheckboxInput label={t('workflow.trigger.onlyWhen')} checked={!!trigger.when} readOnly={readOnly} onChange={(on) => (on ? patch({ when: 'true' }, 'when') : drop('when'))} />
          {trigger.when && <ConditionBuilder label={t('workflow.panel.when')} value={trigger.when} readOnly={readOnly} testId="wf-trigger-when" onBlur={mark} onChange={(when) => patch({ when }, 'when')} />}
        </Section>
      </fieldset>
      <StartSection />
    </div>
  );
}

export function EdgePanel({ edgeId }: { edgeId: string }) {
  const { t, i18n } = useTranslation();
  const store = useWorkflowStoreApi();
  const edge = useWorkflowEditor((s) => s.definition.edges.find((e) => e.id === edgeId));
  const storeReadOnly = useWorkflowEditor((s) => s.readOnly);
  const { locks, focusNode } = useWorkflowDesigner();
  if (!edge) return null;
  const lock = locks.edges.get(edgeId);
  return (
    <div className="wf-panel" data-testid="wf-edge-panel">
      <header className="wf-panel__header">
        <h2>{t('workflow.edge.title')}</h2>
        <code className="muted">{edge.id}</code>
      </header>
      {lock && (
        <div className="wf-lock-banner" role="note">
          <strong>
            <LockIcon /> {t('workflow.lock.title')}
          </strong>
          <p>{localized(lock, i18n.language)}</p>
        </div>
      )}
      <dl className="wf-edge-facts">
        <dt>{t('workflow.edge.from')}</dt>
        <dd>
          <button type="button" className="btn btn-link" onClick={() => focusNode(edge.from)}>
            {edge.from}
          </button>{' '}
          · {t(`workflow.port.${portOfEdge(edge)}`, { defaultValue: portOfEdge(edge) })}
        </dd>
        <dt>{t('workflow.edge.to')}</dt>
        <dd>
          <button type="button" className="btn btn-link" onClick={() => focusNode(edge.to)}>
            {edge.to}
          </button>
        </dd>
      </dl>
      <footer className="wf-panel__footer">
        <button
          type="button"
          className="btn btn-danger"
          disabled={storeReadOnly || !!lock}
          data-testid="wf-edge-delete"
          onClick={() => {
            store.getState().apply({ type: 'elements.remove', nodeIds: [], edgeIds: [edgeId] });
            store.getState().select(null);
          }}
        >
          {t('workflow.panel.delete')}
        </button>
      </footer>
    </div>
  );
}

export function WorkflowPanel() {
  const { t } = useTranslation();
  const store = useWorkflowStoreApi();
  const title = useWorkflowEditor((s) => s.definition.title);
  const description = useWorkflowEditor((s) => s.definition.description);
  const readOnly = useWorkflowEditor((s) => s.readOnly);
  const mark = () => store.getState().mark();
  return (
    <div className="wf-panel" data-testid="wf-workflow-panel">
      <header className="wf-panel__header">
        <h2>{t('workflow.panel.workflow')}</h2>
      </header>
      <fieldset className="wf-panel__body" disabled={readOnly}>
        <LocalizedInput label={t('workflow.panel.title')} value={title} required readOnly={readOnly} onBlur={mark} onChange={(v) => v && store.getState().apply({ type: 'meta.set', title: v }, { coalesce: 'meta/title' })} />
        <LocalizedInput label={t('workflow.panel.description')} value={description} multiline readOnly={readOnly} onBlur={mark} onChange={(v) => store.getState().apply({ type: 'meta.set', description: v }, { coalesce: 'meta/description' })} />
      </fieldset>
      <p className="muted wf-hint">{t('workflow.panel.selectHint')}</p>
    </div>
  );
}

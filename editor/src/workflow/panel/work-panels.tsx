/**
 * Property panels of the nodes that involve people and the outside world: task,
 * approval, notify, wait, http.
 */
import { useTranslation } from 'react-i18next';
import type { NodeOfKind, Sla } from '@branchline/schemas';
import { useWorkflowDesigner } from '../designer-context';
import { localized } from '../../i18n/localized';
import { AssigneeEditor } from './AssigneeEditor';
import { ExpressionInput } from './ExpressionInput';
import { CheckboxInput, DurationInput, LocalizedInput, NumberInput, Section, SelectInput, TextInput } from './fields';
import type { KindPanelProps } from './flow-panels';

/** A copy of `obj` without `key` (optional properties are removed, never set to undefined). */
function without<T extends object, K extends keyof T>(obj: T, ...keys: K[]): Omit<T, K> {
  const out = { ...obj };
  for (const k of keys) delete out[k];
  return out;
}

function Work({ node, update, mark, readOnly }: KindPanelProps<'task'> | KindPanelProps<'approval'>) {
  const { t } = useTranslation();
  const set = (patch: Partial<typeof node>, field: string) => update({ ...node, ...patch } as never, field);
  return (
    <>
      <LocalizedInput label={t('workflow.panel.taskName')} value={node.name} required readOnly={readOnly} testId="wf-task-name" onBlur={mark} onChange={(name) => name && set({ name }, 'name')} />
      <LocalizedInput
        label={t('workflow.panel.instructions')}
        value={node.instructions}
        multiline
        readOnly={readOnly}
        onBlur={mark}
        onChange={(instructions) => update((instructions ? { ...node, instructions } : without(node, 'instructions')) as never, 'instructions')}
      />
    </>
  );
}

type SlaMode = 'none' | 'fixed' | 'expression';

export function TaskPanel(props: KindPanelProps<'task'>) {
  const { node, update, mark, readOnly } = props;
  const { t, i18n } = useTranslation();
  const { form } = useWorkflowDesigner();
  const slaMode: SlaMode = node.sla?.within ? 'fixed' : node.sla?.withinHours ? 'expression' : 'none';
  const setSla = (sla: Sla | undefined) => update(sla ? { ...node, sla } : without(node, 'sla'), 'sla');
  const facts = new Set(node.facts ?? []);
  const toggleFact = (key: string, on: boolean) => {
    const next = form?.fields.map((f) => f.key).filter((k) => (k === key ? on : facts.has(k))) ?? [];
    update(next.length ? { ...node, facts: next } : without(node, 'facts'), 'facts');
  };
  return (
    <>
      <Section title={t('workflow.panel.task')}>
        <Work {...props} />
      </Section>
      <Section title={t('workflow.panel.assignment')}>
        <AssigneeEditor label={t('workflow.panel.assignee')} value={node.assignee} readOnly={readOnly} testId="wf-assignee" onBlur={mark} onChange={(assignee, f) => update({ ...node, assignee }, `assignee/${f}`)} />
      </Section>
      <Section title={t('workflow.panel.sla')}>
        <SelectInput<SlaMode>
          label={t('workflow.panel.slaMode')}
          value={slaMode}
          readOnly={readOnly}
          testId="wf-sla-mode"
          options={(['none', 'fixed', 'expression'] as const).map((m) => ({ value: m, label: t(`workflow.panel.slaModes.${m}`) }))}
          onChange={(m) => setSla(m === 'none' ? undefined : m === 'fixed' ? { within: 'PT4H' } : { withinHours: "record.tier == 'S' ? 1 : (record.tier == 'A' ? 4 : 24)" })}
        />
        {slaMode === 'fixed' && <DurationInput label={t('workflow.panel.slaWithin')} value={node.sla?.within} readOnly={readOnly} testId="wf-sla" onChange={(within) => setSla(within ? { within } : undefined)} />}
        {slaMode === 'expression' && (
          <ExpressionInput label={t('workflow.panel.slaHours')} value={node.sla?.withinHours ?? ''} expect="number" readOnly={readOnly} onBlur={mark} onChange={(withinHours) => setSla({ withinHours })} />
        )}
        {slaMode !== 'none' && <p className="muted wf-hint">{t('workflow.panel.overduePort')}</p>}
        <CheckboxInput label={t('workflow.panel.waitForTask')} checked={node.wait !== false} readOnly={readOnly} onChange={(on) => update(on ? without(node, 'wait') : { ...node, wait: false }, 'wait')} />
      </Section>
      {form && (
        <Section title={t('workflow.panel.facts')}>
          <p className="muted wf-hint">{t('workflow.panel.factsHelp')}</p>
          <div className="wf-facts">
            {form.fields.map((f) => (
              <CheckboxInput key={f.key} label={localized(f.label, i18n.language) || f.key} checked={facts.has(f.key)} readOnly={readOnly} onChange={(on) => toggleFact(f.key, on)} />
            ))}
          </div>
        </Section>
      )}
    </>
  );
}

export function ApprovalPanel(props: KindPanelProps<'approval'>) {
  const { node, update, mark, readOnly } = props;
  const { t } = useTranslation();
  return (
    <>
      <Section title={t('workflow.panel.approval')}>
        <Work {...props} />
      </Section>
      <Section title={t('workflow.panel.approver')}>
        <AssigneeEditor label={t('workflow.panel.approver')} value={node.approver} readOnly={readOnly} testId="wf-approver" onBlur={mark} onChange={(approver, f) => update({ ...node, approver }, `approver/${f}`)} />
      </Section>
      <Section title={t('workflow.panel.outcomes')}>
        <ul className="wf-outcomes">
          <li className="wf-port--good">{t('workflow.port.approved')}</li>
          <li className="wf-port--bad">{t('workflow.port.rejected')}</li>
          {node.timeout && <li className="wf-port--late">{t('workflow.port.timeout')}</li>}
        </ul>
        <DurationInput label={t('workflow.panel.timeout')} value={node.timeout} optional readOnly={readOnly} testId="wf-approval-timeout" onChange={(timeout) => update(timeout ? { ...node, timeout } : without(node, 'timeout'), 'timeout')} />
        <p className="muted wf-hint">{t('workflow.panel.timeoutHelp')}</p>
      </Section>
    </>
  );
}

const CHANNELS = ['inbox', 'email', 'sms', 'im'] as const;

export function NotifyPanel({ node, update, mark, readOnly }: KindPanelProps<'notify'>) {
  const { t } = useTranslation();
  return (
    <Section title={t('workflow.panel.notify')}>
      <SelectInput label={t('workflow.panel.channel')} value={node.channel} readOnly={readOnly} options={CHANNELS.map((c) => ({ value: c, label: t(`workflow.channel.${c}`) }))} onChange={(channel) => update({ ...node, channel }, 'channel')} />
      <AssigneeEditor label={t('workflow.panel.recipient')} value={node.to} readOnly={readOnly} testId="wf-notify-to" onBlur={mark} onChange={(to, f) => update({ ...node, to }, `to/${f}`)} />
      <LocalizedInput label={t('workflow.panel.subject')} value={node.subject} readOnly={readOnly} onBlur={mark} onChange={(subject) => update(subject ? { ...node, subject } : without(node, 'subject'), 'subject')} />
      <LocalizedInput label={t('workflow.panel.message')} value={node.message} multiline required readOnly={readOnly} testId="wf-notify-message" onBlur={mark} onChange={(message) => message && update({ ...node, message }, 'message')} />
    </Section>
  );
}

type WaitMode = NodeOfKind<'wait'>['mode'];

/** A wait node with only what its mode uses (the validator refuses leftovers). */
export function waitWithMode(node: NodeOfKind<'wait'>, mode: WaitMode): NodeOfKind<'wait'> {
  const base = { id: node.id, kind: 'wait' as const, ...(node.title ? { title: node.title } : {}), ...(node.description ? { description: node.description } : {}) };
  if (mode === 'duration') return { ...base, mode, duration: node.duration ?? 'PT1H' };
  if (mode === 'until') return { ...base, mode, until: node.until ?? 'add_days(now(), 1)' };
  return { ...base, mode, event: node.event ?? 'usage.dropped', correlation: node.correlation ?? 'event.recordId', ...(node.timeout ? { timeout: node.timeout } : {}) };
}

export function WaitPanel({ node, update, mark, readOnly }: KindPanelProps<'wait'>) {
  const { t } = useTranslation();
  return (
    <Section title={t('workflow.panel.wait')}>
      <SelectInput<WaitMode> label={t('workflow.panel.waitMode')} value={node.mode} readOnly={readOnly} testId="wf-wait-mode" options={(['duration', 'until', 'event'] as const).map((m) => ({ value: m, label: t(`workflow.panel.waitModes.${m}`) }))} onChange={(mode) => update(waitWithMode(node, mode), 'mode')} />
      {node.mode === 'duration' && <DurationInput label={t('workflow.panel.waitFor')} value={node.duration} readOnly={readOnly} testId="wf-wait-duration" onChange={(duration) => duration && update({ ...node, duration }, 'duration')} />}
      {node.mode === 'until' && <ExpressionInput label={t('workflow.panel.waitUntil')} value={node.until ?? ''} readOnly={readOnly} onBlur={mark} onChange={(until) => update({ ...node, until }, 'until')} />}
      {node.mode === 'event' && (
        <>
          <TextInput label={t('workflow.panel.eventName')} value={node.event ?? ''} placeholder="usage.dropped" readOnly={readOnly} onBlur={mark} onChange={(event) => update({ ...node, event }, 'event')} />
          <ExpressionInput label={t('workflow.panel.correlation')} value={node.correlation ?? ''} readOnly={readOnly} onBlur={mark} onChange={(correlation) => update({ ...node, correlation }, 'correlation')} />
          <DurationInput label={t('workflow.panel.timeout')} value={node.timeout} optional readOnly={readOnly} onChange={(timeout) => update(timeout ? { ...node, timeout } : without(node, 'timeout'), 'timeout')} />
          <p className="muted wf-hint">{t('workflow.panel.eventHelp')}</p>
        </>
      )}
    </Section>
  );
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export function HttpPanel({ node, update, mark, readOnly }: KindPanelProps<'http'>) {
  const { t } = useTranslation();
  const retry = node.retry;
  const urlOk = /^https?:\/\//.test(node.url);
  return (
    <Section title={t('workflow.panel.http')}>
      <div className="wf-row">
        <SelectInput label={t('workflow.panel.method')} value={node.method} readOnly={readOnly} options={METHODS.map((m) => ({ value: m, label: m }))} onChange={(method) => update({ ...node, method }, 'method')} />
        <TextInput label={t('workflow.panel.url')} value={node.url} readOnly={readOnly} testId="wf-http-url" invalid={urlOk ? undefined : t('workflow.panel.urlFormat')} onBlur={mark} onChange={(url) => update({ ...node, url }, 'url')} />
      </div>
      <ExpressionInput label={t('workflow.panel.body')} value={node.body ?? ''} multiline readOnly={readOnly} onBlur={mark} onChange={(body) => update(body ? { ...node, body } : without(node, 'body'), 'body')} />
      <ExpressionInput label={t('workflow.panel.idempotencyKey')} value={node.idempotencyKey ?? ''} expect="text" readOnly={readOnly} onBlur={mark} onChange={(k) => update(k ? { ...node, idempotencyKey: k } : without(node, 'idempotencyKey'), 'idempotencyKey')} />
      <CheckboxInput label={t('workflow.panel.retries')} checked={!!retry} readOnly={readOnly} onChange={(on) => update(on ? { ...node, retry: { maxAttempts: 5, backoff: 'PT1M' } } : without(node, 'retry'), 'retry')} />
      {retry && (
        <>
          <NumberInput label={t('workflow.panel.maxAttempts')} value={retry.maxAttempts} min={1} max={20} step={1} readOnly={readOnly} testId="wf-http-attempts" onBlur={mark} onChange={(n) => update({ ...node, retry: { ...retry, maxAttempts: Math.max(1, Math.min(20, Math.round(n ?? 1))) } }, 'retry/maxAttempts')} />
          <DurationInput label={t('workflow.panel.backoff')} value={retry.backoff} readOnly={readOnly} onChange={(backoff) => backoff && update({ ...node, retry: { ...retry, backoff } }, 'retry/backoff')} />
        </>
      )}
      <p className="muted wf-hint">{t('workflow.panel.httpHelp')}</p>
    </Section>
  );
}

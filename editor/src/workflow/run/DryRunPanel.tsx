/**
 * Dry run: pick or type a sample record, run the workflow in the browser with the
 * runtime's interpreter on a simulated clock, and answer what it waits for — skip
 * 1 h / 4 h / 24 h, complete a task, approve or reject, send an event. The path
 * lights up on the canvas as it goes, with the values seen at each node.
 */
import { useContext, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Effect, Wait } from '@branchline/runtime';
import type { FormDefinition } from '@branchline/schemas';
import { AppContext } from '../../app/app-context';
import { localized, messageText } from '../../i18n/localized';
import { useWorkflowDesigner } from '../designer-context';
import { useWorkflowEditor } from '../workflow-store';
import { completeTask, isFinished, sendEvent, skipTime, startSimulation, type Simulation } from './simulator';
import { overlayFromTrace } from './trace-overlay';
import { recordForRun, sampleRecord } from './sample-record';
import { SampleEditor } from './SampleEditor';
import { formatClock, TraceList } from './TraceList';

const HOUR = 3_600_000;
/** Effects worth a line in the log; timers and subscriptions show as waits instead. */
const SHOWN_EFFECTS = new Set<Effect['type']>(['task.create', 'outbox', 'record.update', 'run.finished']);

function effectText(e: Effect, t: (k: string, o?: Record<string, unknown>) => string, lang: string): string {
  switch (e.type) {
    case 'task.create':
      return t(`workflow.dryRun.effect.${e.kind}`, { title: localized(e.title, lang), who: 'userId' in e.assignee ? e.assignee.userId : e.assignee.role });
    case 'outbox':
      return t('workflow.dryRun.effect.outbox', { channel: e.channel, node: e.nodeId });
    case 'record.update':
      return t('workflow.dryRun.effect.recordUpdate', { fields: Object.keys(e.changes).join(', ') });
    case 'run.finished':
      return t('workflow.dryRun.effect.finished', { status: t(`workflow.run.status.${e.status}`), outcome: e.outcome ?? '' });
    default:
      return e.type;
  }
}

function WaitRow({ wait, sim, onSim }: { wait: Wait; sim: Simulation; onSim(s: Simulation): void }) {
  const { t, i18n } = useTranslation();
  const node = sim.compiled.definition.nodes.find((n) => n.id === wait.nodeId);
  const name = node && 'name' in node ? localized(node.name, i18n.language) : wait.nodeId;
  const due = wait.dueAt !== undefined ? <span className="muted"> · {t('workflow.dryRun.dueAt', { time: formatClock(wait.dueAt, i18n.language) })}</span> : null;
  return (
    <li className="wf-wait" data-testid={`wf-wait-${wait.kind}`}>
      <div>
        <strong>{t(`workflow.dryRun.waitKind.${wait.kind}`)}</strong> {wait.kind === 'event' ? `${wait.eventType} (${wait.correlationKey})` : name}
        {due}
      </div>
      <div className="wf-wait__actions">
        {wait.kind === 'task' && (
          <button type="button" className="btn btn-small btn-primary" data-testid="wf-dry-task-done" onClick={() => onSim(completeTask(sim, wait.taskId!, 'done'))}>
            {t('workflow.dryRun.markDone')}
          </button>
        )}
        {wait.kind === 'approval' && (
          <>
            <button type="button" className="btn btn-small btn-primary" data-testid="wf-dry-approve" onClick={() => onSim(completeTask(sim, wait.taskId!, 'approved'))}>
              {t('workflow.dryRun.approve')}
            </button>
            <button type="button" className="btn btn-small" data-testid="wf-dry-reject" onClick={() => onSim(completeTask(sim, wait.taskId!, 'rejected'))}>
              {t('workflow.dryRun.reject')}
            </button>
          </>
        )}
        {wait.kind === 'event' && (
          <button type="button" className="btn btn-small btn-primary" data-testid="wf-dry-send-event" onClick={() => onSim(sendEvent(sim, wait.eventType!, wait.correlationKey!))}>
            {t('workflow.dryRun.sendEvent')}
          </button>
        )}
      </div>
    </li>
  );
}

interface SampleSource {
  readonly id: string;
  readonly data: Record<string, unknown>;
  readonly createdAt: string;
}

/** The newest records of the trigger's form, to start a dry run from real data; nothing when there is no server or no form. */
function RecordPicker({ formDefinitionId, form, onPick }: { formDefinitionId: string | undefined; form: FormDefinition | undefined; onPick(data: Record<string, unknown>): void }) {
  const { t, i18n } = useTranslation();
  const app = useContext(AppContext);
  const [items, setItems] = useState<readonly SampleSource[] | 'loading' | 'error'>('loading');
  const [picked, setPicked] = useState('');
  useEffect(() => {
    if (!app || !formDefinitionId) return;
    let live = true;
    setItems('loading');
    app.api
      .request<{ items: SampleSource[] }>('GET', `/records?definitionId=${encodeURIComponent(formDefinitionId)}&limit=20`)
      .then((body) => live && setItems(body.items))
      .catch(() => live && setItems('error'));
    return () => {
      live = false;
    };
  }, [app, formDefinitionId]);
  if (!app || !formDefinitionId) return null;
  const title = (r: SampleSource) => {
    const v = form?.titleField ? r.data[form.titleField] : undefined;
    return `${typeof v === 'string' && v ? v : r.id} · ${formatClock(Date.parse(r.createdAt), i18n.language)}`;
  };
  return (
    <div className="wf-field wf-field--inline">
      <label htmlFor="wf-sample-record">{t('workflow.dryRun.fromRecord')}</label>
      {items === 'loading' ? (
        <span className="muted">{t('workflow.dryRun.recordsLoading')}</span>
      ) : items === 'error' ? (
        <span className="wf-field__problems" role="alert">
          {t('workflow.dryRun.recordsFailed')}
        </span>
      ) : items.length === 0 ? (
        <span className="muted" data-testid="wf-sample-no-records">
          {t('workflow.dryRun.noRecords')}
        </span>
      ) : (
        <select
          id="wf-sample-record"
          data-testid="wf-sample-record"
          value={picked}
          onChange={(e) => {
            setPicked(e.target.value);
            const r = items.find((x) => x.id === e.target.value);
            if (r) onPick(r.data);
          }}
        >
          <option value="">{t('workflow.dryRun.typedSample')}</option>
          {items.map((r) => (
            <option key={r.id} value={r.id}>
              {title(r)}
            </option>
          ))}
        </select>
      )}
    </div>
  );
}

export function DryRunPanel() {
  const { t, i18n } = useTranslation();
  const definition = useWorkflowEditor((s) => s.definition);
  const { form, formDefinitionId, setOverlay, problems } = useWorkflowDesigner();
  const [record, setRecord] = useState<Record<string, unknown>>(() => sampleRecord(form));
  // A picked record replaces the sample; the editor starts afresh on it (its JSON text too).
  const [sampleKey, setSampleKey] = useState(0);
  const [sim, setSimState] = useState<Simulation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const stale = sim !== null && sim.compiled.definition !== definition;
  // The run and the path on the canvas change in one render, never one behind the other.
  const setSim = (next: Simulation) => {
    setSimState(next);
    setOverlay(overlayFromTrace(next.compiled.definition, next.state.trace, next.state));
  };

  const run = () => {
    setError(null);
    try {
      const now = Math.floor(Date.now() / 60_000) * 60_000;
      const trigger = definition.trigger;
      const stored = recordForRun(form, record, now);
      setSim(startSimulation(definition, trigger.type === 'event' ? { record: stored, event: { type: trigger.event, data: record } } : { record: stored }, now));
    } catch (e) {
      // The interpreter throws only on broken invariants; show it rather than lose the page.
      setError(t('workflow.dryRun.failed', { error: e instanceof Error ? e.message : String(e) }));
    }
  };
  const clear = () => {
    setSimState(null);
    setOverlay(undefined);
  };
  const effects = useMemo(() => sim?.log.filter((l) => l.kind === 'effect' && SHOWN_EFFECTS.has(l.effect.type)) ?? [], [sim]);
  const blocking = problems.all.filter((p) => p.problem.severity !== 'warning').length;

  return (
    <div className="wf-dryrun" data-testid="wf-dryrun" data-native-undo>
      <h2 className="wf-section-title">{t('workflow.dryRun.sample')}</h2>
      <RecordPicker
        formDefinitionId={formDefinitionId}
        form={form}
        onPick={(data) => {
          setRecord(data);
          setSampleKey((k) => k + 1);
        }}
      />
      <SampleEditor key={sampleKey} form={form} value={record} onChange={setRecord} />
      <div className="wf-dryrun__actions">
        <button type="button" className="btn btn-primary" data-testid="wf-dry-run" onClick={run}>
          {sim ? t('workflow.dryRun.restart') : t('workflow.dryRun.run')}
        </button>
        {sim && (
          <button type="button" className="btn" data-testid="wf-dry-clear" onClick={clear}>
            {t('workflow.dryRun.clear')}
          </button>
        )}
      </div>
      {blocking > 0 && <p className="muted wf-hint">{t('workflow.dryRun.withProblems', { count: blocking })}</p>}
      {error && (
        <p className="wf-field__problems" role="alert">
          {error}
        </p>
      )}
      {sim && (
        <>
          {stale && <p className="wf-notice">{t('workflow.dryRun.stale')}</p>}
          <div className="wf-dryrun__status" data-testid="wf-dry-status" data-status={sim.state.status}>
            <span className={`wf-status wf-status--${sim.state.status}`}>{t(`workflow.run.status.${sim.state.status}`)}</span>
            {sim.state.outcome && <code>{sim.state.outcome}</code>}
            <span className="muted">
              {t('workflow.dryRun.clock', { time: formatClock(sim.now, i18n.language), elapsed: Math.round(((sim.now - sim.state.startedAt) / HOUR) * 10) / 10 })}
            </span>
          </div>
          {sim.state.error && <p className="wf-field__problems">{messageText(sim.state.error.message, i18n.language)}</p>}
          {!isFinished(sim) && (
            <>
              <div className="wf-dryrun__skip" role="group" aria-label={t('workflow.dryRun.skip')}>
                {[1, 4, 24].map((h) => (
                  <button key={h} type="button" className="btn btn-small" data-testid={`wf-dry-skip-${h}h`} onClick={() => setSim(skipTime(sim, h * HOUR))}>
                    {t('workflow.dryRun.skipHours', { count: h })}
                  </button>
                ))}
              </div>
              <ul className="wf-waits">
                {sim.state.waits.map((w) => (
                  <WaitRow key={w.id} wait={w} sim={sim} onSim={setSim} />
                ))}
              </ul>
            </>
          )}
          <h3 className="wf-section-title">{t('workflow.dryRun.path')}</h3>
          <TraceList trace={sim.state.trace} startedAt={sim.state.startedAt} />
          {effects.length > 0 && (
            <>
              <h3 className="wf-section-title">{t('workflow.dryRun.effects')}</h3>
              <ul className="wf-effects">
                {effects.map((l, i) => l.kind === 'effect' && <li key={i}>{effectText(l.effect, t, i18n.language)}</li>)}
              </ul>
            </>
          )}
        </>
      )}
    </div>
  );
}

/**
 * A run's trace as a list beside the canvas: each step with the node, what
 * happened there, the port taken and the values seen. Choosing a step centers the
 * canvas on its node.
 */
import { useTranslation } from 'react-i18next';
import type { TraceEntry } from '@branchline/runtime';
import { messageText } from '../../i18n/localized';
import { useWorkflowDesigner } from '../designer-context';
import { formatTraceValue, shownValues } from './trace-overlay';

export function formatClock(ms: number, lang: string): string {
  return new Date(ms).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

export function TraceList({ trace, startedAt }: { trace: readonly TraceEntry[]; startedAt?: number }) {
  const { t, i18n } = useTranslation();
  const { focusNode } = useWorkflowDesigner();
  if (trace.length === 0) return <p className="muted">{t('workflow.trace.empty')}</p>;
  return (
    <ol className="wf-trace" data-testid="wf-trace">
      {trace.map((e) => {
        const values = shownValues({ ...(e.inputs ?? {}), ...(e.values ?? {}) });
        return (
          <li key={e.seq} className={`wf-trace__entry wf-trace__entry--${e.event}`}>
            <button type="button" className="wf-trace__head" onClick={() => focusNode(e.nodeId)}>
              <span className="wf-trace__seq">{e.seq + 1}</span>
              <code>{e.nodeId}</code>
              <span>{t(`workflow.trace.event.${e.event}`)}</span>
              {e.port && <span className="wf-trace__port">→ {t(`workflow.port.${e.port}`, { defaultValue: e.port })}</span>}
              {startedAt !== undefined && e.at !== startedAt && <span className="muted">{formatClock(e.at, i18n.language)}</span>}
            </button>
            {values.length > 0 && (
              <dl className="wf-trace__values">
                {values.map(([k, v]) => (
                  <div key={k}>
                    <dt>{k}</dt>
                    <dd>{formatTraceValue(v, 80, k)}</dd>
                  </div>
                ))}
              </dl>
            )}
            {e.error && <p className="wf-field__problems">{messageText(e.error.message, i18n.language)}</p>}
          </li>
        );
      })}
    </ol>
  );
}

/**
 * The sample record of a dry run: a form built from the trigger's form fields, or
 * the record as JSON. Both edit the same object.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormDefinition, FormField } from '@branchline/schemas';
import { localized } from '../../i18n/localized';
import { parseSample } from './sample-record';

function FieldInput({ field, value, onChange }: { field: FormField; value: unknown; onChange(v: unknown): void }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const label = `${localized(field.label, i18n.language) || field.key}`;
  let input;
  switch (field.type) {
    case 'number':
    case 'currency':
    case 'percent':
      input = <input id={id} type="number" data-testid={`wf-sample-${field.key}`} value={typeof value === 'number' ? value : ''} onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))} />;
      break;
    case 'checkbox':
    case 'consent':
      input = <input id={id} type="checkbox" data-testid={`wf-sample-${field.key}`} checked={value === true} onChange={(e) => onChange(e.target.checked)} />;
      break;
    case 'select':
      input = (
        <select id={id} data-testid={`wf-sample-${field.key}`} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)}>
          {field.options.map((o) => (
            <option key={o.value} value={o.value}>
              {localized(o.label, i18n.language)}
            </option>
          ))}
        </select>
      );
      break;
    case 'computed':
      // Worked out by the form engine when the run starts, as on the server.
      input = (
        <output id={id} className="muted" data-testid={`wf-sample-${field.key}`}>
          {t('workflow.dryRun.computed')}
        </output>
      );
      break;
    case 'table':
    case 'multi-select':
      return null;
    default:
      input = <input id={id} type={field.type === 'date' ? 'date' : 'text'} data-testid={`wf-sample-${field.key}`} value={String(value ?? '')} onChange={(e) => onChange(e.target.value)} />;
  }
  return (
    <div className="wf-field wf-field--inline">
      <label htmlFor={id}>
        {label} <code className="muted">{field.key}</code>
      </label>
      {input}
    </div>
  );
}

export function SampleEditor({ form, value, onChange, testId = 'wf-sample' }: { form: FormDefinition | undefined; value: Record<string, unknown>; onChange(v: Record<string, unknown>): void; testId?: string }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'form' | 'json'>(form ? 'form' : 'json');
  const [text, setText] = useState<string | null>(null);
  const shownText = text ?? JSON.stringify(value, null, 2);
  const parsed = text === null ? null : parseSample(text);
  return (
    <div className="wf-sample" data-testid={testId}>
      <div className="segmented" role="group" aria-label={t('workflow.dryRun.sampleMode')}>
        <button type="button" aria-pressed={mode === 'form'} disabled={!form} onClick={() => setMode('form')}>
          {t('workflow.dryRun.asForm')}
        </button>
        <button type="button" aria-pressed={mode === 'json'} data-testid={`${testId}-json-mode`} onClick={() => setMode('json')}>
          JSON
        </button>
      </div>
      {mode === 'form' && form ? (
        <div className="wf-sample__form">
          {form.fields.map((f) => (
            <FieldInput key={f.key} field={f} value={value[f.key]} onChange={(v) => onChange({ ...value, [f.key]: v })} />
          ))}
        </div>
      ) : (
        <>
          <textarea
            className="wf-sample__json"
            rows={10}
            spellCheck={false}
            aria-label={t('workflow.dryRun.sampleJson')}
            data-testid={`${testId}-json`}
            value={shownText}
            onChange={(e) => {
              setText(e.target.value);
              const p = parseSample(e.target.value);
              if (p.ok) onChange(p.value);
            }}
            onBlur={() => parsed?.ok && setText(null)}
          />
          {parsed && !parsed.ok && (
            <p className="wf-field__problems" role="alert">
              {t('workflow.dryRun.badJson', { error: parsed.error })}
            </p>
          )}
        </>
      )}
    </div>
  );
}

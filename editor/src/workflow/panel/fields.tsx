/**
 * Small labelled inputs the node panels are built from. Each reports every change
 * at once (the panel coalesces keystrokes into one undo step per field) and calls
 * `onBlur` so the panel can close that step.
 */
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalizedText } from '@branchline/schemas';
import { fromIsoDuration, isoDurationMinutes, toIsoDuration, type DurationUnit } from '../model/duration';

interface Base {
  readonly label: string;
  readonly readOnly?: boolean;
  readonly testId?: string;
  onBlur?(): void;
}

export function TextInput({ label, value, onChange, readOnly, testId, onBlur, placeholder, invalid }: Base & { value: string; onChange(v: string): void; placeholder?: string; invalid?: string }) {
  const id = useId();
  return (
    <div className="wf-field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="text" value={value} readOnly={readOnly} placeholder={placeholder} data-testid={testId} aria-invalid={!!invalid} onChange={(e) => onChange(e.target.value)} onBlur={onBlur} />
      {invalid && <p className="wf-field__problems" role="alert">{invalid}</p>}
    </div>
  );
}

export function NumberInput({ label, value, onChange, readOnly, testId, onBlur, min, max, step }: Base & { value: number | undefined; onChange(v: number | undefined): void; min?: number; max?: number; step?: number }) {
  const id = useId();
  return (
    <div className="wf-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        value={value ?? ''}
        min={min}
        max={max}
        step={step}
        readOnly={readOnly}
        data-testid={testId}
        onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
        onBlur={onBlur}
      />
    </div>
  );
}

export function SelectInput<V extends string>({ label, value, options, onChange, readOnly, testId }: Base & { value: V; options: readonly { value: V; label: string }[]; onChange(v: V): void }) {
  const id = useId();
  return (
    <div className="wf-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} disabled={readOnly} data-testid={testId} onChange={(e) => onChange(e.target.value as V)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function CheckboxInput({ label, checked, onChange, readOnly, testId }: Base & { checked: boolean; onChange(v: boolean): void }) {
  return (
    <label className="wf-field wf-field--check">
      <input type="checkbox" checked={checked} disabled={readOnly} data-testid={testId} onChange={(e) => onChange(e.target.checked)} />
      <span>{label}</span>
    </label>
  );
}

/** Text in both UI languages: zh-CN and en side by side. Clearing both gives `undefined`. */
export function LocalizedInput({ label, value, onChange, readOnly, testId, onBlur, multiline, required }: Base & { value: LocalizedText | undefined; onChange(v: LocalizedText | undefined): void; multiline?: boolean; required?: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const set = (locale: 'zh-CN' | 'en', text: string) => {
    const next: Record<string, string> = { ...(value ?? {}) };
    if (text === '' && !required) delete next[locale];
    else next[locale] = text;
    onChange(Object.keys(next).length ? next : undefined);
  };
  const input = (locale: 'zh-CN' | 'en') => {
    const props = {
      id: `${id}-${locale}`,
      value: value?.[locale] ?? '',
      readOnly,
      lang: locale,
      'data-testid': testId ? `${testId}-${locale}` : undefined,
      onChange: (e: { target: { value: string } }) => set(locale, e.target.value),
      onBlur,
    };
    return (
      <div className="wf-localized__row" key={locale}>
        <label htmlFor={props.id} className="wf-localized__lang">
          {t(`workflow.locale.${locale}`)}
        </label>
        {multiline ? <textarea rows={2} {...props} /> : <input type="text" {...props} />}
      </div>
    );
  };
  return (
    <fieldset className="wf-field wf-localized">
      <legend>{label}</legend>
      {input('zh-CN')}
      {input('en')}
    </fieldset>
  );
}

const PRESETS = [1, 4, 24] as const;

/**
 * A duration as people say it: one-click 1 h / 4 h / 24 h, or an amount and a
 * unit; writes ISO 8601 (`PT4H`). `optional` adds "none", which gives `undefined`.
 */
export function DurationInput({ label, value, onChange, readOnly, testId, optional }: Base & { value: string | undefined; onChange(v: string | undefined): void; optional?: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const parsed = value ? fromIsoDuration(value) : undefined;
  const [draft, setDraft] = useState<{ amount: string; unit: DurationUnit } | null>(null);
  const shown = draft ?? { amount: parsed ? String(parsed.amount) : '', unit: parsed?.unit ?? 'h' };
  const commit = (amount: string, unit: DurationUnit) => {
    setDraft({ amount, unit });
    const iso = toIsoDuration({ amount: Number(amount), unit });
    if (iso) onChange(iso);
    else if (amount === '' && optional) onChange(undefined);
  };
  const minutes = value ? isoDurationMinutes(value) : undefined;
  return (
    <fieldset className="wf-field wf-duration" data-testid={testId}>
      <legend>{label}</legend>
      <div className="wf-duration__presets" role="group">
        {optional && (
          <button type="button" className="btn btn-small" aria-pressed={!value} disabled={readOnly} onClick={() => {
              setDraft(null);
              onChange(undefined);
            }}>
            {t('workflow.duration.none')}
          </button>
        )}
        {PRESETS.map((hours) => (
          <button
            key={hours}
            type="button"
            className="btn btn-small"
            aria-pressed={minutes === hours * 60}
            disabled={readOnly}
            data-testid={testId ? `${testId}-${hours}h` : undefined}
            onClick={() => {
              setDraft(null);
              onChange(`PT${hours}H`);
            }}
          >
            {t('workflow.duration.hours', { count: hours })}
          </button>
        ))}
      </div>
      <div className="wf-duration__custom">
        <label htmlFor={id} className="visually-hidden">
          {t('workflow.duration.amount')}
        </label>
        <input id={id} type="number" min={1} step={1} value={shown.amount} readOnly={readOnly} onChange={(e) => commit(e.target.value, shown.unit)} onBlur={() => setDraft(null)} />
        <select aria-label={t('workflow.duration.unit')} value={shown.unit} disabled={readOnly} onChange={(e) => commit(shown.amount, e.target.value as DurationUnit)}>
          {(['min', 'h', 'd'] as const).map((u) => (
            <option key={u} value={u}>
              {t(`workflow.duration.unit_${u}`)}
            </option>
          ))}
        </select>
        {value && <code className="muted">{value}</code>}
      </div>
    </fieldset>
  );
}

export function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="wf-panel__section">
      <div className="wf-panel__section-head">
        <h3>{title}</h3>
        {actions}
      </div>
      {children}
    </section>
  );
}

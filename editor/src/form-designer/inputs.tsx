/** Small labelled inputs of the property panel. */
import { useId, useState, type ReactNode } from 'react';

export function NumberInput({ label, value, onChange, onBlur, disabled, integer, min }: { label: string; value: number | undefined; onChange: (v: number | undefined) => void; onBlur?: () => void; disabled?: boolean; integer?: boolean; min?: number }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        step={integer ? 1 : 'any'}
        min={min}
        value={value ?? ''}
        disabled={disabled}
        onBlur={onBlur}
        onChange={(e) => {
          const text = e.target.value;
          if (text === '') return onChange(undefined);
          const n = Number(text);
          if (Number.isFinite(n) && (!integer || Number.isInteger(n))) onChange(n);
        }}
      />
    </div>
  );
}

export function TextInput({ label, value, onChange, onBlur, disabled, mono, placeholder, hint, error }: { label: string; value: string | undefined; onChange: (v: string | undefined) => void; onBlur?: () => void; disabled?: boolean; mono?: boolean; placeholder?: string; hint?: ReactNode; error?: string | null }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        className={mono ? 'mono' : undefined}
        value={value ?? ''}
        placeholder={placeholder}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-err` : undefined}
        onBlur={onBlur}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
      />
      {error ? (
        <p className="inline-error" id={`${id}-err`}>
          {error}
        </p>
      ) : (
        hint && <p className="muted small">{hint}</p>
      )}
    </div>
  );
}

export function Checkbox({ label, checked, onChange, disabled, hint }: { label: string; checked: boolean; onChange: (v: boolean) => void; disabled?: boolean; hint?: string }) {
  return (
    <label className="checkbox" title={hint}>
      <input type="checkbox" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
      <span>{label}</span>
      {hint && <span className="visually-hidden">{hint}</span>}
    </label>
  );
}

/**
 * A text that is committed only when valid, on Enter or when focus leaves (e.g. a
 * field key: renaming on every keystroke would rename through half-typed keys).
 */
export function CommitInput({ label, value, validate, onCommit, disabled, mono, hint }: { label: string; value: string; validate: (v: string) => string | null; onCommit: (v: string) => void; disabled?: boolean; mono?: boolean; hint?: string }) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? value;
  const error = draft !== null ? validate(draft) : null;
  const commit = () => {
    if (draft === null || validate(draft)) return; // an invalid draft stays, with its error
    if (draft !== value) onCommit(draft);
    setDraft(null);
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className={mono ? 'mono' : undefined}
        value={text}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-note`}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit();
          } else if (e.key === 'Escape') setDraft(null);
        }}
      />
      <p className={error ? 'inline-error' : 'muted small'} id={`${id}-note`}>
        {error ?? hint}
      </p>
    </div>
  );
}

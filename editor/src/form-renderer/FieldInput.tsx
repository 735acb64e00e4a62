/** One field of a rendered form: its label, the input its type needs, help and problems. */
import type { FormField } from '@branchline/schemas';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { localized } from '../i18n/localized';
import { formatValue, fromLocalInput, parseNumber, toLocalInput } from './format';
import { TableInput } from './TableInput';

export interface FieldInputProps {
  field: FormField;
  value: unknown;
  /** For a table: the rows as the runtime evaluated them (computed columns filled in). */
  computed?: unknown;
  required: boolean;
  errors: readonly string[];
  lang: string;
  disabled?: boolean;
  idPrefix: string;
  onChange: (value: unknown) => void;
  onTouch: () => void;
}

export function FieldInput(props: FieldInputProps) {
  const { t } = useTranslation();
  const { field, required, errors, lang, idPrefix } = props;
  const id = `${idPrefix}-${field.key}`;
  const describedBy = [field.help ? `${id}-help` : '', errors.length > 0 ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;
  const label = localized(field.label, lang) || field.key;
  const group = field.type === 'multi-select' || field.type === 'table';
  const Wrapper = group ? 'fieldset' : 'div';
  return (
    <Wrapper className={errors.length > 0 ? 'render-field has-error' : 'render-field'} data-field={field.key}>
      {field.type !== 'checkbox' && field.type !== 'consent' && (group ? <legend>{label}{required && <Req t={t} />}</legend> : <label htmlFor={id}>{label}{required && <Req t={t} />}</label>)}
      <Control {...props} id={id} describedBy={describedBy} label={label} t={t} />
      {field.help && (
        <p className="muted small" id={`${id}-help`}>
          {localized(field.help, lang)}
        </p>
      )}
      {errors.length > 0 && (
        <ul className="inline-errors" id={`${id}-err`} aria-label={t('renderer.problemsOf', { label })}>
          {errors.map((e, i) => (
            <li key={i}>{e}</li>
          ))}
        </ul>
      )}
    </Wrapper>
  );
}

function Req({ t }: { t: TFunction }) {
  return (
    <span className="required-mark" aria-label={t('renderer.required')}>
      *
    </span>
  );
}

function Control({ field, value, computed, required, errors, lang, disabled, onChange, onTouch, id, describedBy, label, t }: FieldInputProps & { id: string; describedBy: string | undefined; label: string; t: TFunction }) {
  const common = {
    id,
    name: field.key,
    disabled: disabled || field.readOnly,
    'aria-describedby': describedBy,
    'aria-invalid': errors.length > 0 ? true : undefined,
    'aria-required': required || undefined,
    onBlur: onTouch,
  };
  const placeholder = 'placeholder' in field && field.placeholder ? localized(field.placeholder, lang) : undefined;
  const text = typeof value === 'string' ? value : '';
  switch (field.type) {
    case 'text':
    case 'email':
    case 'phone':
    case 'reference':
      return <input {...common} type={field.type === 'email' ? 'email' : field.type === 'phone' ? 'tel' : 'text'} value={text} placeholder={placeholder ?? (field.type === 'reference' ? t('renderer.referenceHint') : undefined)} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)} />;
    case 'textarea':
      return <textarea {...common} rows={3} value={text} placeholder={placeholder} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)} />;
    case 'number':
    case 'currency':
    case 'percent':
      return (
        <span className="input-affix">
          <input {...common} type="number" step="any" inputMode="decimal" value={typeof value === 'number' ? value : ''} placeholder={placeholder} onChange={(e) => onChange(parseNumber(e.target.value))} />
          {field.type === 'percent' && <span className="affix">%</span>}
          {field.type === 'currency' && field.currency && <span className="affix">{field.currency}</span>}
          {field.type === 'number' && field.unit && <span className="affix">{localized(field.unit, lang)}</span>}
        </span>
      );
    case 'date':
      return <input {...common} type="date" value={text} onChange={(e) => onChange(e.target.value || undefined)} />;
    case 'datetime':
      return <input {...common} type="datetime-local" value={toLocalInput(value)} onChange={(e) => onChange(fromLocalInput(e.target.value))} />;
    case 'select':
      return (
        <select {...common} value={text} onChange={(e) => onChange(e.target.value || undefined)}>
          <option value="">{t('renderer.choose')}</option>
          {field.options.map((o) => (
            <option key={o.value} value={o.value}>
              {localized(o.label, lang)}
            </option>
          ))}
        </select>
      );
    case 'multi-select': {
      const chosen = Array.isArray(value) ? (value as string[]) : [];
      return (
        <div className="choice-list" id={id} aria-describedby={describedBy}>
          {field.options.map((o) => (
            <label key={o.value} className="checkbox">
              <input
                type="checkbox"
                name={field.key}
                disabled={common.disabled}
                checked={chosen.includes(o.value)}
                onBlur={onTouch}
                onChange={(e) => {
                  const next = e.target.checked ? [...chosen, o.value] : chosen.filter((v) => v !== o.value);
                  onChange(next.length > 0 ? next : undefined);
                }}
              />
              <span>{localized(o.label, lang)}</span>
            </label>
          ))}
        </div>
      );
    }
    case 'checkbox':
      return (
        <label className="checkbox">
          <input {...common} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />
          <span>
            {label}
            {required && <Req t={t} />}
          </span>
        </label>
      );
    case 'consent':
      return (
        <label className="checkbox consent">
          <input {...common} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />
          <span>
            {localized(field.statement, lang)}
            {required && <Req t={t} />}
            {field.policyVersion && <span className="muted small"> {t('renderer.policyVersion', { version: field.policyVersion })}</span>}
          </span>
        </label>
      );
    case 'table':
      return (
        <TableInput
          field={field}
          rows={Array.isArray(value) ? (value as Record<string, unknown>[]) : []}
          evaluated={Array.isArray(computed) ? (computed as Record<string, unknown>[]) : []}
          lang={lang}
          disabled={common.disabled}
          onChange={onChange}
          idPrefix={id}
        />
      );
    case 'computed':
      return (
        <output id={id} className="computed-value" aria-describedby={describedBy} data-testid={`computed-${field.key}`}>
          {formatValue(value, lang, { format: field.format, decimals: field.decimals })}
        </output>
      );
  }
}

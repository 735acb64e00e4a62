/** The properties only some field types have: validation, options, consent, reference, table, computed. */
import type { FormField, LocalizedText, SelectOption, TableColumn } from '@branchline/schemas';
import { useTranslation } from 'react-i18next';
import { useFormDesigner } from './designer-context';
import { ExpressionInput } from './ExpressionInput';
import { Checkbox, NumberInput, TextInput } from './inputs';
import { LocalizedInput } from './LocalizedInput';
import { OptionsEditor } from './OptionsEditor';
import { ColumnsEditor } from './ColumnsEditor';

interface Props {
  field: FormField;
  update: (set: Record<string, unknown>, coalesce?: string) => boolean;
  mark: () => void;
  allowed: (set: Record<string, unknown>) => boolean;
}

type Validation = Record<string, unknown>;

/** The field's validation with `patch` applied; empty → undefined (the property is removed). */
function withValidation(field: FormField, patch: Validation): Validation | undefined {
  const next: Validation = { ...((field as { validation?: Validation }).validation ?? {}), ...patch };
  for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
  return Object.keys(next).length > 0 ? next : undefined;
}

export function TypeProperties({ field, update, mark, allowed }: Props) {
  const { t } = useTranslation();
  const { readOnly, locks, scope, fieldEntries } = useFormDesigner();
  const v = ((field as { validation?: Validation }).validation ?? {}) as Record<string, number | string | boolean | LocalizedText | undefined>;
  const setV = (patch: Validation, coalesce?: string) => update({ validation: withValidation(field, patch) }, coalesce && `validation.${coalesce}`);
  const num = (k: string) => (typeof v[k] === 'number' ? (v[k] as number) : undefined);
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);

  switch (field.type) {
    case 'text':
    case 'textarea':
    case 'email':
    case 'phone':
      return (
        <fieldset className="group-box">
          <legend>{t('props.validation')}</legend>
          <div className="two-col">
            <NumberInput label={t('props.minLength')} integer min={0} value={num('minLength')} disabled={readOnly} onBlur={mark} onChange={(n) => setV({ minLength: n }, 'minLength')} />
            <NumberInput label={t('props.maxLength')} integer min={1} value={num('maxLength')} disabled={readOnly} onBlur={mark} onChange={(n) => setV({ maxLength: n }, 'maxLength')} />
          </div>
          <TextInput label={t('props.pattern')} mono value={str('pattern')} disabled={readOnly} onBlur={mark} hint={t('props.patternHint')} error={patternError(str('pattern'), t('props.patternInvalid'))} onChange={(p) => setV({ pattern: p }, 'pattern')} />
          {str('pattern') && (
            <LocalizedInput label={t('props.patternMessage')} value={v.patternMessage as LocalizedText | undefined} disabled={readOnly} onBlur={mark} onChange={(m) => setV({ patternMessage: m }, 'patternMessage')} />
          )}
        </fieldset>
      );
    case 'number':
    case 'currency':
    case 'percent':
      return (
        <fieldset className="group-box">
          <legend>{t('props.validation')}</legend>
          <div className="two-col">
            <NumberInput label={t('props.min')} value={num('min')} disabled={readOnly} onBlur={mark} onChange={(n) => setV({ min: n }, 'min')} />
            <NumberInput label={t('props.max')} value={num('max')} disabled={readOnly} onBlur={mark} onChange={(n) => setV({ max: n }, 'max')} />
          </div>
          <Checkbox label={t('props.integer')} checked={v.integer === true} disabled={readOnly} onChange={(b) => setV({ integer: b ? true : undefined })} />
          {field.type === 'currency' && <TextInput label={t('props.currency')} mono value={field.currency} placeholder="CNY" disabled={readOnly} onBlur={mark} onChange={(c) => update({ currency: c }, 'currency')} />}
          {field.type === 'number' && <NumberInput label={t('props.decimals')} integer min={0} value={field.decimals} disabled={readOnly} onBlur={mark} onChange={(n) => update({ decimals: n }, 'decimals')} />}
          {field.type === 'number' && <LocalizedInput label={t('props.unit')} value={field.unit} disabled={readOnly} onBlur={mark} onChange={(u) => update({ unit: u }, 'unit')} />}
        </fieldset>
      );
    case 'date':
    case 'datetime':
      return (
        <fieldset className="group-box">
          <legend>{t('props.validation')}</legend>
          <TextInput label={t('props.min')} mono value={str('min')} placeholder={field.type === 'date' ? '2026-01-01' : '2026-01-01T00:00:00Z'} disabled={readOnly} onBlur={mark} onChange={(d) => setV({ min: d }, 'min')} />
          <TextInput label={t('props.max')} mono value={str('max')} placeholder={field.type === 'date' ? '2026-12-31' : '2026-12-31T23:59:59Z'} disabled={readOnly} onBlur={mark} onChange={(d) => setV({ max: d }, 'max')} />
        </fieldset>
      );
    case 'select':
    case 'multi-select': {
      const locked = locks.fields.has(field.key);
      return (
        <>
          <OptionsEditor
            options={field.options}
            disabled={readOnly}
            canAdd={!locked || locks.openOptions.has(field.key)}
            canRemove={(value) => !locked || allowed({ options: field.options.filter((o) => o.value !== value) })}
            onBlur={mark}
            onChange={(options: SelectOption[], coalesce) => update({ options }, coalesce)}
          />
          {field.type === 'multi-select' && (
            <div className="two-col">
              <NumberInput label={t('props.minItems')} integer min={0} value={num('minItems')} disabled={readOnly} onBlur={mark} onChange={(n) => setV({ minItems: n }, 'minItems')} />
              <NumberInput label={t('props.maxItems')} integer min={1} value={num('maxItems')} disabled={readOnly} onBlur={mark} onChange={(n) => setV({ maxItems: n }, 'maxItems')} />
            </div>
          )}
        </>
      );
    }
    case 'checkbox':
      return <Checkbox label={t('props.defaultChecked')} checked={field.default === true} disabled={readOnly} onChange={(b) => update({ default: b ? true : undefined })} />;
    case 'consent':
      return (
        <>
          <LocalizedInput label={t('props.statement')} value={field.statement} required multiline disabled={readOnly || !allowed({ statement: { en: '' } })} onBlur={mark} onChange={(s) => s && update({ statement: s }, 'statement')} />
          <TextInput label={t('props.policyVersion')} value={field.policyVersion} disabled={readOnly || !allowed({ policyVersion: `${field.policyVersion ?? ''}x` })} onBlur={mark} onChange={(p) => update({ policyVersion: p }, 'policyVersion')} />
        </>
      );
    case 'reference':
      return (
        <>
          <TextInput label={t('props.referenceForm')} mono value={field.form} disabled={readOnly} onBlur={mark} hint={t('props.referenceFormHint')} onChange={(f) => f && update({ form: f }, 'form')} />
          <TextInput label={t('props.displayField')} mono value={field.displayField} disabled={readOnly} onBlur={mark} onChange={(f) => update({ displayField: f }, 'displayField')} />
        </>
      );
    case 'table':
      return (
        <>
          <ColumnsEditor columns={field.columns} disabled={readOnly} onBlur={mark} onChange={(columns: TableColumn[], coalesce) => update({ columns }, coalesce)} />
          <div className="two-col">
            <NumberInput label={t('props.minRows')} integer min={0} value={num('minRows')} disabled={readOnly} onBlur={mark} onChange={(n) => setV({ minRows: n }, 'minRows')} />
            <NumberInput label={t('props.maxRows')} integer min={1} value={num('maxRows')} disabled={readOnly} onBlur={mark} onChange={(n) => setV({ maxRows: n }, 'maxRows')} />
          </div>
        </>
      );
    case 'computed':
      return (
        <fieldset className="group-box">
          <legend>{t('props.computation')}</legend>
          <ExpressionInput
            label={t('props.expression')}
            name="expression"
            value={field.expression}
            scope={scope}
            fields={fieldEntries.filter((f) => f.key !== field.key)}
            expect={field.resultType}
            disabled={readOnly || !allowed({ expression: `${field.expression} ` })}
            hint={t('props.expressionHint')}
            onBlur={mark}
            onChange={(e) => update({ expression: e }, 'expression')}
          />
          <label className="field">
            <span>{t('props.resultType')}</span>
            <select value={field.resultType} disabled={readOnly} onChange={(e) => update({ resultType: e.target.value })}>
              {(['number', 'text', 'boolean', 'date', 'datetime'] as const).map((r) => (
                <option key={r} value={r}>
                  {t(`props.resultTypes.${r}`)}
                </option>
              ))}
            </select>
          </label>
          {field.resultType === 'number' && (
            <div className="two-col">
              <label className="field">
                <span>{t('props.format')}</span>
                <select value={field.format ?? 'plain'} disabled={readOnly} onChange={(e) => update({ format: e.target.value === 'plain' ? undefined : e.target.value })}>
                  {(['plain', 'currency', 'percent'] as const).map((f) => (
                    <option key={f} value={f}>
                      {t(`props.formats.${f}`)}
                    </option>
                  ))}
                </select>
              </label>
              <NumberInput label={t('props.decimals')} integer min={0} value={field.decimals} disabled={readOnly} onBlur={mark} onChange={(n) => update({ decimals: n }, 'decimals')} />
            </div>
          )}
        </fieldset>
      );
  }
}

function patternError(pattern: string | undefined, message: string): string | null {
  if (!pattern) return null;
  try {
    new RegExp(pattern);
    return null;
  } catch {
    return message;
  }
}

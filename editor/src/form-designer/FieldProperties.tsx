/**
 * Properties of one field: label in both languages, key, section, required and
 * visibility rules, then what its type has (validation, options, expression …).
 * Controls a lock does not allow to change are disabled; the store's lock guard
 * refuses anything else that would loosen HQ's rules and says why.
 */
import type { FormField } from '@branchline/schemas';
import { useTranslation } from 'react-i18next';
import { localized } from '../i18n/localized';
import { useFormEditor, useFormStoreApi } from '../store/form-store';
import { useFormDesigner } from './designer-context';
import { ExpressionInput } from './ExpressionInput';
import { FIELD_GLYPHS } from './field-types';
import { Checkbox, CommitInput } from './inputs';
import { LocalizedInput } from './LocalizedInput';
import { LockNotice } from './PropertyPanel';
import { TypeProperties } from './TypeProperties';

const KEY_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;
const PLACEHOLDER_TYPES = new Set(['text', 'textarea', 'email', 'phone', 'number', 'currency', 'percent']);

export function FieldProperties({ field }: { field: FormField }) {
  const { t, i18n } = useTranslation();
  const store = useFormStoreApi();
  const sections = useFormEditor((s) => s.definition.sections);
  const keys = useFormEditor((s) => s.definition.fields.map((f) => f.key).join('\n'));
  const { locks, readOnly, canApply, scope, fieldEntries } = useFormDesigner();
  const policy = locks.fields.get(field.key);
  const key = field.key;

  const update = (set: Record<string, unknown>, coalesce?: string) => store.getState().apply({ type: 'field.update', key, set }, coalesce ? { coalesce: `${key}.${coalesce}` } : undefined);
  const mark = () => store.getState().mark();
  const allowed = (set: Record<string, unknown>) => !policy || canApply({ type: 'field.update', key, set });

  const keyFixed = readOnly || !allowed({ key: `${key}_renamed` });
  const requiredFixed = readOnly || (field.required === true && !allowed({ required: false }));
  const visibilityFixed = readOnly || !allowed({ visibleWhen: field.visibleWhen ? undefined : 'true' });
  const removable = !policy || canApply({ type: 'field.remove', key });
  const otherFields = fieldEntries.filter((f) => f.key !== key);

  const validateKey = (v: string) => {
    if (!KEY_PATTERN.test(v)) return t('props.keyInvalid');
    if (v !== key && keys.split('\n').includes(v)) return t('props.keyTaken');
    return null;
  };

  return (
    <div className="stack" data-testid="field-properties">
      <p className="prop-type">
        <span className="glyph" aria-hidden="true">
          {FIELD_GLYPHS[field.type]}
        </span>
        {t(`fieldTypes.${field.type}`)}
      </p>
      {policy && <LockNotice text={localized(policy, i18n.language)} />}
      <LocalizedInput label={t('props.label')} name="label" value={field.label} required disabled={readOnly} onBlur={mark} onChange={(v) => v && update({ label: v }, 'label')} />
      <CommitInput
        label={t('props.key')}
        value={key}
        mono
        disabled={keyFixed}
        validate={validateKey}
        hint={keyFixed && policy ? t('locks.keyFixed') : t('props.keyHint')}
        onCommit={(v) => {
          if (update({ key: v })) store.getState().select({ type: 'field', id: v });
        }}
      />
      {sections && sections.length > 0 && (
        <label className="field">
          <span>{t('props.section')}</span>
          <select
            value={field.section ?? ''}
            disabled={readOnly}
            onChange={(e) => store.getState().apply({ type: 'field.move', key, section: e.target.value || null, before: null })}
          >
            <option value="">{t('canvas.ungrouped')}</option>
            {sections.map((s) => (
              <option key={s.id} value={s.id}>
                {localized(s.title, i18n.language) || s.id}
              </option>
            ))}
          </select>
        </label>
      )}
      {field.type !== 'computed' && (
        <Checkbox
          label={t('props.required')}
          checked={field.required === true}
          disabled={requiredFixed}
          hint={requiredFixed && !readOnly ? t('locks.requiredFixed') : undefined}
          onChange={(v) => update(v ? { required: true } : { required: undefined })}
        />
      )}
      <TypeProperties field={field} update={update} mark={mark} allowed={allowed} />
      <LocalizedInput label={t('props.help')} value={field.help} multiline disabled={readOnly} onBlur={mark} onChange={(v) => update({ help: v }, 'help')} />
      {PLACEHOLDER_TYPES.has(field.type) && (
        <LocalizedInput label={t('props.placeholder')} value={field.placeholder} disabled={readOnly} onBlur={mark} onChange={(v) => update({ placeholder: v }, 'placeholder')} />
      )}
      <details className="rules" open={!!(field.visibleWhen || field.requiredWhen)}>
        <summary>{t('props.rules')}</summary>
        <ExpressionInput
          label={t('props.visibleWhen')}
          name="visibleWhen"
          value={field.visibleWhen ?? ''}
          scope={scope}
          fields={otherFields}
          expect="boolean"
          disabled={visibilityFixed}
          placeholder={t('props.visibleWhenPlaceholder')}
          hint={t('props.visibleWhenHint')}
          onBlur={mark}
          onChange={(v) => update({ visibleWhen: v.trim() ? v : undefined }, 'visibleWhen')}
        />
        {field.type !== 'computed' && (
          <ExpressionInput
            label={t('props.requiredWhen')}
            name="requiredWhen"
            value={field.requiredWhen ?? ''}
            scope={scope}
            fields={otherFields}
            expect="boolean"
            disabled={readOnly}
            placeholder={t('props.requiredWhenPlaceholder')}
            onBlur={mark}
            onChange={(v) => update({ requiredWhen: v.trim() ? v : undefined }, 'requiredWhen')}
          />
        )}
      </details>
      {!readOnly && (
        <button
          type="button"
          className="btn btn-danger"
          aria-disabled={removable ? undefined : true}
          title={removable ? undefined : t('locks.cannotRemove')}
          onClick={() => {
            if (store.getState().apply({ type: 'field.remove', key })) store.getState().select(null);
          }}
        >
          {t('props.removeField')}
        </button>
      )}
    </div>
  );
}

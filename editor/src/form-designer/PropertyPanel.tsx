/** Properties of what is selected: a field, a section, or (nothing selected) the form itself. */
import type { FormDefinition } from '@branchline/schemas';
import { useTranslation } from 'react-i18next';
import { useFormEditor, useFormStoreApi } from '../store/form-store';
import { FieldProperties } from './FieldProperties';
import { LocalizedInput } from './LocalizedInput';
import { useFormDesigner } from './designer-context';
import { localized } from '../i18n/localized';
import { LockIcon } from '../ui/LockIcon';

export function PropertyPanel() {
  const { t } = useTranslation();
  const selection = useFormEditor((s) => s.selection);
  const field = useFormEditor((s) => (s.selection?.type === 'field' ? s.definition.fields.find((f) => f.key === s.selection!.id) : undefined));
  const section = useFormEditor((s) => (s.selection?.type === 'section' ? s.definition.sections?.find((x) => x.id === s.selection!.id) : undefined));
  return (
    <aside className="properties" aria-label={t('props.title')} data-testid="properties">
      <h2 className="panel-title">{t('props.title')}</h2>
      {field ? <FieldProperties key={field.key} field={field} /> : section ? <SectionProperties id={section.id} /> : <FormProperties />}
      {selection && !field && !section && <p className="muted">{t('props.selectionGone')}</p>}
    </aside>
  );
}

function SectionProperties({ id }: { id: string }) {
  const { t } = useTranslation();
  const store = useFormStoreApi();
  const section = useFormEditor((s) => s.definition.sections?.find((x) => x.id === id));
  const { locks, readOnly } = useFormDesigner();
  const { i18n } = useTranslation();
  if (!section) return null;
  const policy = locks.sections.get(id);
  const mark = () => store.getState().mark();
  return (
    <div className="stack">
      <p className="muted small">
        {t('props.section')} <code>{section.id}</code>
      </p>
      {policy && <LockNotice text={localized(policy, i18n.language)} />}
      <LocalizedInput
        label={t('props.sectionTitle')}
        value={section.title}
        required
        disabled={readOnly}
        onBlur={mark}
        onChange={(v) => v && store.getState().apply({ type: 'section.update', id, set: { title: v } }, { coalesce: `section.${id}.title` })}
      />
      <LocalizedInput
        label={t('props.description')}
        value={section.description}
        multiline
        disabled={readOnly}
        onBlur={mark}
        onChange={(v) => store.getState().apply({ type: 'section.update', id, set: { description: v } }, { coalesce: `section.${id}.description` })}
      />
      {!readOnly && (
        <button
          type="button"
          className="btn btn-danger"
          onClick={() => {
            if (store.getState().apply({ type: 'section.remove', id })) store.getState().select(null);
          }}
        >
          {t('props.removeSection')}
        </button>
      )}
    </div>
  );
}

function FormProperties() {
  const { t } = useTranslation();
  const store = useFormStoreApi();
  const form: FormDefinition = useFormEditor((s) => s.definition);
  const { readOnly } = useFormDesigner();
  const { i18n } = useTranslation();
  const mark = () => store.getState().mark();
  return (
    <div className="stack">
      <p className="muted small">{t('props.formHint')}</p>
      <LocalizedInput
        label={t('props.formTitle')}
        value={form.title}
        required
        disabled={readOnly}
        onBlur={mark}
        onChange={(v) => v && store.getState().apply({ type: 'definition.update', set: { title: v } }, { coalesce: 'form.title' })}
      />
      <LocalizedInput
        label={t('props.description')}
        value={form.description}
        multiline
        disabled={readOnly}
        onBlur={mark}
        onChange={(v) => store.getState().apply({ type: 'definition.update', set: { description: v } }, { coalesce: 'form.description' })}
      />
      <label className="field">
        <span>{t('props.titleField')}</span>
        <select
          value={form.titleField ?? ''}
          disabled={readOnly}
          onChange={(e) => store.getState().apply({ type: 'definition.update', set: { titleField: e.target.value || undefined } })}
        >
          <option value="">{t('props.none')}</option>
          {form.fields.map((f) => (
            <option key={f.key} value={f.key}>
              {localized(f.label, i18n.language)} ({f.key})
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

export function LockNotice({ text }: { text: string }) {
  const { t } = useTranslation();
  return (
    <div className="lock-notice" data-testid="lock-notice">
      <LockIcon size={18} />
      <div>
        <strong>{t('locks.lockedByHq')}</strong>
        <p>{text}</p>
      </div>
    </div>
  );
}

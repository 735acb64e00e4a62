/**
 * One field on the form: a drag handle (pointer or keyboard: Space, arrows, Space),
 * the field's label, key and type, and a remove button. A field HQ locked shows a
 * lock with HQ's policy; removing it is refused with that policy as the reason.
 */
import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { FormField } from '@branchline/schemas';
import { useTranslation } from 'react-i18next';
import { localized } from '../i18n/localized';
import { useFormEditor, useFormStoreApi } from '../store/form-store';
import { useFormDesigner } from './designer-context';
import { fieldId } from './dnd-ids';
import { FIELD_GLYPHS } from './field-types';

export function FieldCard({ field }: { field: FormField }) {
  const { t, i18n } = useTranslation();
  const store = useFormStoreApi();
  const { locks, readOnly } = useFormDesigner();
  const selected = useFormEditor((s) => s.selection?.type === 'field' && s.selection.id === field.key);
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: fieldId(field.key), disabled: readOnly });
  const policy = locks.fields.get(field.key);
  const label = localized(field.label, i18n.language) || field.key;
  const select = () => store.getState().select({ type: 'field', id: field.key });
  const remove = () => {
    if (store.getState().apply({ type: 'field.remove', key: field.key }) && selected) store.getState().select(null);
  };

  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      className={['field-card', selected ? 'selected' : '', isDragging ? 'dragging' : '', policy ? 'locked' : ''].join(' ')}
      data-field-key={field.key}
      data-testid={`field-${field.key}`}
    >
      <button
        ref={setActivatorNodeRef}
        type="button"
        className="drag-handle"
        {...attributes}
        {...listeners}
        aria-label={t('canvas.dragHandle', { label })}
        aria-roledescription={t('canvas.sortable')}
        disabled={readOnly}
      >
        <span aria-hidden="true">⠿</span>
      </button>
      <button
        type="button"
        className="field-card-body"
        onClick={select}
        aria-pressed={selected}
        onKeyDown={(e) => {
          if ((e.key === 'Delete' || e.key === 'Backspace') && !readOnly) {
            e.preventDefault();
            remove();
          }
        }}
      >
        <span className="glyph" aria-hidden="true">
          {FIELD_GLYPHS[field.type]}
        </span>
        <span className="field-card-text">
          <span className="field-card-label">
            {label}
            {field.required && (
              <span className="required-mark" aria-label={t('canvas.required')}>
                *
              </span>
            )}
          </span>
          <span className="field-card-meta">
            <code>{field.key}</code> · {t(`fieldTypes.${field.type}`)}
            {field.visibleWhen && <> · {t('canvas.conditional')}</>}
          </span>
        </span>
      </button>
      {policy && (
        <span className="lock" tabIndex={0} role="img" aria-label={t('locks.lockedBy', { policy: localized(policy, i18n.language) })} title={localized(policy, i18n.language)} data-testid="lock">
          🔒
          <span className="lock-tip" role="tooltip">
            {localized(policy, i18n.language)}
          </span>
        </span>
      )}
      {!readOnly && (
        <button
          type="button"
          className={policy ? 'btn btn-icon btn-ghost remove locked' : 'btn btn-icon btn-ghost remove'}
          onClick={remove}
          aria-label={t('canvas.remove', { label })}
          aria-disabled={policy ? true : undefined}
          title={policy ? t('locks.cannotRemove') : t('canvas.remove', { label })}
        >
          <span aria-hidden="true">✕</span>
        </button>
      )}
    </li>
  );
}

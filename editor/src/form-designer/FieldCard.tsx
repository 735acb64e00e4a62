/**
 * One field on the form: a drag handle (pointer or keyboard: Space, arrows, Space),
 * the field's label, key and type, and a remove button. A field HQ locked shows a
 * lock with HQ's policy; removing it is refused with that policy as the reason.
 *
 * The card is split in two: the sortable frame re-renders whenever dnd-kit's context
 * changes (every card registering itself when a form opens, every move of a drag),
 * the memoized body only when its own field, selection or texts change — on a
 * 150-field form that is the difference between one render of each card and three.
 */
import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { FormField, LocalizedText } from '@branchline/schemas';
import { memo } from 'react';
import { localized } from '../i18n/localized';
import { useFormEditor, useFormStoreApi } from '../store/form-store';
import type { CanvasTexts } from './canvas-texts';
import { useFormDesigner } from './designer-context';
import { fieldId } from './dnd-ids';
import { FIELD_GLYPHS } from './field-types';
import { LockIcon } from '../ui/LockIcon';

export function FieldCard({ field }: { field: FormField }) {
  const { locks, readOnly, texts, lang } = useFormDesigner();
  const selected = useFormEditor((s) => s.selection?.type === 'field' && s.selection.id === field.key);
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: fieldId(field.key), disabled: readOnly });
  const policy = locks.fields.get(field.key);
  const label = localized(field.label, lang) || field.key;

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
        aria-label={texts.dragHandle(label)}
        aria-roledescription={texts.sortable}
        disabled={readOnly}
      >
        <span aria-hidden="true">⠿</span>
      </button>
      <FieldCardBody field={field} label={label} selected={selected} policy={policy} readOnly={readOnly} texts={texts} lang={lang} />
    </li>
  );
}

interface BodyProps {
  readonly field: FormField;
  readonly label: string;
  readonly selected: boolean;
  readonly policy: LocalizedText | undefined;
  readonly readOnly: boolean;
  readonly texts: CanvasTexts;
  readonly lang: string;
}

const FieldCardBody = memo(function FieldCardBody({ field, label, selected, policy, readOnly, texts, lang }: BodyProps) {
  const store = useFormStoreApi();
  const select = () => store.getState().select({ type: 'field', id: field.key });
  const remove = () => {
    if (store.getState().apply({ type: 'field.remove', key: field.key }) && selected) store.getState().select(null);
  };

  return (
    <>
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
              <span className="required-mark" aria-label={texts.required}>
                *
              </span>
            )}
          </span>
          <span className="field-card-meta">
            <code>{field.key}</code> · {texts.typeName[field.type]}
            {field.visibleWhen && <> · {texts.conditional}</>}
          </span>
        </span>
      </button>
      {policy && (
        <span className="lock" tabIndex={0} role="img" aria-label={texts.lockedBy(localized(policy, lang))} title={localized(policy, lang)} data-testid="lock">
          <LockIcon />
          <span className="lock-tip" role="tooltip">
            {localized(policy, lang)}
          </span>
        </span>
      )}
      {!readOnly && (
        <button
          type="button"
          className={policy ? 'btn btn-icon btn-ghost remove locked' : 'btn btn-icon btn-ghost remove'}
          onClick={remove}
          aria-label={texts.remove(label)}
          aria-disabled={policy ? true : undefined}
          title={policy ? texts.cannotRemove : texts.remove(label)}
        >
          <span aria-hidden="true">✕</span>
        </button>
      )}
    </>
  );
});

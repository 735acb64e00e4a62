/**
 * The field types to drag onto the form. A click (or Enter) adds the type at the
 * end of the selected field's section, so the palette works without a mouse.
 */
import { useDraggable } from '@dnd-kit/core';
import type { FieldType } from '@branchline/schemas';
import type { PointerEventHandler } from 'react';
import { useTranslation } from 'react-i18next';
import { FIELD_GLYPHS, FIELD_GROUPS } from './field-types';
import { paletteId } from './dnd-ids';

export function Palette({ onAdd, disabled }: { onAdd: (type: FieldType) => void; disabled: boolean }) {
  const { t } = useTranslation();
  return (
    <aside className="palette" aria-label={t('palette.title')}>
      <h2 className="panel-title">{t('palette.title')}</h2>
      <p className="muted small">{t('palette.hint')}</p>
      {FIELD_GROUPS.map((g) => (
        <div key={g.id} className="palette-group" role="group" aria-label={t(`palette.groups.${g.id}`)}>
          <h3 className="palette-group-title">{t(`palette.groups.${g.id}`)}</h3>
          {g.types.map((type) => (
            <PaletteItem key={type} type={type} onAdd={onAdd} disabled={disabled} />
          ))}
        </div>
      ))}
    </aside>
  );
}

function PaletteItem({ type, onAdd, disabled }: { type: FieldType; onAdd: (type: FieldType) => void; disabled: boolean }) {
  const { t } = useTranslation();
  const { setNodeRef, listeners, isDragging } = useDraggable({ id: paletteId(type), disabled, data: { type } });
  return (
    <button
      ref={setNodeRef}
      type="button"
      className={isDragging ? 'palette-item dragging' : 'palette-item'}
      data-field-type={type}
      onPointerDown={listeners?.onPointerDown as PointerEventHandler<HTMLButtonElement> | undefined}
      onClick={() => onAdd(type)}
      disabled={disabled}
      title={t('palette.addHint', { type: t(`fieldTypes.${type}`) })}
    >
      <span className="glyph" aria-hidden="true">
        {FIELD_GLYPHS[type]}
      </span>
      {t(`fieldTypes.${type}`)}
    </button>
  );
}

export function PaletteGhost({ type }: { type: FieldType }) {
  const { t } = useTranslation();
  return (
    <div className="palette-item ghost">
      <span className="glyph" aria-hidden="true">
        {FIELD_GLYPHS[type]}
      </span>
      {t(`fieldTypes.${type}`)}
    </div>
  );
}

/**
 * The palette of the 11 node kinds. Drag one onto the canvas (dnd-kit pointer
 * sensor, so real mouse and touch drags work), or press Enter / click to add it in
 * the middle of the view — the keyboard path.
 */
import { useDraggable } from '@dnd-kit/core';
import { useTranslation } from 'react-i18next';
import { NODE_KINDS, type NodeKind } from '@branchline/schemas';
import { KIND_ICONS } from './kind-icons';

export const PALETTE_PREFIX = 'palette:';

function PaletteItem({ kind, disabled, onAdd }: { kind: NodeKind; disabled: boolean; onAdd: (kind: NodeKind) => void }) {
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: PALETTE_PREFIX + kind, data: { kind }, disabled });
  return (
    <li>
      <button
        ref={setNodeRef}
        type="button"
        className={`wf-palette__item wf-node--${kind}${isDragging ? ' is-dragging' : ''}`}
        data-testid={`wf-palette-${kind}`}
        title={t(`workflow.kindHelp.${kind}`)}
        disabled={disabled}
        {...listeners}
        {...attributes}
        onClick={() => onAdd(kind)}
      >
        <span className="wf-node__icon" aria-hidden="true">
          {KIND_ICONS[kind]}
        </span>
        <span>{t(`workflow.kind.${kind}`)}</span>
      </button>
    </li>
  );
}

export function Palette({ disabled, onAdd }: { disabled: boolean; onAdd: (kind: NodeKind) => void }) {
  const { t } = useTranslation();
  return (
    <aside className="wf-palette" aria-label={t('workflow.palette.label')}>
      <h2 className="wf-section-title">{t('workflow.palette.title')}</h2>
      <p className="muted wf-hint">{t('workflow.palette.hint')}</p>
      <ul>
        {NODE_KINDS.map((kind) => (
          <PaletteItem key={kind} kind={kind} disabled={disabled} onAdd={onAdd} />
        ))}
      </ul>
    </aside>
  );
}

/** What the drag overlay shows under the pointer. */
export function PaletteGhost({ kind }: { kind: NodeKind }) {
  const { t } = useTranslation();
  return (
    <div className={`wf-palette__item wf-palette__ghost wf-node--${kind}`}>
      <span className="wf-node__icon" aria-hidden="true">
        {KIND_ICONS[kind]}
      </span>
      <span>{t(`workflow.kind.${kind}`)}</span>
    </div>
  );
}

/**
 * The form designer: palette → form (drag and drop, keyboard sortable) → property
 * panel → live preview that runs the real runtime. Reads and edits the form through
 * the editor store handed down by <DesignerHost/>.
 */
import {
  closestCorners,
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import type { FieldType } from '@branchline/schemas';
import { templateOf } from '../api/types';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DesignerBodyProps } from '../designer/designer-kinds';
import { useFormEditor, useFormStoreApi } from '../store/form-store';
import { groupOf } from '../store/form-edits';
import type { FormDefinition } from '@branchline/schemas';
import { FormDesignerContext } from './designer-context';
import { dropTarget, parseDragId, type DragThing } from './dnd-ids';
import { newField } from './field-factory';
import { FormCanvas } from './FormCanvas';
import { formLocks } from './form-locks';
import { canvasTexts } from './canvas-texts';
import { lockGuard } from '../designer/lock-guard';
import { applyFormEdit, type FormEdit } from '../store/form-edits';
import { formScope } from '@branchline/runtime';
import { localized } from '../i18n/localized';
import { FormPreview } from './FormPreview';
import { Palette, PaletteGhost } from './Palette';
import { PropertyPanel } from './PropertyPanel';

/** Prefer the field under the pointer over the section around it; keyboard drags use corners. */
const collision: CollisionDetection = (args) => {
  const within = pointerWithin(args);
  if (within.length > 0) {
    const fields = within.filter((c) => String(c.id).startsWith('field:'));
    return fields.length > 0 ? fields : within;
  }
  return closestCorners(args);
};

export default function FormDesigner({ detail }: DesignerBodyProps) {
  const { t, i18n } = useTranslation();
  const store = useFormStoreApi();
  const readOnly = useFormEditor((s) => s.readOnly);
  const fields = useFormEditor((s) => s.definition.fields);
  const template = useMemo(() => templateOf(detail.template), [detail.template]);
  const locks = useMemo(() => formLocks(template), [template]);
  const guard = useMemo(() => lockGuard<FormDefinition>(template), [template]);
  const scope = useMemo(() => formScope({ ...store.getState().definition, fields }), [fields, store]);
  const texts = useMemo(() => canvasTexts(t), [t]);
  const fieldEntries = useMemo(
    () => fields.map((f) => ({ key: f.key, detail: `${localized(f.label, i18n.language)} · ${texts.typeName[f.type]}` })),
    [fields, i18n.language, texts],
  );
  const context = useMemo(
    () => ({
      texts,
      lang: i18n.language,
      locks,
      readOnly,
      definitionId: detail.id,
      scope,
      fieldEntries,
      canApply: (edit: FormEdit) => {
        if (!guard) return true;
        const before = store.getState().definition;
        const after = applyFormEdit(before, edit);
        return after === before || guard(before, after, edit) === null;
      },
    }),
    [texts, i18n.language, locks, readOnly, detail.id, scope, fieldEntries, guard, store],
  );
  const [dragging, setDragging] = useState<DragThing | null>(null);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  useEffect(() => {
    performance.mark('branchline:form-designer-ready');
  }, []);

  const add = (type: FieldType, section: string | null, before: string | null) => {
    const form = store.getState().definition;
    const field = newField(type, form, section);
    if (store.getState().apply({ type: 'field.add', field, before })) store.getState().select({ type: 'field', id: field.key });
  };

  const addToSelectedSection = (type: FieldType) => {
    const { definition, selection } = store.getState();
    let section: string | null = null;
    if (selection?.type === 'section') section = selection.id;
    if (selection?.type === 'field') {
      const f = definition.fields.find((x) => x.key === selection.id);
      section = f ? groupOf(definition, f) : null;
    }
    add(type, section, null);
  };

  const onDragStart = (e: DragStartEvent) => setDragging(parseDragId(e.active.id));
  const onDragEnd = (e: DragEndEvent) => {
    setDragging(null);
    const active = parseDragId(e.active.id);
    const over = parseDragId(e.over?.id);
    if (!active || !over) return;
    const target = dropTarget(store.getState().definition, active, over);
    if (!target) return;
    if (active.kind === 'palette') add(active.type, target.section, target.before);
    else if (active.kind === 'field') store.getState().apply({ type: 'field.move', key: active.key, ...target });
  };

  const name = (id: string | number | undefined) => {
    const thing = parseDragId(id);
    if (!thing) return '';
    if (thing.kind === 'palette') return t(`fieldTypes.${thing.type}`);
    if (thing.kind === 'field') return thing.key;
    return thing.section ?? t('canvas.ungrouped');
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => t('dnd.picked', { name: name(active.id) }),
    onDragOver: ({ active, over }) => (over ? t('dnd.over', { name: name(active.id), target: name(over.id) }) : t('dnd.outside', { name: name(active.id) })),
    onDragEnd: ({ active, over }) => (over ? t('dnd.dropped', { name: name(active.id), target: name(over.id) }) : t('dnd.cancelled', { name: name(active.id) })),
    onDragCancel: ({ active }) => t('dnd.cancelled', { name: name(active.id) }),
  };

  return (
    <FormDesignerContext.Provider value={context}>
      <DndContext
        sensors={sensors}
        collisionDetection={collision}
        onDragStart={onDragStart}
        onDragEnd={onDragEnd}
        onDragCancel={() => setDragging(null)}
        accessibility={{ announcements, screenReaderInstructions: { draggable: t('dnd.instructions') } }}
      >
        <div className="form-designer" data-testid="form-designer">
          <Palette onAdd={addToSelectedSection} disabled={readOnly || !locks.canAddFields} />
          <FormCanvas />
          <PropertyPanel />
          <FormPreview />
        </div>
        <DragOverlay dropAnimation={null}>{dragging?.kind === 'palette' ? <PaletteGhost type={dragging.type} /> : null}</DragOverlay>
      </DndContext>
    </FormDesignerContext.Provider>
  );
}

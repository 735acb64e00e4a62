/** The form as it is being built: the ungrouped fields, then each section with its fields. */
import { useDroppable } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import type { FormDefinition, FormField } from '@branchline/schemas';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { localized } from '../i18n/localized';
import { useFormEditor, useFormStoreApi } from '../store/form-store';
import { useFormDesigner } from './designer-context';
import { fieldId, groupId, groupsOf } from './dnd-ids';
import { FieldCard } from './FieldCard';
import { newSectionId } from './field-factory';
import { enMessages, zhCNMessages } from '../i18n';
import { LockIcon } from '../ui/LockIcon';

export function FormCanvas() {
  const { t } = useTranslation();
  const form = useFormEditor((s) => s.definition);
  const store = useFormStoreApi();
  const { locks, readOnly } = useFormDesigner();
  const groups = useMemo(() => groupsOf(form), [form]);
  const byKey = useMemo(() => new Map(form.fields.map((f) => [f.key, f])), [form.fields]);

  const addSection = () => {
    const id = newSectionId(form);
    const n = (form.sections?.length ?? 0) + 1;
    store.getState().apply({ type: 'section.add', section: { id, title: { 'zh-CN': `${zhCNMessages.canvas.newSection} ${n}`, en: `${enMessages.canvas.newSection} ${n}` } } });
    store.getState().select({ type: 'section', id });
  };

  return (
    <section className="canvas" aria-label={t('canvas.title')}>
      <h2 className="visually-hidden">{t('canvas.title')}</h2>
      {groups.map((g) => (
        <Group key={g.section ?? ''} form={form} section={g.section} fields={g.keys.map((k) => byKey.get(k)!)} hideWhenEmpty={g.section === null && (form.sections?.length ?? 0) > 0} />
      ))}
      {!readOnly && locks.canAddSections && (
        <button type="button" className="btn btn-dashed" onClick={addSection}>
          {t('canvas.addSection')}
        </button>
      )}
    </section>
  );
}

function Group({ form, section, fields, hideWhenEmpty }: { form: FormDefinition; section: string | null; fields: FormField[]; hideWhenEmpty: boolean }) {
  const { t, i18n } = useTranslation();
  const store = useFormStoreApi();
  const { locks } = useFormDesigner();
  const { setNodeRef, isOver } = useDroppable({ id: groupId(section) });
  const info = section ? form.sections?.find((s) => s.id === section) : undefined;
  const selected = useFormEditor((s) => s.selection?.type === 'section' && s.selection.id === section);
  const policy = section ? locks.sections.get(section) : undefined;
  const items = fields.map((f) => fieldId(f.key));
  const empty = fields.length === 0;

  return (
    <div className={['group', isOver ? 'over' : '', selected ? 'selected' : '', empty && hideWhenEmpty ? 'group-slim' : ''].join(' ')} data-section={section ?? ''}>
      {info && (
        <div className="group-header">
          <button type="button" className="group-title" aria-pressed={selected} onClick={() => store.getState().select({ type: 'section', id: info.id })}>
            {localized(info.title, i18n.language) || info.id}
          </button>
          {policy && (
            <span className="lock" tabIndex={0} role="img" aria-label={t('locks.lockedBy', { policy: localized(policy, i18n.language) })} title={localized(policy, i18n.language)}>
              <LockIcon />
            </span>
          )}
        </div>
      )}
      <SortableContext id={groupId(section)} items={items} strategy={verticalListSortingStrategy}>
        <ul ref={setNodeRef} className="field-list" aria-label={info ? localized(info.title, i18n.language) : t('canvas.ungrouped')} data-testid={`drop-${section ?? 'root'}`}>
          {fields.map((f) => (
            <FieldCard key={f.key} field={f} />
          ))}
          {empty && <li className="drop-hint">{t('canvas.dropHere')}</li>}
        </ul>
      </SortableContext>
    </div>
  );
}

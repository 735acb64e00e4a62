/**
 * The set-aside changes of an open instance and the two actions on them. Re-applying
 * first saves what the user typed (the server applies the change to the saved draft),
 * then loads the server's new draft into the designer — no undo step, since the
 * change lives on the server — and drops the entry from the list.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../app/app-context';
import type { DefinitionDetail } from '../api/types';
import { ApiError } from '../api/client';
import type { Autosave } from '../store/autosave';
import type { AnyStore } from './designer-kinds';
import type { SetAsideEntry } from './set-aside';

export function useSetAside(detail: DefinitionDetail, store: AnyStore, autosave: Autosave, onSaved: (d: DefinitionDetail) => void) {
  const { api } = useApp();
  const { t } = useTranslation();
  const [entries, setEntries] = useState<readonly SetAsideEntry[]>(detail.setAside ?? []);
  return {
    entries,
    async reapply(index: number) {
      await autosave.flush();
      if (store.getState().save.state !== 'saved') throw new ApiError(409, { title: 'unsaved', errors: [{ pointer: '', code: 'unsaved', message: t('gallery.setAside.unsaved') }] });
      const d = await api.reapplySetAside(detail.id, index);
      store.getState().load(d.definition);
      setEntries(d.setAside ?? []);
      onSaved(d);
    },
    async discard(index: number) {
      const d = await api.discardSetAside(detail.id, index);
      setEntries(d.setAside ?? []);
    },
  };
}

/**
 * One open definition: creates its store, saves drafts automatically, and frames
 * the designer with the toolbar (undo/redo, save status, designer ⇄ JSON, history,
 * publish) and the banners that explain refused edits and refused saves.
 */
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../app/app-context';
import type { DefinitionDetail } from '../api/types';
import { localized } from '../i18n/localized';
import { EditorStoreProvider } from '../store/editor-context';
import { FormRuntimeContext, useFormRuntime } from '../form-renderer/form-runtime';
import { startAutosave, type Autosave } from '../store/autosave';
import { useStore } from 'zustand';
import { Loading } from '../ui/states';
import { ErrorBoundary } from '../ui/ErrorBoundary';
import { designerKind, type AnyStore } from './designer-kinds';
import { useUndoKeys } from './use-undo-keys';
import { DesignerToolbar } from './DesignerToolbar';
import { RefusalBanner, SaveErrorBanner } from './banners';
import { SetAsidePanel } from './SetAsidePanel';
import { useSetAside } from './use-set-aside';
import { StatusBadge } from '../routes/StatusBadge';
import { OffBadge } from '../routes/OffBadge';
import { MandatoryBanner } from './WorkflowActions';
import '../styles/designer.css';

const JsonView = lazy(() => import('../json-view/JsonView'));

export type DesignerView = 'designer' | 'json';

export function DesignerHost({ detail }: { detail: DefinitionDetail }) {
  const { t, i18n } = useTranslation();
  const { api, session } = useApp();
  const readOnly = session.user.role === 'hq_auditor' || session.user.role === 'sales_rep';
  const kind = designerKind(detail.kind);
  const [store] = useState<AnyStore>(() => kind.createStore(detail, readOnly));
  const [meta, setMeta] = useState({ status: detail.status, version: detail.version, active: detail.active });
  const [view, setView] = useState<DesignerView>('designer');
  // One runtime worker per open definition: the preview's evaluations and the autosave's shape check.
  const runtime = useFormRuntime();
  const runtimeRef = useRef(runtime);
  runtimeRef.current = runtime;
  const autosave = useMemo<Autosave>(
    () =>
      startAutosave(
        store,
        async (definition) => {
          const saved = await api.saveDefinition(detail.id, definition);
          setMeta({ status: saved.status, version: saved.version, active: saved.active });
        },
        // A definition of the wrong shape is not sent (the server would refuse it); the status stays "unsaved".
        { delay: 800, canSave: async (d) => (await runtimeRef.current.shapeProblems(detail.kind, d)).length === 0 },
      ),
    [store, api, detail.id, detail.kind],
  );
  useEffect(() => () => {
    void autosave.flush();
    autosave.stop();
  }, [autosave]);
  useUndoKeys(store);

  const dirty = useStore(store, (s) => s.save.state !== 'saved');
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const setAside = useSetAside(detail, store, autosave, (d) => setMeta({ status: d.status, version: d.version, active: d.active }));
  const title = useStore(store, (s) => localized(s.definition.title, i18n.language));
  const Body = kind.Body;

  return (
    <EditorStoreProvider store={store}>
      <FormRuntimeContext.Provider value={runtime}>
      <div className="designer" data-kind={detail.kind}>
        <header className="designer-bar">
          <div className="designer-title">
            <h1>{title || detail.definition.key}</h1>
            <span className="mono muted small">{detail.definition.key}</span>
            <StatusBadge status={meta.status} />
            {detail.kind === 'workflow' && meta.version > 0 && !meta.active && <OffBadge />}
            <span className="muted small">{meta.version > 0 ? t('designer.version', { version: meta.version }) : t('designer.neverPublished')}</span>
            {detail.template && (
              <span className="badge badge-template" title={t('designer.fromTemplateHint')}>
                {t('designer.fromTemplate', { key: detail.template.key, version: detail.template.version })}
              </span>
            )}
            {readOnly && <span className="badge">{t('designer.readOnly')}</span>}
          </div>
          <DesignerToolbar
            detail={detail}
            view={view}
            onView={setView}
            autosave={autosave}
            readOnly={readOnly}
            status={meta.status}
            version={meta.version}
            active={meta.active}
            onPublished={(d) => setMeta({ status: d.status, version: d.version, active: d.active })}
          />
        </header>
        {detail.kind === 'workflow' && meta.version > 0 && <MandatoryBanner detail={detail} />}
        <RefusalBanner />
        <SaveErrorBanner />
        <SetAsidePanel entries={setAside.entries} canAct={!readOnly && (session.user.role === 'branch_admin' || session.user.role === 'hq_admin')} onReapply={setAside.reapply} onDiscard={setAside.discard} />
        <div className="designer-body">
          <ErrorBoundary>
            <Suspense fallback={<Loading />}>{view === 'json' ? <JsonView kind={detail.kind} /> : <Body detail={detail} />}</Suspense>
          </ErrorBoundary>
        </div>
      </div>
      </FormRuntimeContext.Provider>
    </EditorStoreProvider>
  );
}

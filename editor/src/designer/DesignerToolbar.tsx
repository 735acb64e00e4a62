/** Undo/redo, save status, designer ⇄ JSON, version history and publish. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../app/app-context';
import { href } from '../app/router';
import type { DefinitionDetail } from '../api/types';
import type { Autosave } from '../store/autosave';
import { useEditor, useEditorStoreApi } from '../store/editor-context';
import { useErrorText } from '../ui/states';
import type { DesignerView } from './DesignerHost';
import { VersionHistoryDialog } from './VersionHistoryDialog';
import { ActiveSwitch, RunNowButton } from './WorkflowActions';

interface Props {
  detail: DefinitionDetail;
  view: DesignerView;
  onView: (v: DesignerView) => void;
  autosave: Autosave;
  readOnly: boolean;
  status: string;
  version: number;
  /** A published workflow switched on (starts runs); see ./WorkflowActions. */
  active: boolean;
  onPublished: (d: DefinitionDetail) => void;
}

export function DesignerToolbar({ detail, view, onView, autosave, readOnly, status, version, active, onPublished }: Props) {
  const { t } = useTranslation();
  const { api, session } = useApp();
  const store = useEditorStoreApi();
  const canUndo = useEditor((s) => s.history.past.length > 0);
  const canRedo = useEditor((s) => s.history.future.length > 0);
  const [historyOpen, setHistoryOpen] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const errorText = useErrorText();
  const role = session.user.role;
  const approver = role === 'branch_admin' || role === 'hq_admin';

  const pending = status === 'pending_approval';

  /** Publish (admins), submit for approval (designers), or decide a pending request (admins). */
  async function act(action: 'publish' | 'approve' | 'reject') {
    setPublishing(true);
    setNotice(null);
    try {
      await autosave.flush();
      const save = store.getState().save;
      if (action === 'publish' && (save.state === 'error' || save.state === 'invalid')) {
        setNotice({ kind: 'error', text: t('designer.publishBlockedBySave') });
        return;
      }
      const res =
        action === 'approve' ? await api.approveDefinition(detail.id) : action === 'reject' ? await api.rejectDefinition(detail.id) : await api.publishDefinition(detail.id);
      onPublished(res.definition);
      setNotice(
        action === 'reject'
          ? { kind: 'ok', text: t('designer.rejected') }
          : res.outcome === 'pending_approval'
            ? { kind: 'ok', text: t('designer.submittedForApproval') }
            : { kind: 'ok', text: t('designer.published', { version: res.definition.version }) },
      );
    } catch (err) {
      setNotice({ kind: 'error', text: errorText(err) });
    } finally {
      setPublishing(false);
    }
  }

  return (
    <div className="designer-tools">
      <SaveIndicator />
      {!readOnly && (
        <div className="btn-group" role="group" aria-label={t('designer.history')}>
          <button type="button" className="btn btn-icon" onClick={() => store.getState().undo()} disabled={!canUndo} aria-keyshortcuts="Control+Z" title={t('designer.undoHint')}>
            <span aria-hidden="true">↶</span> {t('designer.undo')}
          </button>
          <button type="button" className="btn btn-icon" onClick={() => store.getState().redo()} disabled={!canRedo} aria-keyshortcuts="Control+Shift+Z" title={t('designer.redoHint')}>
            <span aria-hidden="true">↷</span> {t('designer.redo')}
          </button>
        </div>
      )}
      <div className="segmented" role="group" aria-label={t('designer.viewSwitch')}>
        <button type="button" aria-pressed={view === 'designer'} onClick={() => onView('designer')}>
          {t('designer.visual')}
        </button>
        <button type="button" aria-pressed={view === 'json'} onClick={() => onView('json')}>
          {t('designer.json')}
        </button>
      </div>
      {detail.kind === 'form' && version > 0 && (
        <a className="btn" href={href(`/definitions/${encodeURIComponent(detail.id)}/fill`)}>
          {t('fill.open')}
        </a>
      )}
      {detail.kind === 'workflow' && version > 0 && (
        <>
          <ActiveSwitch detail={detail} active={active} onChanged={onPublished} />
          <RunNowButton detail={detail} publishedVersion={version} />
        </>
      )}
      <button type="button" className="btn" onClick={() => setHistoryOpen(true)}>
        {t('designer.versions')}
      </button>
      {!readOnly && pending && approver && (
        <>
          <button type="button" className="btn" onClick={() => act('reject')} disabled={publishing}>
            {t('designer.reject')}
          </button>
          <button type="button" className="btn btn-primary" onClick={() => act('approve')} disabled={publishing}>
            {publishing ? t('states.working') : t('designer.approveAndPublish')}
          </button>
        </>
      )}
      {!readOnly && pending && !approver && (
        <button type="button" className="btn btn-primary" disabled title={t('designer.waitingHint')}>
          {t('designer.waiting')}
        </button>
      )}
      {!readOnly && !pending && (
        <button type="button" className="btn btn-primary" onClick={() => act('publish')} disabled={publishing}>
          {publishing ? t('states.working') : approver ? t('designer.publish') : t('designer.submitForApproval')}
        </button>
      )}
      {notice && (
        <p className={notice.kind === 'ok' ? 'toast toast-ok' : 'toast toast-error'} role={notice.kind === 'ok' ? 'status' : 'alert'} data-testid="publish-notice">
          {notice.text}
          <button type="button" className="btn btn-ghost btn-small" onClick={() => setNotice(null)} aria-label={t('actions.dismiss')}>
            ×
          </button>
        </p>
      )}
      <VersionHistoryDialog open={historyOpen} onClose={() => setHistoryOpen(false)} detail={detail} readOnly={readOnly} />
    </div>
  );
}

function SaveIndicator() {
  const { t } = useTranslation();
  const save = useEditor((s) => s.save);
  const text =
    save.state === 'saved'
      ? t('save.saved')
      : save.state === 'saving'
        ? t('save.saving')
        : save.state === 'dirty'
          ? t('save.unsaved')
          : save.state === 'invalid'
            ? t('save.invalid')
            : t('save.failed');
  return (
    <span className={`save-indicator save-${save.state}`} role="status" aria-live="polite" data-testid="save-status" data-state={save.state}>
      {text}
    </span>
  );
}

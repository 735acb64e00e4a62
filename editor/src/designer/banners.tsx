/** Why an edit was refused (HQ's lock policy), and why the server refused a save. */
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { messageText } from '../i18n/localized';
import { useEditor, useEditorStoreApi } from '../store/editor-context';
import { useErrorText } from '../ui/states';
import { LockIcon } from '../ui/LockIcon';

export function RefusalBanner() {
  const { t, i18n } = useTranslation();
  const refusal = useEditor((s) => s.refusal);
  const store = useEditorStoreApi();
  if (!refusal) return null;
  return (
    <div className="banner banner-warning" role="alert" data-testid="refusal">
      <span className="banner-icon" aria-hidden="true">
        <LockIcon />
      </span>
      <div className="banner-body">
        <strong>{t('locks.refusedTitle')}</strong>
        <ul>
          {refusal.reasons.map((r, i) => (
            <li key={i}>{messageText(r.message, i18n.language)}</li>
          ))}
        </ul>
      </div>
      <button type="button" className="btn btn-ghost btn-small" onClick={() => store.getState().dismissRefusal()}>
        {t('actions.dismiss')}
      </button>
    </div>
  );
}

export function SaveErrorBanner() {
  const { t, i18n } = useTranslation();
  const save = useEditor((s) => s.save);
  const errorText = useErrorText();
  if (save.state !== 'error') return null;
  const items = save.error instanceof ApiError ? save.error.problem.errors ?? [] : [];
  return (
    <div className="banner banner-error" role="alert" data-testid="save-error">
      <div className="banner-body">
        <strong>{t('designer.saveRefused')}</strong>
        {items.length > 0 ? (
          <ul>
            {items.map((p, i) => (
              <li key={i}>
                <span className="mono small">{p.pointer}</span> {messageText(p.messages ?? p.message, i18n.language)}
              </li>
            ))}
          </ul>
        ) : (
          <p>{errorText(save.error)}</p>
        )}
      </div>
    </div>
  );
}

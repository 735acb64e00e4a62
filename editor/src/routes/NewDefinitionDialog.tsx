import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../app/app-context';
import { navigate } from '../app/router';
import { Dialog } from '../ui/Dialog';
import { useErrorText } from '../ui/states';
import { keyFromTitle, newForm, newWorkflow } from './new-definition';

export function NewDefinitionDialog({ kind, onClose }: { kind: 'form' | 'workflow' | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { api } = useApp();
  const errorText = useErrorText();
  const [title, setTitle] = useState('');
  const [key, setKey] = useState('');
  const [keyTouched, setKeyTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [suffix] = useState(() => Date.now().toString(36).slice(-5));

  useEffect(() => {
    if (kind) {
      setTitle('');
      setKey('');
      setKeyTouched(false);
      setError(null);
    }
  }, [kind]);

  const effectiveKey = keyTouched ? key : keyFromTitle(title, kind ?? 'form', suffix);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!kind) return;
    setBusy(true);
    setError(null);
    const localizedTitle = { [i18n.language]: title.trim() };
    try {
      const definition = kind === 'form' ? newForm(effectiveKey, localizedTitle) : newWorkflow(effectiveKey, localizedTitle);
      const created = await api.createDefinition(definition);
      onClose();
      navigate(`/definitions/${encodeURIComponent(created.id)}`);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open={kind !== null} title={kind === 'workflow' ? t('definitions.newWorkflow') : t('definitions.newForm')} onClose={onClose}>
      <form onSubmit={submit} className="stack">
        <label className="field">
          <span>{t('newDefinition.title')}</span>
          <input name="title" required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} autoFocus />
        </label>
        <label className="field">
          <span>{t('newDefinition.key')}</span>
          <input
            name="key"
            required
            pattern="[a-z][a-z0-9\-]{0,62}"
            className="mono"
            value={effectiveKey}
            onChange={(e) => {
              setKeyTouched(true);
              setKey(e.target.value);
            }}
          />
          <small className="muted">{t('newDefinition.keyHint')}</small>
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('actions.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy || !title.trim()}>
            {busy ? t('states.working') : t('actions.create')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** A branch admin starts the branch's own instance of a template (a draft, or published at once) and opens it. */
import type { TemplateSummary } from '@branchline/schemas';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../app/router';
import { localized } from '../../i18n/localized';
import { Dialog } from '../../ui/Dialog';
import { useErrorText } from '../../ui/states';
import { usePagesApi } from '../shared/hooks';

export function InstantiateButton({ template }: { template: Pick<TemplateSummary, 'key' | 'title' | 'version' | 'locks' | 'mandatory'> }) {
  const { t, i18n } = useTranslation();
  const pages = usePagesApi();
  const errorText = useErrorText();
  const [open, setOpen] = useState(false);
  const [publish, setPublish] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const title = localized(template.title, i18n.language) || template.key;

  async function create() {
    setBusy(true);
    setError(null);
    try {
      const created = await pages.instantiate(template.key, { publish });
      navigate(`/definitions/${encodeURIComponent(created.id)}`);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="btn btn-small btn-primary" onClick={() => setOpen(true)} aria-label={t('gallery.useTemplateOf', { title })}>
        {t('gallery.useTemplate')}
      </button>
      <Dialog open={open} title={t('gallery.instantiateTitle', { title })} onClose={() => setOpen(false)}>
        <div className="stack">
          <p>{t('gallery.instantiateBody', { version: template.version, count: template.locks.length })}</p>
          {template.mandatory && <p className="small text-warning">{t('gallery.instantiateMandatory')}</p>}
          <label className="checkbox">
            <input type="checkbox" checked={publish} onChange={(e) => setPublish(e.target.checked)} />
            <span>{t('gallery.publishAtOnce')}</span>
          </label>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
        </div>
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={() => setOpen(false)}>
            {t('actions.cancel')}
          </button>
          <button type="button" className="btn btn-primary" onClick={create} disabled={busy}>
            {busy ? t('states.working') : t('gallery.createInstance')}
          </button>
        </div>
      </Dialog>
    </>
  );
}

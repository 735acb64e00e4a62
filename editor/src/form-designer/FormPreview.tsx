/**
 * The live preview: the form as a user will fill it, run by the real runtime on
 * every keystroke — computed values, visibility, required rules and validation
 * messages exactly as the server will apply them. It starts once the designer has
 * been painted, so opening a large form shows (and answers on) the canvas first.
 */
import type { FormDefinition } from '@branchline/schemas';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormRenderer } from '../form-renderer/FormRenderer';
import { useFormRun } from '../form-renderer/use-form-run';
import { messageText } from '../i18n/localized';
import { useFormEditor } from '../store/form-store';
import { useAfterPaint } from '../ui/use-after-paint';

export function FormPreview() {
  const { t } = useTranslation();
  const started = useAfterPaint();
  if (started) return <LivePreview />;
  return (
    <section className="preview" aria-label={t('preview.title')} data-testid="preview">
      <div className="preview-head">
        <h2 className="panel-title">{t('preview.title')}</h2>
      </div>
      <p className="muted small">{t('preview.preparing')}</p>
    </section>
  );
}

function LivePreview() {
  const { t, i18n } = useTranslation();
  const current: FormDefinition = useFormEditor((s) => s.definition);
  // The preview renders in the background (interruptible): opening a large form and
  // typing in the designer never wait for the preview's inputs to render.
  const definition = useDeferredValue(current, null);
  const [values, setValues] = useState<Record<string, unknown>>({});
  const [touched, setTouched] = useState<Set<string>>(() => new Set());
  const [checkAll, setCheckAll] = useState(false);
  const run = useFormRun(definition ?? current, values, i18n.language, checkAll);
  const count = Object.values(run.state.errors).reduce((n, list) => n + list.length, 0) + run.state.formErrors.length;

  return (
    <section className="preview" aria-label={t('preview.title')} data-testid="preview">
      <div className="preview-head">
        <h2 className="panel-title">{t('preview.title')}</h2>
        <div className="toolbar">
          <button type="button" className="btn btn-small" aria-pressed={checkAll} onClick={() => setCheckAll((c) => !c)}>
            {t('preview.showAll')}
          </button>
          <button
            type="button"
            className="btn btn-small"
            onClick={() => {
              setValues({});
              setTouched(new Set());
              setCheckAll(false);
            }}
          >
            {t('preview.reset')}
          </button>
        </div>
      </div>
      <p className="muted small">{t('preview.hint')}</p>
      {run.definitionProblems.length > 0 && (
        <div className="banner banner-error" role="alert" data-testid="definition-problems">
          <div className="banner-body">
            <strong>{t('preview.definitionProblems')}</strong>
            <ul>
              {run.definitionProblems.slice(0, 8).map((p, i) => (
                <li key={i}>
                  <code>{p.pointer}</code> {messageText(p.message, i18n.language)}
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}
      <div className="preview-card">
        {definition === null ? (
          <p className="muted small">{t('preview.preparing')}</p>
        ) : (
        <FormRenderer
          definition={definition}
          values={values}
          state={run.state}
          lang={i18n.language}
          idPrefix="preview"
          shown={checkAll ? undefined : touched}
          onTouch={(key) => setTouched((s) => (s.has(key) ? s : new Set(s).add(key)))}
          onChange={(key, value) => {
            setValues((v) => {
              const next = { ...v };
              if (value === undefined) delete next[key];
              else next[key] = value;
              return next;
            });
            setTouched((s) => (s.has(key) ? s : new Set(s).add(key)));
          }}
        />
        )}
      </div>
      {definition !== null && !run.ready && (
        <p className="muted small" role="status">
          {t('preview.preparing')}
        </p>
      )}
      {run.ready && run.definitionProblems.length === 0 && (
        <p className={count === 0 ? 'muted small' : 'inline-error'} role="status" data-testid="preview-status">
          {count === 0 ? t('preview.valid') : t('preview.problems', { count })}
        </p>
      )}
    </section>
  );
}

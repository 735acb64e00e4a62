/**
 * Fill in the published version of a form and submit it as a record; the record the
 * server stored (computed fields filled in by the same runtime) is shown after.
 * The records page reuses the same renderer for its own filling.
 */
import type { FormDefinition } from '@branchline/schemas';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import type { RecordItem } from '../api/types';
import { useApp } from '../app/app-context';
import { href } from '../app/router';
import type { PageProps } from '../app/routes';
import { FormRenderer } from '../form-renderer/FormRenderer';
import { formatValue } from '../form-renderer/format';
import { problemsByField } from '../form-renderer/render-state';
import { useFormRun } from '../form-renderer/use-form-run';
import { localized } from '../i18n/localized';
import { EmptyState, ErrorState, Loading, useErrorText } from '../ui/states';
import { useAsync } from '../ui/use-async';
import '../styles/designer.css';

export default function FillFormPage({ params }: PageProps) {
  const { t } = useTranslation();
  const { api } = useApp();
  const id = params.id ?? '';
  const versions = useAsync(() => api.listVersions(id), [api, id]);
  if (versions.status === 'loading') return <Loading />;
  if (versions.status === 'error') return <ErrorState error={versions.error} onRetry={versions.reload} />;
  const latest = [...versions.data.items].sort((a, b) => b.version - a.version)[0];
  if (!latest || latest.definition.kind !== 'form')
    return (
      <div className="page">
        <EmptyState title={t('fill.notPublished')}>{t('fill.notPublishedHint')}</EmptyState>
      </div>
    );
  return <Fill id={id} version={latest.version} definition={latest.definition} />;
}

function Fill({ id, version, definition }: { id: string; version: number; definition: FormDefinition }) {
  const { t, i18n } = useTranslation();
  const { api } = useApp();
  const errorText = useErrorText();
  const [values, setValues] = useState<Record<string, unknown>>({});
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [serverErrors, setServerErrors] = useState<{ errors: Record<string, string[]>; formErrors: string[] } | null>(null);
  const [saved, setSaved] = useState<RecordItem | null>(null);
  const run = useFormRun(definition, values, i18n.language, attempted);
  const state = serverErrors ? { ...run.state, errors: { ...run.state.errors, ...serverErrors.errors }, formErrors: [...run.state.formErrors, ...serverErrors.formErrors] } : run.state;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setAttempted(true);
    setServerErrors(null);
    if (run.problems.length > 0 || run.definitionProblems.length > 0) return;
    setBusy(true);
    try {
      setSaved(await api.createRecord(id, values));
    } catch (err) {
      if (err instanceof ApiError && err.problem.errors?.length) {
        const problems = err.problem.errors.map((p) => ({ pointer: p.pointer.replace(/^\/data/, ''), code: p.code, message: p.messages ?? { 'zh-CN': String(p.message), en: String(p.message) } }));
        setServerErrors(problemsByField(definition, problems, i18n.language));
      } else setServerErrors({ errors: {}, formErrors: [errorText(err)] });
    } finally {
      setBusy(false);
    }
  }

  if (saved) {
    return (
      <div className="page">
        <h1>{t('fill.savedTitle')}</h1>
        <div className="preview-card" data-testid="saved-record">
          <p className="muted small">
            {t('fill.recordId', { id: saved.id })} · {t('designer.version', { version: saved.definitionVersion })}
          </p>
          <dl className="record-view">
            {definition.fields.map((f) => (
              <div key={f.key} className="record-row" data-field={f.key}>
                <dt>{localized(f.label, i18n.language)}</dt>
                <dd>{formatValue(saved.data[f.key], i18n.language, f.type === 'computed' ? { format: f.format, decimals: f.decimals } : {})}</dd>
              </div>
            ))}
          </dl>
        </div>
        <div className="toolbar">
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => {
              setSaved(null);
              setValues({});
              setAttempted(false);
            }}
          >
            {t('fill.another')}
          </button>
          <a className="btn" href={href(`/definitions/${encodeURIComponent(id)}`)}>
            {t('fill.backToDesigner')}
          </a>
        </div>
      </div>
    );
  }

  return (
    <form className="page fill-page" onSubmit={submit} noValidate>
      <div className="page-header">
        <h1>{localized(definition.title, i18n.language)}</h1>
        <span className="muted small">{t('designer.version', { version })}</span>
      </div>
      {definition.description && <p className="muted">{localized(definition.description, i18n.language)}</p>}
      <div className="preview-card">
        <FormRenderer
          definition={definition}
          values={values}
          state={state}
          lang={i18n.language}
          idPrefix="fill"
          shown={attempted ? undefined : new Set(Object.keys(values))}
          onChange={(key, value) =>
            setValues((v) => {
              const next = { ...v };
              if (value === undefined) delete next[key];
              else next[key] = value;
              return next;
            })
          }
        />
      </div>
      <div className="toolbar">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('states.working') : t('fill.submit')}
        </button>
      </div>
    </form>
  );
}

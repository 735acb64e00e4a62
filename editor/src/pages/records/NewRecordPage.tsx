/**
 * Fill in the published version of a form and submit it as a record. The renderer
 * and the live checks are the designer preview's own (form-renderer, the real
 * runtime); what the server still refuses comes back as problems with pointers into
 * the submission and is shown at those fields. After saving, the record opens.
 */
import type { FormDefinition } from '@branchline/schemas';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { href, navigate } from '../../app/router';
import type { PageProps } from '../../app/routes';
import { FormRenderer } from '../../form-renderer/FormRenderer';
import { problemsByField } from '../../form-renderer/render-state';
import { useFormRun } from '../../form-renderer/use-form-run';
import { localized, messageText } from '../../i18n/localized';
import { EmptyState, ErrorState, Loading, useErrorText } from '../../ui/states';
import { useAsync } from '../../ui/use-async';
import { useApp } from '../../app/app-context';
import { usePagesApi } from '../shared/hooks';
import '../../styles/designer.css';
import '../pages.css';

export default function NewRecordPage({ params }: PageProps) {
  const { t } = useTranslation();
  const { api } = useApp();
  const id = params.definitionId ?? '';
  const versions = useAsync(() => api.listVersions(id), [api, id]);
  if (versions.status === 'loading') return <Loading />;
  if (versions.status === 'error') return <ErrorState error={versions.error} onRetry={versions.reload} />;
  const latest = [...versions.data.items].sort((a, b) => b.version - a.version)[0];
  if (!latest || latest.definition.kind !== 'form')
    return (
      <div className="page">
        <EmptyState title={t('records.notPublished')} action={<a href={href('/records')}>{t('records.backToList')}</a>}>
          {t('records.notPublishedHint')}
        </EmptyState>
      </div>
    );
  return <Fill definitionId={id} version={latest.version} definition={latest.definition} />;
}

/** Server problems (`/data/<field>/…`) as messages by field, the rest as form-level messages. */
export function serverProblems(definition: FormDefinition, error: ApiError, lang: string): { errors: Record<string, string[]>; formErrors: string[] } {
  const items = error.problem.errors ?? [];
  const inData = items.filter((p) => p.pointer.startsWith('/data/'));
  const other = items.filter((p) => !p.pointer.startsWith('/data/'));
  const problems = inData.map((p) => ({ pointer: p.pointer.slice('/data'.length), code: p.code, message: p.messages ?? { 'zh-CN': messageText(p.message, 'zh-CN'), en: messageText(p.message, 'en') } }));
  const byField = problemsByField(definition, problems, lang);
  return { errors: byField.errors, formErrors: [...byField.formErrors, ...other.map((p) => messageText(p.messages ?? p.message, lang))] };
}

function Fill({ definitionId, version, definition }: { definitionId: string; version: number; definition: FormDefinition }) {
  const { t, i18n } = useTranslation();
  const pages = usePagesApi();
  const errorText = useErrorText();
  const [values, setValues] = useState<Record<string, unknown>>({});
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [server, setServer] = useState<{ errors: Record<string, string[]>; formErrors: string[] } | null>(null);
  const run = useFormRun(definition, values, i18n.language, attempted);
  const state = server ? { ...run.state, errors: { ...run.state.errors, ...server.errors }, formErrors: [...run.state.formErrors, ...server.formErrors] } : run.state;
  const shown = attempted ? undefined : new Set([...touched, ...Object.keys(server?.errors ?? {})]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setAttempted(true);
    setServer(null);
    if (run.definitionProblems.length > 0) return;
    setBusy(true);
    try {
      const record = await pages.createRecord(definitionId, values);
      navigate(`/records/${encodeURIComponent(record.id)}?saved=1`);
    } catch (err) {
      setServer(err instanceof ApiError && err.problem.errors?.length ? serverProblems(definition, err, i18n.language) : { errors: {}, formErrors: [errorText(err)] });
      focusFirstProblem();
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="page fill-page" onSubmit={submit} noValidate aria-busy={busy}>
      <div className="page-header">
        <div>
          <a className="muted small" href={href('/records')}>
            ← {t('records.backToList')}
          </a>
          <h1>{localized(definition.title, i18n.language)}</h1>
        </div>
        <span className="muted small">{t('records.version', { version })}</span>
      </div>
      {definition.description && <p className="muted">{localized(definition.description, i18n.language)}</p>}
      <div className="preview-card" data-testid="record-form">
        <FormRenderer
          definition={definition}
          values={values}
          state={state}
          lang={i18n.language}
          idPrefix="record"
          shown={shown}
          onTouch={(key) => setTouched((s) => (s.has(key) ? s : new Set([...s, key])))}
          onChange={(key, value) => {
            setServer((s) => (s && s.errors[key] ? { ...s, errors: Object.fromEntries(Object.entries(s.errors).filter(([k]) => k !== key)) } : s));
            setValues((v) => {
              const next = { ...v };
              if (value === undefined) delete next[key];
              else next[key] = value;
              return next;
            });
          }}
        />
      </div>
      <div className="toolbar">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('states.working') : t('records.submit')}
        </button>
        <a className="btn" href={href('/records')}>
          {t('actions.cancel')}
        </a>
      </div>
    </form>
  );
}

/** Move focus to the first field the server or the checks complained about. */
function focusFirstProblem() {
  requestAnimationFrame(() => {
    const el = document.querySelector<HTMLElement>('.fill-page [aria-invalid="true"], .fill-page .inline-errors');
    el?.focus?.();
  });
}

/**
 * HQ publishes a template version: edit the next version's JSON, upload a file, or
 * take an edited definition (designed in the designer) as the new version. The
 * server checks the whole document; its problems are listed with their pointers.
 */
import type { TemplateSummary } from '@branchline/schemas';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import type { DefinitionSummary } from '../../api/types';
import { fromLocalInput } from '../../form-renderer/format';
import { localized, messageText } from '../../i18n/localized';
import { Dialog } from '../../ui/Dialog';
import { Loading, useErrorText } from '../../ui/states';
import { usePagesApi } from '../shared/hooks';
import { fromDefinition, nextVersion, parseJson, type TemplateDoc } from './model';

type Source = 'json' | 'file' | 'definition';
const json = (doc: unknown) => JSON.stringify(doc, null, 2);

export function PublishDialog({ template, onClose, onPublished }: { template: Pick<TemplateSummary, 'key' | 'title' | 'version' | 'kind'> | null; onClose: () => void; onPublished: (version: number) => void }) {
  const { t, i18n } = useTranslation();
  const pages = usePagesApi();
  const errorText = useErrorText();
  const [base, setBase] = useState<TemplateDoc | null>(null);
  const [source, setSource] = useState<Source>(template ? 'json' : 'definition');
  const [text, setText] = useState('');
  const [changelog, setChangelog] = useState({ 'zh-CN': '', en: '' });
  const [deadline, setDeadline] = useState('');
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<{ pointer: string; text: string }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) errorRef.current?.scrollIntoView({ block: 'nearest' });
  }, [error, problems]);
  const title = template ? localized(template.title, i18n.language) || template.key : '';

  useEffect(() => {
    if (!template) return;
    let live = true;
    pages.template(template.key).then(
      (d) => {
        if (!live) return;
        const doc = d.template as TemplateDoc;
        setBase(doc);
        setText(json(nextVersion(doc, d.version)));
      },
      (err: unknown) => live && setError(errorText(err)),
    );
    return () => {
      live = false;
    };
    // errorText is stable in meaning; reloading on its identity would refetch on each render.
  }, [pages, template]);

  async function publish() {
    setProblems([]);
    setError(null);
    const parsed = parseJson(text);
    if (!parsed.ok) return setError(t('gallery.publish.badJson', { message: parsed.message }));
    const doc = parsed.value as Record<string, unknown>;
    const log = Object.values(changelog).some((v) => v.trim()) ? { changelog: { 'zh-CN': changelog['zh-CN'] || changelog.en, en: changelog.en || changelog['zh-CN'] } } : {};
    setBusy(true);
    try {
      const published = await pages.publishTemplate({ ...doc, ...log }, fromLocalInput(deadline));
      onPublished(published.version);
    } catch (err) {
      if (err instanceof ApiError && err.problem.errors?.length) setProblems(err.problem.errors.map((p) => ({ pointer: p.pointer, text: messageText(p.messages ?? p.message, i18n.language) })));
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  const loading = template !== null && base === null && !error;
  return (
    <Dialog open wide title={template ? t('gallery.publish.titleVersion', { title, version: template.version + 1 }) : t('gallery.publish.titleNew')} onClose={onClose}>
      <div className="stack publish-dialog">
        <div className="segmented" role="group" aria-label={t('gallery.publish.source')}>
          {(template ? (['json', 'file', 'definition'] as const) : (['definition', 'json'] as const)).map((s) => (
            <button key={s} type="button" aria-pressed={source === s} onClick={() => setSource(s)}>
              {t(`gallery.publish.sources.${s}`)}
            </button>
          ))}
        </div>
        {error && (
          <div className="form-error publish-error" role="alert" data-testid="publish-error" ref={errorRef}>
            <p>{error}</p>
            {problems.length > 0 && (
              <ul className="inline-errors">
                {problems.map((p, i) => (
                  <li key={i}>
                    <code>{p.pointer}</code> {p.text}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        {loading && <Loading />}
        {source === 'file' && (
          <label className="field">
            <span>{t('gallery.publish.file')}</span>
            <input
              type="file"
              accept="application/json,.json"
              onChange={async (e) => {
                const file = e.target.files?.[0];
                if (!file) return;
                setText(await file.text());
                setSource('json');
              }}
            />
          </label>
        )}
        {source === 'definition' && (
          <FromDefinition
            kind={template?.kind}
            onPick={(definition, key, picked) => {
              const doc = template && base ? fromDefinition(definition, { key: template.key, latest: template.version, doc: base }) : fromDefinition(definition, { key, title: picked.title });
              setText(json(doc));
              setSource('json');
            }}
          />
        )}
        {source === 'json' && !loading && (
          <label className="field">
            <span>{t('gallery.publish.json')}</span>
            <textarea className="mono json-input" rows={18} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} data-testid="template-json" />
          </label>
        )}
        <fieldset className="group-box">
          <legend>{t('gallery.publish.changelog')}</legend>
          <div className="two-col">
            <label className="field">
              <span>{t('gallery.publish.changelogZh')}</span>
              <input value={changelog['zh-CN']} onChange={(e) => setChangelog((c) => ({ ...c, 'zh-CN': e.target.value }))} />
            </label>
            <label className="field">
              <span>{t('gallery.publish.changelogEn')}</span>
              <input value={changelog.en} onChange={(e) => setChangelog((c) => ({ ...c, en: e.target.value }))} />
            </label>
          </div>
        </fieldset>
        <label className="field">
          <span>{t('gallery.publish.deadline')}</span>
          <input type="datetime-local" value={deadline} onChange={(e) => setDeadline(e.target.value)} />
          <small className="muted">{t('gallery.publish.deadlineHint')}</small>
        </label>
      </div>
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={onClose}>
          {t('actions.cancel')}
        </button>
        <button type="button" className="btn btn-primary" onClick={publish} disabled={busy || loading || !text.trim()}>
          {busy ? t('states.working') : t('gallery.publish.submit')}
        </button>
      </div>
    </Dialog>
  );
}

/** Pick one of the definitions HQ may see (of the template's kind) as the new version. */
function FromDefinition({ kind, onPick }: { kind: 'form' | 'workflow' | undefined; onPick: (definition: Parameters<typeof fromDefinition>[0], key: string, picked: DefinitionSummary) => void }) {
  const { t, i18n } = useTranslation();
  const pages = usePagesApi();
  const errorText = useErrorText();
  const [items, setItems] = useState<DefinitionSummary[] | null>(null);
  const [choice, setChoice] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    pages.definitions({ ...(kind ? { kind } : {}), limit: 200 }).then(
      (r) => live && setItems(r.items),
      (err: unknown) => live && setError(errorText(err)),
    );
    return () => {
      live = false;
    };
  }, [pages, kind]);
  if (error)
    return (
      <p className="form-error" role="alert">
        {error}
      </p>
    );
  if (!items) return <Loading />;
  if (items.length === 0) return <p className="muted">{t('gallery.publish.noDefinitions')}</p>;
  const selected = items.find((d) => d.id === choice) ?? items[0]!;
  return (
    <div className="toolbar toolbar-wrap">
      <label className="field">
        <span>{t('gallery.publish.definition')}</span>
        <select value={selected.id} onChange={(e) => setChoice(e.target.value)}>
          {items.map((d) => (
            <option key={d.id} value={d.id}>
              {localized(d.title, i18n.language) || d.key} · {d.orgId} · {t(`status.${d.status}`, { defaultValue: d.status })}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="btn"
        onClick={async () => {
          try {
            const detail = await pages.definition(selected.id);
            onPick(detail.definition, selected.key, selected);
          } catch (err) {
            setError(errorText(err));
          }
        }}
      >
        {t('gallery.publish.useDefinition')}
      </button>
    </div>
  );
}

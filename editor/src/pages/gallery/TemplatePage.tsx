/**
 * One template: its versions (with what changed between them), what HQ locked and
 * why, where branches may extend it, and which branches use which version.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../app/app-context';
import { href } from '../../app/router';
import type { PageProps } from '../../app/routes';
import { jsonDiff } from '../../designer/json-diff';
import { localized } from '../../i18n/localized';
import { ErrorState, Loading } from '../../ui/states';
import { useAsync } from '../../ui/use-async';
import { usePagesApi } from '../shared/hooks';
import { formatInstant } from '../shared/time';
import { DiffList } from './DiffList';
import { InstantiateButton } from './InstantiateButton';
import { PublishDialog } from './PublishDialog';
import { UsageTable } from './UsageView';
import type { TemplateDoc } from './model';
import '../pages.css';

export default function TemplatePage({ params }: PageProps) {
  const { t, i18n } = useTranslation();
  const { session } = useApp();
  const pages = usePagesApi();
  const key = params.key ?? '';
  const role = session.user.role;
  const [version, setVersion] = useState<number | undefined>(undefined);
  const [publishing, setPublishing] = useState(false);
  const [reload, setReload] = useState(0);
  const data = useAsync(async () => {
    const detail = await pages.template(key, version);
    const previous = detail.versions.filter((v) => v < detail.version).pop();
    const before = previous ? await pages.template(key, previous) : null;
    return { detail, before };
  }, [pages, key, version, reload]);

  if (data.status === 'loading') return <Loading />;
  if (data.status === 'error') return <ErrorState error={data.error} onRetry={data.reload} />;
  const { detail, before } = data.data;
  const doc = detail.template as TemplateDoc;
  const title = localized(doc.title, i18n.language) || key;
  const latest = Math.max(...detail.versions);

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <a className="muted small" href={href('/templates')}>
            ← {t('gallery.title')}
          </a>
          <h1>{title}</h1>
          <p className="muted small">
            <span className="mono">{key}</span> · {t(`definitions.kinds.${detail.kind}`)} · {t('gallery.publishedAt', { time: formatInstant(detail.publishedAt, i18n.language) })}
            {detail.mandatory && <span className="badge badge-template">{t('gallery.mandatory')}</span>}
          </p>
        </div>
        <div className="toolbar">
          <label className="field field-inline">
            <span>{t('gallery.version')}</span>
            <select value={detail.version} onChange={(e) => setVersion(Number(e.target.value))} data-testid="version-select">
              {[...detail.versions].reverse().map((v) => (
                <option key={v} value={v}>
                  {t('gallery.versionN', { version: v })}
                  {v === latest ? ` (${t('gallery.usage.latest')})` : ''}
                </option>
              ))}
            </select>
          </label>
          {role === 'hq_admin' && (
            <button type="button" className="btn btn-primary" onClick={() => setPublishing(true)}>
              {t('gallery.publishVersion')}
            </button>
          )}
          {role === 'branch_admin' && <InstantiateButton template={{ key, title: doc.title, version: latest, locks: doc.locks, mandatory: detail.mandatory }} />}
        </div>
      </div>
      {doc.changelog && (
        <p className="card small" data-testid="changelog">
          <strong>{t('gallery.changelog')}</strong> {localized(doc.changelog, i18n.language)}
        </p>
      )}
      {detail.upgradeDeadline && <p className="text-warning small">{t('gallery.deadline', { time: formatInstant(detail.upgradeDeadline, i18n.language) })}</p>}
      {role !== 'sales_rep' && role !== 'designer' && (
        <section className="card" aria-labelledby="usage-title">
          <h2 id="usage-title">{t('gallery.usage.title')}</h2>
          <UsageTable templateKey={key} reloadKey={reload} />
        </section>
      )}
      <Locks doc={doc} />
      {before && (
        <section className="card" aria-labelledby="diff-title">
          <h2 id="diff-title">{t('gallery.changesSince', { version: before.version })}</h2>
          <DiffList entries={jsonDiff((before.template as TemplateDoc).definition, doc.definition)} />
        </section>
      )}
      {publishing && (
        <PublishDialog
          template={{ key, title: doc.title, version: latest, kind: detail.kind }}
          onClose={() => setPublishing(false)}
          onPublished={(v) => {
            setPublishing(false);
            setVersion(v);
            setReload((n) => n + 1);
          }}
        />
      )}
    </div>
  );
}

function Locks({ doc }: { doc: TemplateDoc }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const points = doc.extensions?.points ?? [];
  return (
    <section className="card" aria-labelledby="locks-title">
      <h2 id="locks-title">{t('gallery.lockedTitle', { count: doc.locks.length })}</h2>
      {doc.locks.length === 0 && <p className="muted">{t('gallery.noLocks')}</p>}
      <ul className="lock-list">
        {doc.locks.map((lock, i) => (
          <li key={i}>
            <span className="badge badge-lock">
              {t(`gallery.elements.${lock.element}`, { defaultValue: lock.element })} <code>{'key' in lock ? lock.key : 'id' in lock ? lock.id : ''}</code>
            </span>{' '}
            <span className="small">{localized(lock.policy, lang)}</span>
          </li>
        ))}
      </ul>
      {points.length > 0 && (
        <>
          <h3>{t('gallery.extensionPoints')}</h3>
          <ul className="lock-list">
            {points.map((p) => (
              <li key={p.id}>
                <code>{p.id}</code> {p.label ? localized(p.label, lang) : ''}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

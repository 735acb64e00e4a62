/**
 * HQ's templates. HQ admins publish new versions (and new templates) and see which
 * branches use which version; branch admins start an instance of a template and see
 * an upgrade waiting when HQ has published a newer version; auditors read.
 */
import type { TemplateSummary } from '@branchline/schemas';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../app/app-context';
import { href } from '../../app/router';
import { localized } from '../../i18n/localized';
import { EmptyState, ErrorState, Loading } from '../../ui/states';
import { usePagesApi } from '../shared/hooks';
import { formatInstant } from '../shared/time';
import { useQuery } from '../shared/use-query';
import { InstanceList } from './InstanceList';
import { InstantiateButton } from './InstantiateButton';
import { PublishDialog } from './PublishDialog';
import { UsageSummary } from './UsageView';
import '../pages.css';

export default function GalleryPage() {
  const { t } = useTranslation();
  const { session } = useApp();
  const pages = usePagesApi();
  const role = session.user.role;
  const list = useQuery(() => pages.templates(), [pages]);
  const [publishing, setPublishing] = useState<{ template: TemplateSummary | null } | null>(null);

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>{t('gallery.title')}</h1>
          <p className="muted">{t(`gallery.intro.${role === 'hq_admin' ? 'hq' : role === 'branch_admin' ? 'branch' : 'read'}`)}</p>
        </div>
        {role === 'hq_admin' && (
          <button type="button" className="btn" onClick={() => setPublishing({ template: null })}>
            {t('gallery.newTemplate')}
          </button>
        )}
      </div>
      {role === 'branch_admin' && list.status === 'ready' && <InstanceList templates={list.data.items} />}
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ErrorState error={list.error} onRetry={list.reload} />}
      {list.status === 'ready' && list.data.items.length === 0 && <EmptyState title={t('gallery.emptyTitle')}>{t('gallery.emptyHint')}</EmptyState>}
      {list.status === 'ready' && list.data.items.length > 0 && (
        <section aria-labelledby="templates-title">
          <h2 id="templates-title" className="section-title">
            {t('gallery.templates')}
          </h2>
          <ul className="card-grid">
            {list.data.items.map((tpl) => (
              <li key={tpl.key}>
                <TemplateCard template={tpl} onPublish={() => setPublishing({ template: tpl })} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {publishing && (
        <PublishDialog
          template={publishing.template}
          onClose={() => setPublishing(null)}
          onPublished={() => {
            setPublishing(null);
            list.reload();
          }}
        />
      )}
    </div>
  );
}

function TemplateCard({ template, onPublish }: { template: TemplateSummary; onPublish: () => void }) {
  const { t, i18n } = useTranslation();
  const { session } = useApp();
  const role = session.user.role;
  const lang = i18n.language;
  const title = localized(template.title, lang) || template.key;
  return (
    <article className="tpl-card" data-testid="template-card" data-template={template.key} aria-labelledby={`tpl-${template.key}`}>
      <header className="tpl-head">
        <h3 id={`tpl-${template.key}`}>
          <a href={href(`/templates/${encodeURIComponent(template.key)}`)}>{title}</a>
        </h3>
        <span className="badge">{t('gallery.versionN', { version: template.version })}</span>
      </header>
      <p className="muted small mono">{template.key}</p>
      {template.description && <p className="small">{localized(template.description, lang)}</p>}
      <p className="tpl-tags">
        <span className="badge">{t(`definitions.kinds.${template.kind}`)}</span>
        {template.mandatory && <span className="badge badge-template">{t('gallery.mandatory')}</span>}
        <span className="badge">{t('gallery.locks', { count: template.locks.length })}</span>
      </p>
      <p className="muted small">{t('gallery.publishedAt', { time: formatInstant(template.publishedAt, lang) })}</p>
      {template.upgradeDeadline && <p className="small text-warning">{t('gallery.deadline', { time: formatInstant(template.upgradeDeadline, lang) })}</p>}
      {role !== 'branch_admin' && <UsageSummary templateKey={template.key} />}
      <footer className="tpl-actions">
        <a className="btn btn-small" href={href(`/templates/${encodeURIComponent(template.key)}`)} aria-label={t('gallery.detailsOf', { title })}>
          {t('gallery.details')}
        </a>
        {role === 'hq_admin' && (
          <button type="button" className="btn btn-small btn-primary" onClick={onPublish} aria-label={t('gallery.publishVersionOf', { title })}>
            {t('gallery.publishVersion')}
          </button>
        )}
        {role === 'branch_admin' && <InstantiateButton template={template} />}
      </footer>
    </article>
  );
}

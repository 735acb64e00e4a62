/** Which branches use which version of a template: a one-line summary for the gallery, a table for the template page. */
import type { TemplateUsage } from '@branchline/schemas';
import { useTranslation } from 'react-i18next';
import { href } from '../../app/router';
import { ErrorState, EmptyState, Loading } from '../../ui/states';
import { useAsync } from '../../ui/use-async';
import { useOrgs, usePagesApi } from '../shared/hooks';
import { usageByVersion } from './model';
import { OffBadge } from '../../routes/OffBadge';

export function UsageSummary({ templateKey }: { templateKey: string }) {
  const { t } = useTranslation();
  const pages = usePagesApi();
  const usage = useAsync(() => pages.usage(templateKey), [pages, templateKey]);
  if (usage.status !== 'ready') return null;
  const counts = usageByVersion(usage.data.byVersion, usage.data.latestVersion);
  return (
    <p className="small" data-testid="usage-summary">
      {counts.length === 0
        ? t('gallery.usage.none')
        : `${t('gallery.usage.instances', { count: usage.data.items.length })} · ${counts.map((c) => t('gallery.usage.onVersion', { version: c.version, count: c.count })).join(' · ')}`}
    </p>
  );
}

export function UsageTable({ templateKey, reloadKey }: { templateKey: string; reloadKey?: number }) {
  const { t } = useTranslation();
  const pages = usePagesApi();
  const orgs = useOrgs();
  const usage = useAsync(() => pages.usage(templateKey), [pages, templateKey, reloadKey]);
  if (usage.status === 'loading') return <Loading />;
  if (usage.status === 'error') return <ErrorState error={usage.error} onRetry={usage.reload} />;
  const data: TemplateUsage = usage.data;
  if (data.items.length === 0) return <EmptyState title={t('gallery.usage.none')}>{t('gallery.usage.noneHint')}</EmptyState>;
  const counts = usageByVersion(data.byVersion, data.latestVersion);
  const max = Math.max(...counts.map((c) => c.count));
  const items = [...data.items].sort((a, b) => a.orgId.localeCompare(b.orgId) || b.templateVersion - a.templateVersion);
  return (
    <div className="stack">
      <ul className="version-bars" aria-label={t('gallery.usage.byVersion')} data-testid="usage-by-version">
        {counts.map((c) => (
          <li key={c.version} data-version={c.version} data-count={c.count}>
            <span className="version-label">{t('gallery.versionN', { version: c.version })}</span>
            <span className="version-bar" style={{ width: `${(c.count / max) * 100}%` }} aria-hidden="true" />
            <span>{t('gallery.usage.instances', { count: c.count })}</span>
            {c.latest && <span className="badge badge-published">{t('gallery.usage.latest')}</span>}
          </li>
        ))}
      </ul>
      <table className="table" data-testid="usage-table">
        <thead>
          <tr>
            <th scope="col">{t('gallery.usage.branch')}</th>
            <th scope="col">{t('gallery.usage.instance')}</th>
            <th scope="col">{t('gallery.usage.templateVersion')}</th>
            <th scope="col">{t('gallery.usage.status')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.definitionId} data-org={i.orgId} data-template-version={i.templateVersion}>
              <td>{orgs.name(i.orgId)}</td>
              <td>
                <a href={href(`/definitions/${encodeURIComponent(i.definitionId)}`)} className="mono small">
                  {i.definitionId}
                </a>
                <div className="muted small">{i.version > 0 ? t('gallery.usage.published', { version: i.version }) : t('status.draft')}</div>
              </td>
              <td>
                {t('gallery.versionN', { version: i.templateVersion })}{' '}
                {i.upToDate ? <span className="badge badge-published">{t('gallery.usage.upToDate')}</span> : <span className="badge badge-pending_approval">{t('gallery.usage.behind', { latest: data.latestVersion })}</span>}
              </td>
              <td>
                {t(`status.${i.status}`, { defaultValue: i.status })}
                {!i.active && (
                  <>
                    {' '}
                    <OffBadge />
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The branch's instances of HQ templates, each with the template version it is on;
 * when HQ has published a newer one, "upgrade available" leads to the upgrade.
 */
import type { TemplateSummary } from '@branchline/schemas';
import { useTranslation } from 'react-i18next';
import { href } from '../../app/router';
import type { DefinitionSummary } from '../../api/types';
import { localized } from '../../i18n/localized';
import { EmptyState, ErrorState, Loading } from '../../ui/states';
import { usePagesApi } from '../shared/hooks';
import { useQuery } from '../shared/use-query';

export function InstanceList({ templates }: { templates: readonly TemplateSummary[] }) {
  const { t, i18n } = useTranslation();
  const pages = usePagesApi();
  const list = useQuery(async () => (await pages.definitions({ limit: 200 })).items.filter((d) => d.template !== null), [pages]);
  const latest = new Map(templates.map((x) => [x.key, x]));
  const behind = (d: DefinitionSummary) => d.template !== null && (latest.get(d.template.key)?.version ?? 0) > d.template.version;
  const items = list.status === 'ready' ? [...list.data].sort((a, b) => Number(behind(b)) - Number(behind(a))) : [];
  const waiting = items.filter(behind).length;

  return (
    <section aria-labelledby="instances-title" className="stack">
      <h2 id="instances-title" className="section-title">
        {t('gallery.instances.title')}
        {waiting > 0 && <span className="badge badge-pending_approval">{t('gallery.instances.waiting', { count: waiting })}</span>}
      </h2>
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ErrorState error={list.error} onRetry={list.reload} />}
      {list.status === 'ready' && items.length === 0 && <EmptyState title={t('gallery.instances.none')}>{t('gallery.instances.noneHint')}</EmptyState>}
      {items.length > 0 && (
        <table className="table" data-testid="instances">
          <thead>
            <tr>
              <th scope="col">{t('gallery.instances.instance')}</th>
              <th scope="col">{t('gallery.instances.template')}</th>
              <th scope="col">{t('gallery.instances.status')}</th>
              <th scope="col">{t('gallery.instances.upgrade')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => {
              const tpl = d.template ? latest.get(d.template.key) : undefined;
              return (
                <tr key={d.id} data-definition-id={d.id} data-template={d.template?.key}>
                  <td>
                    <a className="row-link" href={href(`/definitions/${encodeURIComponent(d.id)}`)}>
                      {localized(d.title, i18n.language) || d.key}
                    </a>
                  </td>
                  <td>
                    {tpl ? localized(tpl.title, i18n.language) : d.template?.key} · {t('gallery.versionN', { version: d.template?.version })}
                  </td>
                  <td>{t(`status.${d.status}`, { defaultValue: d.status })}</td>
                  <td>
                    {behind(d) ? (
                      <a className="btn btn-small btn-primary" href={href(`/upgrade/${encodeURIComponent(d.id)}`)} data-testid="upgrade-available">
                        {t('gallery.instances.upgradeTo', { version: tpl?.version })}
                      </a>
                    ) : (
                      <span className="muted small">{t('gallery.instances.upToDate')}</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

/**
 * A branch admin moves an instance onto HQ's newer template version: what HQ
 * changed, whether it merges cleanly with the branch's own changes, and for each
 * conflict a choice — keep mine (when HQ's new version still allows it), take HQ's,
 * or set mine aside for later — then apply (the result is published at once).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { href } from '../../app/router';
import type { PageProps } from '../../app/routes';
import type { DefinitionDetail } from '../../api/types';
import { jsonDiff } from '../../designer/json-diff';
import { localized, messageText } from '../../i18n/localized';
import { EmptyState, ErrorState, Loading, useErrorText } from '../../ui/states';
import { useAsync } from '../../ui/use-async';
import type { UpgradeConflict, UpgradePlanView } from '../shared/api';
import { usePagesApi } from '../shared/hooks';
import { formatInstant } from '../shared/time';
import { DiffList } from './DiffList';
import { ConflictCard } from './ConflictCard';
import { problemsByConflict, resolutionsOf, type Choice, type TemplateDoc } from './model';
import '../pages.css';

export default function UpgradePage({ params }: PageProps) {
  const { t } = useTranslation();
  const pages = usePagesApi();
  const id = params.id ?? '';
  const data = useAsync(async () => {
    const detail = await pages.definition(id);
    if (!detail.template || detail.template.latestVersion <= detail.template.version) return { detail, plan: null, target: null };
    const plan = await pages.upgradePlan(id);
    const target = await pages.template(detail.template.key, plan.to);
    return { detail, plan, target: target.template as TemplateDoc };
  }, [pages, id]);
  if (data.status === 'loading') return <Loading />;
  if (data.status === 'error') return <ErrorState error={data.error} onRetry={data.reload} />;
  const { detail, plan, target } = data.data;
  if (!plan || !target)
    return (
      <div className="page">
        <EmptyState title={t('gallery.upgrade.upToDate')} action={<a href={href('/templates')}>{t('gallery.title')}</a>}>
          {t('gallery.upgrade.upToDateHint')}
        </EmptyState>
      </div>
    );
  return <Upgrade detail={detail} plan={plan} target={target} />;
}

function Upgrade({ detail, plan, target }: { detail: DefinitionDetail; plan: UpgradePlanView; target: TemplateDoc }) {
  const { t, i18n } = useTranslation();
  const pages = usePagesApi();
  const errorText = useErrorText();
  const [choices, setChoices] = useState<Record<number, Choice | undefined>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; byConflict: Map<number, { pointer: string; text: string }[]> } | null>(null);
  const [done, setDone] = useState<DefinitionDetail | null>(null);
  const title = localized(detail.title, i18n.language) || detail.key;
  const resolutions = resolutionsOf(plan.conflicts.length, choices);
  const hqChanges = jsonDiff(detail.template?.definition ?? {}, target.definition);

  async function apply() {
    if (!resolutions) return;
    setBusy(true);
    setError(null);
    try {
      setDone(await pages.applyUpgrade(detail.id, plan.clean ? { to: plan.to } : { to: plan.to, resolutions }));
    } catch (err) {
      const problems = err instanceof ApiError ? (err.problem.errors ?? []).map((p) => ({ pointer: p.pointer, text: messageText(p.messages ?? p.message, i18n.language) })) : [];
      setError({ text: errorText(err), byConflict: problemsByConflict(problems, resolutions) });
    } finally {
      setBusy(false);
    }
  }

  if (done)
    return (
      <div className="page">
        <div className="card stack" role="status" data-testid="upgrade-done">
          <h1>{t('gallery.upgrade.doneTitle', { title, version: done.template?.version ?? plan.to })}</h1>
          <p>{t('gallery.upgrade.doneBody', { version: done.version })}</p>
          {(done.setAside?.length ?? 0) > 0 && <p data-testid="upgrade-set-aside">{t('gallery.setAside.afterUpgrade', { count: done.setAside!.length })}</p>}
          <div className="toolbar">
            <a className="btn btn-primary" href={href(`/definitions/${encodeURIComponent(done.id)}`)}>
              {t('gallery.upgrade.openInstance')}
            </a>
            <a className="btn" href={href('/templates')}>
              {t('gallery.title')}
            </a>
          </div>
        </div>
      </div>
    );

  const general = error?.byConflict.get(-1) ?? [];
  return (
    <div className="page">
      <div className="page-header">
        <div>
          <a className="muted small" href={href('/templates')}>
            ← {t('gallery.title')}
          </a>
          <h1>{t('gallery.upgrade.title', { title, from: plan.from, to: plan.to })}</h1>
          {plan.deadline && <p className="text-warning small">{t('gallery.deadline', { time: formatInstant(plan.deadline, i18n.language) })}</p>}
        </div>
        <span className={plan.clean ? 'badge badge-published' : 'badge badge-pending_approval'} data-testid="upgrade-state">
          {plan.clean ? t('gallery.upgrade.clean') : t('gallery.upgrade.conflicts', { count: plan.conflicts.length })}
        </span>
      </div>
      {target.changelog && (
        <p className="card small">
          <strong>{t('gallery.changelog')}</strong> {localized(target.changelog, i18n.language)}
        </p>
      )}
      <section className="card" aria-labelledby="hq-changes-title">
        <h2 id="hq-changes-title">{t('gallery.upgrade.hqChanged', { from: plan.from, to: plan.to })}</h2>
        <DiffList entries={hqChanges} label={t('gallery.upgrade.hqChanged', { from: plan.from, to: plan.to })} />
      </section>
      {plan.clean ? (
        <p className="card">{t('gallery.upgrade.cleanHint')}</p>
      ) : (
        <section aria-labelledby="conflicts-title" className="stack">
          <h2 id="conflicts-title">{t('gallery.upgrade.conflictsTitle')}</h2>
          <p className="muted">{t('gallery.upgrade.conflictsHint')}</p>
          {plan.conflicts.map((c: UpgradeConflict, i) => (
            <ConflictCard key={i} index={i} conflict={c} choice={choices[i]} onChoose={(choice) => setChoices((x) => ({ ...x, [i]: choice }))} problems={error?.byConflict.get(i) ?? []} />
          ))}
        </section>
      )}
      {error && (
        <div className="form-error" role="alert" data-testid="upgrade-error">
          <p>{error.text}</p>
          {general.length > 0 && (
            <ul className="inline-errors">
              {general.map((p, i) => (
                <li key={i}>{p.text}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="toolbar">
        <button type="button" className="btn btn-primary" onClick={apply} disabled={busy || !resolutions}>
          {busy ? t('states.working') : t('gallery.upgrade.apply', { version: plan.to })}
        </button>
        {!resolutions && <span className="muted small">{t('gallery.upgrade.chooseAll', { count: plan.conflicts.length - Object.values(choices).filter(Boolean).length })}</span>}
      </div>
    </div>
  );
}

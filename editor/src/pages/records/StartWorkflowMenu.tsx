/**
 * "Start workflow" on a record's page: the branch's published, switched-on manual
 * workflows whose trigger names this record's form (or the template it is an instance
 * of), read from each workflow's newest published version when the menu opens.
 * Starting one opens the run on its canvas; a refusal is shown in the UI language.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../app/app-context';
import { navigate } from '../../app/router';
import type { Api } from '../../api/client';
import type { RecordItem } from '../../api/types';
import { canStartRuns, startableOn, type PublishedWorkflow } from '../../designer/activation';
import { localized } from '../../i18n/localized';
import { Loading, useErrorText } from '../../ui/states';
import type { PagesApi } from '../shared/api';
import { usePagesApi } from '../shared/hooks';
import { Notice } from '../shared/Notice';

/** Published workflows with the trigger of their newest published version. */
async function publishedWorkflows(api: Api, pages: PagesApi): Promise<PublishedWorkflow[]> {
  const list = await pages.definitions({ kind: 'workflow', limit: 200 });
  const switchedOn = list.items.filter((d) => d.kind === 'workflow' && d.version > 0 && d.active);
  return Promise.all(
    switchedOn.map(async (d) => {
      const newest = (await api.listVersions(d.id)).items[0]?.definition;
      return { id: d.id, key: d.key, title: d.title, active: d.active, trigger: newest?.kind === 'workflow' ? newest.trigger : null };
    }),
  );
}

type MenuState = { status: 'closed' } | { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ready'; items: PublishedWorkflow[] };

export function StartWorkflowMenu({ record }: { record: RecordItem }) {
  const { t, i18n } = useTranslation();
  const { api, session } = useApp();
  const pages = usePagesApi();
  const errorText = useErrorText();
  const [menu, setMenu] = useState<MenuState>({ status: 'closed' });
  const [starting, setStarting] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!canStartRuns(session.user.role)) return null;

  const toggle = () => {
    if (menu.status !== 'closed') return setMenu({ status: 'closed' });
    setMenu({ status: 'loading' });
    publishedWorkflows(api, pages).then(
      (all) => setMenu({ status: 'ready', items: startableOn(record, all) }),
      (err: unknown) => setMenu({ status: 'error', error: err }),
    );
  };

  async function start(workflow: PublishedWorkflow) {
    setStarting(workflow.id);
    setError(null);
    try {
      const run = await api.startRun(workflow.id, record.id);
      navigate(`/runs/${encodeURIComponent(run.id)}`);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setStarting(null);
    }
  }

  return (
    <div className="start-workflow" data-testid="start-workflow">
      <button type="button" className="btn" aria-expanded={menu.status !== 'closed'} aria-haspopup="menu" onClick={toggle}>
        <span aria-hidden="true">▶</span> {t('activation.startWorkflow')}
      </button>
      {menu.status !== 'closed' && (
        <div className="start-workflow-menu card" role="menu" aria-label={t('activation.startWorkflow')}>
          {menu.status === 'loading' && <Loading />}
          {menu.status === 'error' && <p role="alert">{errorText(menu.error)}</p>}
          {menu.status === 'ready' && menu.items.length === 0 && <p className="muted small">{t('activation.noManualWorkflows')}</p>}
          {menu.status === 'ready' &&
            menu.items.map((w) => (
              <button key={w.id} type="button" role="menuitem" className="btn btn-ghost" disabled={starting !== null} onClick={() => start(w)} data-workflow-id={w.id}>
                {starting === w.id ? t('states.working') : localized(w.title, i18n.language) || w.key}
                <span className="muted mono small"> {w.key}</span>
              </button>
            ))}
        </div>
      )}
      <Notice notice={error ? { kind: 'error', text: error } : null} onClose={() => setError(null)} testId="start-workflow-error" />
    </div>
  );
}

/**
 * One past workflow run on its workflow's canvas, read-only, with the path it took
 * lit and its trace beside it — opened from a record's runs. The canvas shows the
 * version the run executed: the branch's published version, or HQ's template version
 * when a mandatory HQ workflow ran without a branch copy.
 */
import type { FormDefinition, RunDetail, Template, WorkflowDefinition } from '@branchline/schemas';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../app/app-context';
import { href } from '../../app/router';
import type { PageProps } from '../../app/routes';
import { LazyWorkflowEditor } from '../../workflow/lazy';
import { ErrorState, Loading } from '../../ui/states';
import { useAsync } from '../../ui/use-async';
import type { PagesApi } from '../shared/api';
import { usePagesApi } from '../shared/hooks';
import { formatInstant } from '../shared/time';
import type { Api } from '../../api/client';
import '../pages.css';

interface Loaded {
  run: RunDetail;
  workflow: WorkflowDefinition;
  template: Template | null;
  form: FormDefinition | null;
}

/** The workflow version a run executed, HQ's template behind it, and the form of its record. */
async function load(pages: PagesApi, api: Api, id: string): Promise<Loaded> {
  const run = await pages.run(id);
  let workflow: WorkflowDefinition | null = null;
  if (run.definitionId) {
    const versions = await api.listVersions(run.definitionId);
    const v = versions.items.find((x) => x.version === run.definitionVersion) ?? versions.items[0];
    if (v?.definition.kind === 'workflow') workflow = v.definition;
  }
  let template: Template | null = null;
  if (run.templateKey && run.templateVersion) {
    template = (await pages.template(run.templateKey, run.templateVersion)).template as Template;
    if (!workflow && template.definition.kind === 'workflow') workflow = template.definition;
  }
  if (!workflow) throw new Error('The run names no workflow version that can be read.');
  let form: FormDefinition | null = null;
  if (run.recordId) {
    const record = await pages.record(run.recordId).catch(() => null);
    const versions = record ? await api.listVersions(record.definitionId).catch(() => ({ items: [] })) : { items: [] };
    const v = versions.items.find((x) => x.version === record?.definitionVersion);
    if (v?.definition.kind === 'form') form = v.definition;
  }
  return { run, workflow, template, form };
}

export default function RunPage({ params }: PageProps) {
  const { t, i18n } = useTranslation();
  const { api } = useApp();
  const pages = usePagesApi();
  const id = params.id ?? '';
  const data = useAsync(() => load(pages, api, id), [pages, api, id]);
  if (data.status === 'loading') return <Loading />;
  if (data.status === 'error') return <ErrorState error={data.error} onRetry={data.reload} />;
  const { run, workflow, template, form } = data.data;
  return (
    <div className="run-page">
      <div className="page-header run-page-header">
        <div>
          {run.recordId && (
            <a className="muted small" href={href(`/records/${encodeURIComponent(run.recordId)}`)}>
              ← {t('records.backToRecord')}
            </a>
          )}
          <h1>{t('records.runTitle', { workflow: run.workflowKey })}</h1>
          <p className="muted small" data-testid="run-meta">
            {t(`records.runStatus.${run.status}`)} · {t('records.version', { version: run.definitionVersion ?? run.templateVersion })}
            {!run.definitionId && ` · ${t('records.hqWorkflow')}`} · {t('records.startedAt', { time: formatInstant(run.startedAt, i18n.language) })}
          </p>
        </div>
      </div>
      <Suspense fallback={<Loading />}>
        <LazyWorkflowEditor
          key={run.id}
          definition={workflow}
          readOnly
          openRun={run.id}
          {...(template ? { template } : {})}
          {...(form ? { form } : {})}
          {...(run.definitionId ? { definitionId: run.definitionId } : {})}
        />
      </Suspense>
    </div>
  );
}

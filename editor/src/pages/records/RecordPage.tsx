/**
 * One record: its values as the form version it was submitted on labels them, the
 * workflow runs it started (each opens on its workflow's canvas with the trace) and
 * the tasks those runs created, with their SLA state.
 */
import type { FormDefinition, FormField } from '@branchline/schemas';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../../app/app-context';
import { href } from '../../app/router';
import type { PageProps } from '../../app/routes';
import type { RecordItem } from '../../api/types';
import { localized } from '../../i18n/localized';
import { EmptyState, ErrorState, Loading } from '../../ui/states';
import { useAsync } from '../../ui/use-async';
import { Notice } from '../shared/Notice';
import { hashQuery } from '../shared/hash-query';
import { useNow, useOrgs, usePagesApi, useUsers } from '../shared/hooks';
import { displayValue } from '../shared/record-forms';
import { formatInstant } from '../shared/time';
import { SlaBadge } from '../inbox/TaskCard';
import { RunList } from './RunList';
import { StartWorkflowMenu } from './StartWorkflowMenu';
import '../../styles/designer.css';
import '../pages.css';

export default function RecordPage({ params }: PageProps) {
  const { t } = useTranslation();
  const { api } = useApp();
  const pages = usePagesApi();
  const id = params.id ?? '';
  const data = useAsync(async () => {
    const record = await pages.record(id);
    const versions = await api.listVersions(record.definitionId).catch(() => ({ items: [] }));
    const version = versions.items.find((v) => v.version === record.definitionVersion) ?? versions.items[0];
    return { record, form: version?.definition.kind === 'form' ? version.definition : null };
  }, [pages, api, id]);
  const [saved, setSaved] = useState(() => hashQuery().get('saved') === '1');
  if (data.status === 'loading') return <Loading />;
  if (data.status === 'error') return <ErrorState error={data.error} onRetry={data.reload} />;
  return (
    <div className="page">
      <RecordHeader record={data.data.record} form={data.data.form} />
      <RecordValues record={data.data.record} form={data.data.form} />
      <RunList recordId={id} />
      <RecordTasks recordId={id} />
      <Notice notice={saved ? { kind: 'ok', text: t('records.saved') } : null} onClose={() => setSaved(false)} />
    </div>
  );
}

function RecordHeader({ record, form }: { record: RecordItem; form: FormDefinition | null }) {
  const { t, i18n } = useTranslation();
  const orgs = useOrgs();
  const users = useUsers();
  const name = record.data.company_name ?? record.data.customer_name;
  return (
    <div className="page-header">
      <div>
        <a className="muted small" href={href('/records')}>
          ← {t('records.backToList')}
        </a>
        <h1>{typeof name === 'string' ? name : t('records.recordTitle', { id: record.id })}</h1>
        <p className="muted small" data-testid="record-meta">
          {form ? localized(form.title, i18n.language) : record.definitionKey} · {t('records.version', { version: record.definitionVersion })} · {orgs.name(record.orgId)} ·{' '}
          {t('records.ownedBy', { who: users.name(record.ownerId) })} · {formatInstant(record.createdAt, i18n.language)}
        </p>
      </div>
      <div className="toolbar">
        <StartWorkflowMenu record={record} />
        <code className="muted small">{record.id}</code>
      </div>
    </div>
  );
}

function RecordValues({ record, form }: { record: RecordItem; form: FormDefinition | null }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const fields: FormField[] = form ? form.fields.filter((f) => record.data[f.key] !== undefined) : [];
  const loose = Object.keys(record.data).filter((k) => !fields.some((f) => f.key === k));
  return (
    <section className="card" aria-labelledby="record-values-title">
      <h2 id="record-values-title">{t('records.values')}</h2>
      <dl className="record-view" data-testid="record-values">
        {fields.map((f) => (
          <div key={f.key} className="record-row" data-field={f.key}>
            <dt>{localized(f.label, lang)}</dt>
            <dd>{f.type === 'table' ? <TableValue field={f} rows={record.data[f.key]} lang={lang} /> : displayValue(f, record.data[f.key], lang)}</dd>
          </div>
        ))}
        {loose.map((k) => (
          <div key={k} className="record-row" data-field={k}>
            <dt>{k}</dt>
            <dd>{displayValue(undefined, record.data[k], lang)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function TableValue({ field, rows, lang }: { field: Extract<FormField, { type: 'table' }>; rows: unknown; lang: string }) {
  if (!Array.isArray(rows)) return <>{displayValue(undefined, rows, lang)}</>;
  const columns = field.columns;
  return (
    <table className="table table-compact">
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.key} scope="col">
              {localized(c.label, lang)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={i}>
            {columns.map((c) => (
              <td key={c.key}>{displayValue(c as unknown as FormField, (row as Record<string, unknown>)[c.key], lang)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RecordTasks({ recordId }: { recordId: string }) {
  const { t, i18n } = useTranslation();
  const pages = usePagesApi();
  const users = useUsers();
  const now = useNow(1000);
  const tasks = useAsync(() => pages.tasks({ recordId, limit: 100 }), [pages, recordId]);
  return (
    <section className="card" aria-labelledby="record-tasks-title">
      <h2 id="record-tasks-title">{t('records.tasks')}</h2>
      {tasks.status === 'loading' && <Loading />}
      {tasks.status === 'error' && <ErrorState error={tasks.error} onRetry={tasks.reload} />}
      {tasks.status === 'ready' && tasks.data.items.length === 0 && <EmptyState title={t('records.noTasks')} />}
      {tasks.status === 'ready' && tasks.data.items.length > 0 && (
        <table className="table" data-testid="record-tasks">
          <thead>
            <tr>
              <th scope="col">{t('records.taskColumns.task')}</th>
              <th scope="col">{t('records.taskColumns.assignee')}</th>
              <th scope="col">{t('records.taskColumns.status')}</th>
              <th scope="col">{t('records.taskColumns.due')}</th>
            </tr>
          </thead>
          <tbody>
            {tasks.data.items.map((task) => (
              <tr key={task.id} data-task-id={task.id}>
                <td>{localized(task.title, i18n.language)}</td>
                <td>{task.assigneeId ? users.name(task.assigneeId) : task.assigneeRole ? t('inbox.queueOf', { role: t(`roles.${task.assigneeRole}`, { defaultValue: task.assigneeRole }) }) : '—'}</td>
                <td>
                  <span className={`badge badge-task-${task.status}`}>{t(`inbox.outcomes.${task.status}`, { defaultValue: task.status })}</span>
                  {task.overdue && <span className="badge badge-overdue">{t('inbox.overdue')}</span>}
                </td>
                <td>
                  {task.dueAt ? formatInstant(task.dueAt, i18n.language) : t('inbox.noDue')} <SlaBadge task={task} now={now} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

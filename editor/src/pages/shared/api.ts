/**
 * The calls the gallery, records, inbox, dashboard and audit pages make, typed with
 * the server's own body types (schemas/src/api), over the app's {@link Api} client
 * (token, language, problems as ApiError). Query parameters left undefined or empty
 * are not sent, since the server refuses unknown or malformed ones.
 *
 * @example
 * const pages = pagesApi(api);
 * const { items } = await pages.tasks({ assignee: 'me', status: 'open' });
 */
import type {
  AggregateQuery,
  AggregateResult,
  AuditEntry,
  AuditQuery,
  AuditVerify,
  DistributionQuery,
  DistributionResult,
  RecordListQuery,
  RunDetail,
  RunListQuery,
  ReportTemplates,
  RunSummary,
  SlaQuery,
  SlaResult,
  TaskItem,
  TaskListQuery,
  TemplateDetail,
  TemplateSummary,
  TemplateUsage,
  UpgradeResolution,
  User,
  UserListQuery,
} from '@branchline/schemas';
import type { Api } from '../../api/client';
import type { DefinitionDetail, DefinitionSummary, Org, Paged, RecordItem } from '../../api/types';

type QueryValue = string | number | boolean | undefined | null;

/** `?a=1&b=x` from the defined, non-empty values (or '' when there are none). */
export function queryString(query: Readonly<Record<string, QueryValue>>): string {
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

/** One upgrade conflict as the plan lists it: a problem pointing into the branch's overlay. */
export interface UpgradeConflict {
  readonly pointer: string;
  readonly code: string;
  readonly message: string | { 'zh-CN'?: string; en?: string };
  readonly messages?: { 'zh-CN': string; en: string };
  readonly params?: Readonly<Record<string, unknown>>;
  /** Whether the branch's part can be kept on HQ's new version. */
  readonly keepable?: boolean;
}

export interface UpgradePlanView {
  readonly from: number;
  readonly to: number;
  readonly clean: boolean;
  readonly conflicts: UpgradeConflict[];
  readonly deadline?: string;
  readonly canForce: boolean;
  readonly preview?: unknown;
}

export type DefinitionListQuery = { kind?: 'form' | 'workflow'; orgId?: string; templateKey?: string; status?: 'draft' | 'pending_approval' | 'published'; limit?: number; cursor?: string };

export function pagesApi(api: Api) {
  const enc = encodeURIComponent;
  const get = <T>(path: string) => api.request<T>('GET', path);
  return {
    orgs: () => get<{ items: Org[] }>('/orgs'),
    users: (q: UserListQuery = {}) => get<Paged<User>>(`/users${queryString(q)}`),

    templates: () => get<{ items: TemplateSummary[] }>('/templates'),
    template: (key: string, version?: number) => get<TemplateDetail>(`/templates/${enc(key)}${queryString({ version })}`),
    usage: (key: string) => get<TemplateUsage>(`/templates/${enc(key)}/usage`),
    publishTemplate: (template: unknown, upgradeDeadline?: string) => api.request<TemplateDetail>('POST', '/templates', upgradeDeadline ? { template, upgradeDeadline } : { template }),
    instantiate: (key: string, body: { orgId?: string; publish?: boolean } = {}) => api.request<DefinitionDetail>('POST', `/templates/${enc(key)}/instances`, body),

    definitions: (q: DefinitionListQuery = {}) => get<Paged<DefinitionSummary>>(`/definitions${queryString(q)}`),
    definition: (id: string) => get<DefinitionDetail>(`/definitions/${enc(id)}`),
    upgradePlan: (id: string, to?: number) => get<UpgradePlanView>(`/definitions/${enc(id)}/upgrade${queryString({ to })}`),
    applyUpgrade: (id: string, body: { to?: number; resolutions?: UpgradeResolution[] }) => api.request<DefinitionDetail>('POST', `/definitions/${enc(id)}/upgrade`, body),

    records: (q: RecordListQuery = {}) => get<Paged<RecordItem>>(`/records${queryString(q)}`),
    record: (id: string) => get<RecordItem>(`/records/${enc(id)}`),
    createRecord: (definitionId: string, data: Record<string, unknown>) => api.request<RecordItem>('POST', `/definitions/${enc(definitionId)}/records`, { data }),

    runs: (q: RunListQuery = {}) => get<Paged<RunSummary>>(`/runs${queryString(q)}`),
    run: (id: string) => get<RunDetail>(`/runs/${enc(id)}`),
    tasks: (q: TaskListQuery = {}) => get<Paged<TaskItem>>(`/tasks${queryString(q)}`),
    completeTask: (id: string, outcome: 'done' | 'approved' | 'rejected', data?: Record<string, unknown>) =>
      api.request<TaskItem>('POST', `/tasks/${enc(id)}/complete`, data ? { outcome, data } : { outcome }),

    reportTemplates: () => get<ReportTemplates>('/reports/templates'),
    aggregate: (q: AggregateQuery) => get<AggregateResult>(`/reports/aggregate${queryString(q)}`),
    sla: (q: SlaQuery) => get<SlaResult>(`/reports/sla${queryString(q)}`),
    distribution: (q: DistributionQuery) => get<DistributionResult>(`/reports/distribution${queryString(q)}`),

    audit: (q: AuditQuery = {}) => get<Paged<AuditEntry>>(`/audit${queryString(q)}`),
    verifyAudit: () => get<AuditVerify>('/audit/verify'),
  };
}

export type PagesApi = ReturnType<typeof pagesApi>;

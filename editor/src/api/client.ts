/**
 * The editor's HTTP client: bearer token, JSON in and out, and RFC 9457 problems
 * turned into {@link ApiError}s that the UI can show field by field.
 *
 * @example
 * const api = createApi({ token: () => session.token });
 * const { items } = await api.listDefinitions();
 */
import type {
  ApiProblem,
  Definition,
  DefinitionDetail,
  DefinitionSummary,
  DefinitionVersion,
  LoginResponse,
  Org,
  Paged,
  PublishResult,
  RecordItem,
  RunDetail,
  User,
} from './types';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ApiProblem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }
}

export interface ApiOptions {
  /** Current bearer token, read on every request. */
  token: () => string | null;
  /** Called on a 401 so the shell can return to the login screen. */
  onUnauthorized?: () => void;
  /** UI language, sent as Accept-Language so the server's messages match it. */
  language?: () => string;
  base?: string;
}

export type Api = ReturnType<typeof createApi>;

export function createApi(options: ApiOptions) {
  const base = options.base ?? '/api/v1';

  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = options.token();
    if (token) headers.authorization = `Bearer ${token}`;
    const language = options.language?.();
    if (language) headers['accept-language'] = language;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      throw new ApiError(0, { title: 'network', detail: String(error) });
    }
    const text = await res.text();
    let json: unknown = undefined;
    if (text) {
      try {
        json = JSON.parse(text);
      } catch {
        // A body that is not JSON on an error (a proxy's HTML page, a plain "Bad Gateway")
        // is not a problem document: the UI says what the status means, in its own language.
        json = res.ok ? { detail: text } : undefined;
      }
    }
    if (!res.ok) {
      if (res.status === 401 && token) options.onUnauthorized?.();
      throw new ApiError(res.status, (json as ApiProblem | undefined) ?? { status: res.status });
    }
    return json as T;
  }

  const enc = encodeURIComponent;
  return {
    request,
    login: (email: string, password: string) => request<LoginResponse>('POST', '/auth/login', { email, password }),
    me: () => request<{ user: User; visibleOrgIds: string[]; permissions: string[] }>('GET', '/me'),
    listOrgs: () => request<{ items: Org[] }>('GET', '/orgs'),
    listDefinitions: () => request<Paged<DefinitionSummary>>('GET', '/definitions'),
    getDefinition: (id: string) => request<DefinitionDetail>('GET', `/definitions/${enc(id)}`),
    createDefinition: (definition: Definition) => request<DefinitionDetail>('POST', '/definitions', { definition }),
    saveDefinition: (id: string, definition: Definition) => request<DefinitionDetail>('PUT', `/definitions/${enc(id)}`, { definition }),
    /** Admins publish at once; a designer's publish becomes a change request for a branch admin. */
    publishDefinition: (id: string) => request<PublishResult>('POST', `/definitions/${enc(id)}/publish`),
    approveDefinition: (id: string, comment?: string) => request<PublishResult>('POST', `/definitions/${enc(id)}/approve`, comment ? { comment } : {}),
    rejectDefinition: (id: string, comment?: string) => request<PublishResult>('POST', `/definitions/${enc(id)}/reject`, comment ? { comment } : {}),
    /** Put a change an upgrade set aside back into the draft (checked like any edit), or drop it. */
    reapplySetAside: (id: string, index: number) => request<DefinitionDetail>('POST', `/definitions/${enc(id)}/set-aside/${index}/reapply`),
    discardSetAside: (id: string, index: number) => request<DefinitionDetail>('DELETE', `/definitions/${enc(id)}/set-aside/${index}`),
    listVersions: (id: string) => request<Paged<DefinitionVersion>>('GET', `/definitions/${enc(id)}/versions`),
    createRecord: (id: string, data: Record<string, unknown>) => request<RecordItem>('POST', `/definitions/${enc(id)}/records`, { data }),
    /** Switch a published workflow off (starts no new runs; runs in flight go on) or on again. HQ's mandatory workflows answer 409 mandatory_workflow. */
    deactivateDefinition: (id: string) => request<DefinitionDetail>('POST', `/definitions/${enc(id)}/deactivate`, {}),
    activateDefinition: (id: string) => request<DefinitionDetail>('POST', `/definitions/${enc(id)}/activate`, {}),
    /** Start a published, active manual workflow by hand (on `recordId` when its trigger names a form); 201 with the run. */
    startRun: (id: string, recordId?: string) => request<RunDetail>('POST', `/definitions/${enc(id)}/runs`, recordId ? { recordId } : {}),
    listRecords: (definitionId: string) => request<Paged<RecordItem>>('GET', `/records?definitionId=${enc(definitionId)}`),
  };
}

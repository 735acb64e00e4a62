/**
 * Shapes of the server's HTTP API (v1) as the editor uses them. The server's route
 * schemas are the source of truth; these types name only what the editor reads.
 */
import type { FormDefinition, Lock, Template, WorkflowDefinition, Overlay, Extensions, LocalizedText } from '@branchline/schemas';

export type Role = 'hq_admin' | 'hq_auditor' | 'branch_admin' | 'designer' | 'sales_rep';
export const ROLES: readonly Role[] = ['hq_admin', 'hq_auditor', 'branch_admin', 'designer', 'sales_rep'];

export interface User {
  id: string;
  email: string;
  name?: string;
  orgId: string;
  role: Role;
}

export interface Org {
  id: string;
  parentId: string | null;
  name: { 'zh-CN': string; en: string };
}

export interface LoginResponse {
  token: string;
  user: User;
}

export type DefinitionStatus = 'draft' | 'pending_approval' | 'published' | (string & {});
export type Definition = FormDefinition | WorkflowDefinition;

export interface DefinitionSummary {
  id: string;
  kind: 'form' | 'workflow';
  orgId: string;
  status: DefinitionStatus;
  version: number;
  key?: string;
  title?: LocalizedText;
  updatedAt?: string;
  template?: { key: string; version: number } | null;
}

/** The template a branch definition derives from, with what HQ locked. */
export interface TemplateRef {
  key: string;
  version: number;
  locks: Lock[];
  extensions?: Extensions;
  title?: LocalizedText;
  definition?: Template['definition'];
}

export interface DefinitionDetail {
  id: string;
  kind: 'form' | 'workflow';
  orgId: string;
  status: DefinitionStatus;
  version: number;
  definition: Definition;
  overlay?: Overlay | null;
  template?: TemplateRef | null;
  publishedVersion?: number | null;
  updatedAt?: string;
}

export interface DefinitionVersion {
  version: number;
  definition: Definition;
  publishedAt?: string;
  publishedBy?: string;
  status?: string;
}

export interface RecordItem {
  id: string;
  definitionId?: string;
  data: Record<string, unknown>;
  createdAt?: string;
}

export interface Paged<T> {
  items: T[];
  nextCursor?: string | null;
}

/** One validation failure from an `application/problem+json` body. */
export interface ApiProblemItem {
  pointer: string;
  /** In the language asked for by Accept-Language. */
  message: string | { 'zh-CN'?: string; en?: string };
  messages?: { 'zh-CN': string; en: string };
  code?: string;
}

export interface ApiProblem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: ApiProblemItem[];
}

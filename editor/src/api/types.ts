/**
 * Shapes of the server's HTTP API (v1), from the same TypeBox source the server's
 * route schemas use (schemas/src/api). Where the API carries a definition as
 * "any JSON", the editor narrows it to the form / workflow types.
 */
import type {
  DefinitionDetail as ApiDefinitionDetail,
  DefinitionSummary as ApiDefinitionSummary,
  FormDefinition,
  LoginResponse as ApiLoginResponse,
  Org as ApiOrg,
  ProblemDetails,
  ProblemItem,
  PublishResult as ApiPublishResult,
  RecordItem as ApiRecordItem,
  Role as ApiRole,
  Template,
  User as ApiUser,
  WorkflowDefinition,
} from '@branchline/schemas';
import { ROLES as API_ROLES } from '@branchline/schemas';

export type Role = ApiRole;
export const ROLES: readonly Role[] = API_ROLES;
export type User = ApiUser;
export type Org = ApiOrg;
export type LoginResponse = ApiLoginResponse;

export type Definition = FormDefinition | WorkflowDefinition;
export type DefinitionStatus = ApiDefinitionSummary['status'];
export type DefinitionSummary = ApiDefinitionSummary;

/** The template a branch definition derives from, with HQ's locks. */
export type TemplateRef = NonNullable<ApiDefinitionDetail['template']>;

export type DefinitionDetail = Omit<ApiDefinitionDetail, 'definition' | 'template'> & {
  definition: Definition;
  template?: TemplateRef;
};

export type PublishResult = Omit<ApiPublishResult, 'definition'> & { definition: DefinitionDetail };

export interface DefinitionVersion {
  version: number;
  definition: Definition;
  templateVersion?: number;
  publishedAt: string;
  publishedBy?: string;
  approvedBy?: string;
}

export type RecordItem = ApiRecordItem;
export type { RunDetail } from '@branchline/schemas';

export interface Paged<T> {
  items: T[];
  nextCursor?: string;
}

export type ApiProblemItem = Omit<ProblemItem, 'message'> & { message: string | { 'zh-CN'?: string; en?: string } };
export type ApiProblem = Partial<Omit<ProblemDetails, 'errors'>> & { errors?: ApiProblemItem[] };

/** The template as the runtime's lock check wants it (a full template document). */
export function templateOf(ref: TemplateRef | null | undefined): Template | null {
  if (!ref) return null;
  return {
    schemaVersion: 1,
    kind: 'template',
    key: ref.key,
    version: ref.version,
    title: ref.title,
    definition: ref.definition as Template['definition'],
    locks: ref.locks,
    ...(ref.extensions ? { extensions: ref.extensions } : {}),
  };
}

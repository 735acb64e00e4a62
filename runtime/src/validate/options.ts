import type { FormDefinition } from '@branchline/schemas';

export interface ValidateOptions {
  /** Find a form definition by key, so workflow expressions can be checked against its fields. */
  readonly resolveForm?: (key: string) => FormDefinition | undefined;
}

/** HQ's locks as the form designer shows them: what is locked, by which policy, and what branches may add. */
import type { LocalizedText, Lock, Template } from '@branchline/schemas';

export interface FormLocks {
  readonly fields: ReadonlyMap<string, LocalizedText>;
  readonly sections: ReadonlyMap<string, LocalizedText>;
  readonly rules: ReadonlyMap<string, LocalizedText>;
  /** Select fields whose options a branch may add to. */
  readonly openOptions: ReadonlySet<string>;
  readonly canAddFields: boolean;
  readonly canAddSections: boolean;
}

export const NO_FORM_LOCKS: FormLocks = { fields: new Map(), sections: new Map(), rules: new Map(), openOptions: new Set(), canAddFields: true, canAddSections: true };

export function formLocks(template: Template | null | undefined): FormLocks {
  if (!template) return NO_FORM_LOCKS;
  const of = (element: Lock['element']) =>
    new Map(
      template.locks
        .filter((l) => l.element === element)
        .map((l) => [('key' in l ? l.key : 'id' in l ? l.id : '') as string, l.policy] as const),
    );
  return {
    fields: of('field'),
    sections: of('section'),
    rules: of('rule'),
    openOptions: new Set(template.extensions?.options ?? []),
    canAddFields: template.extensions?.fields ?? true,
    canAddSections: template.extensions?.sections ?? true,
  };
}

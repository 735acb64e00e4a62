/**
 * Compiled forms, cached per definition version (versions never change), and form
 * lookup by key for checking workflows against the fields of their trigger form.
 */
import { compileForm, type CompiledForm } from '@branchline/runtime';
import type { FormDefinition, Template } from '@branchline/schemas';
import { and, desc, eq, gt } from 'drizzle-orm';
import type { Db } from '../db/open';
import { definitions } from '../db/schema';
import type { DefinitionRepo } from '../repos/definitions';
import type { TemplateRepo } from '../repos/templates';

const CACHE_MAX = 2000;

export class FormCache {
  private readonly cache = new Map<string, CompiledForm>();

  constructor(
    private readonly db: Db,
    private readonly definitions: DefinitionRepo,
    private readonly templates: TemplateRepo,
  ) {}

  /** The compiled form of a published definition version, or undefined when it is not a form. */
  compiled(definitionId: string, version: number): CompiledForm | undefined {
    const id = `${definitionId}@${version}`;
    const hit = this.cache.get(id);
    if (hit) return hit;
    const v = this.definitions.version(null, definitionId, version);
    const def = v?.definition as FormDefinition | undefined;
    if (!def || def.kind !== 'form') return undefined;
    const form = compileForm(def);
    if (this.cache.size >= CACHE_MAX) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(id, form);
    return form;
  }

  /**
   * The form a workflow's trigger names, as seen from `orgId`: the org's newest
   * published form with that key, else the newest template whose form has it.
   */
  formByKey(key: string, orgId?: string): FormDefinition | undefined {
    if (orgId) {
      const row = this.db
        .select({ id: definitions.id, version: definitions.version })
        .from(definitions)
        .where(and(eq(definitions.orgId, orgId), eq(definitions.key, key), eq(definitions.kind, 'form'), gt(definitions.version, 0)))
        .orderBy(desc(definitions.updatedAt))
        .limit(1)
        .get();
      const def = row && this.definitions.version(null, row.id, row.version)?.definition;
      if (def) return def as FormDefinition;
    }
    const direct = this.templates.latest(key);
    const doc = direct?.document as Template | undefined;
    if (doc && doc.definition.kind === 'form') return doc.definition;
    for (const r of this.templates.listLatest()) {
      const t = r.document as Template;
      if (t.definition.kind === 'form' && t.definition.key === key) return t.definition;
    }
    return undefined;
  }
}

/**
 * Which workflows start on a record change or an external event, and which version of
 * each: the branch's published workflows whose trigger matches, plus HQ's mandatory
 * workflow templates. A mandatory template runs in every branch on the records of every
 * instance of its form template; where the branch published its own instance of it
 * (extended at HQ's extension points) that instance runs instead — never both, never
 * neither, so a branch cannot disable it.
 *
 * When a definition carries a rollout (two versions side by side, one the control
 * group), `chooseVersion` picks the version per record, stable across calls.
 */
import type Database from 'better-sqlite3';
import { chooseVersion, compileWorkflow, type CompiledWorkflow } from '@branchline/runtime';
import type { Template, WorkflowDefinition } from '@branchline/schemas';
import type { Rollout } from '@branchline/schemas';
import type { DefinitionRepo } from '../repos/definitions';
import type { TemplateRepo } from '../repos/templates';
import type { FormCache } from '../domain/forms';
import type { RunOrigin } from './store';
import type { WriteQueue } from '../db/write-queue';
import type { SubscriptionRepo } from '../repos/subscriptions';

/** A workflow version to start, compiled. */
export interface Target {
  readonly origin: RunOrigin;
  readonly compiled: CompiledWorkflow;
}

interface Sub {
  orgId: string | null;
  definitionId: string | null;
  templateKey: string | null;
  version: number;
}
interface DefMeta {
  kind: string;
  key: string;
  version: number;
  templateKey: string | null;
  rollout: string | null;
  active: number;
}

const CACHE_MAX = 1000;
const RECORD_TRIGGERS: Record<'created' | 'updated', string[]> = { created: ['record.created'], updated: ['record.updated', 'field.changed'] };

/** Where the catalog may keep the subscription rows it read between write batches. */
export interface SubscriptionCaching {
  readonly writes: Pick<WriteQueue, 'inBatch' | 'onAbort' | 'onExternalChange'>;
  readonly subscriptions: Pick<SubscriptionRepo, 'onChange'>;
}

export class WorkflowCatalog {
  private readonly compiledCache = new Map<string, CompiledWorkflow>();
  /**
   * Subscription rows per (change, org, form key, template key), read inside write jobs
   * only: dropped when this process changes a subscription, after any rollback, and when
   * another connection committed (checked by the write queue under the write lock).
   */
  private readonly subsCache = new Map<string, Sub[]>();
  private readonly byForm: Record<'created' | 'updated', Database.Statement>;
  private readonly byEvent: Database.Statement;
  private readonly defMeta: Database.Statement;
  private readonly versionMeta: Database.Statement;
  private readonly instancesIn: Database.Statement;

  /** Lookups run on every record write, so they are narrow statements on the raw handle. */
  constructor(
    sqlite: Database.Database,
    private readonly definitions: DefinitionRepo,
    private readonly templates: TemplateRepo,
    private readonly forms: FormCache,
    private readonly caching?: SubscriptionCaching,
  ) {
    if (caching) {
      const clear = () => this.subsCache.clear();
      caching.subscriptions.onChange(clear);
      caching.writes.onAbort(clear);
      caching.writes.onExternalChange(clear);
    }
    const cols = 'org_id AS orgId, definition_id AS definitionId, template_key AS templateKey, version';
    const orgOrAll = '(org_id = @orgId OR org_id IS NULL)';
    const form = (types: string[]) =>
      sqlite.prepare(`SELECT ${cols} FROM event_subscriptions WHERE trigger_type IN (${types.map((t) => `'${t}'`).join(', ')}) AND (form_key = @formKey OR form_key = @templateKey) AND ${orgOrAll}`);
    this.byForm = { created: form(RECORD_TRIGGERS.created), updated: form(RECORD_TRIGGERS.updated) };
    this.byEvent = sqlite.prepare(`SELECT ${cols} FROM event_subscriptions WHERE trigger_type = 'event' AND event_type = @eventType AND ${orgOrAll}`);
    this.defMeta = sqlite.prepare('SELECT kind, key, version, template_key AS templateKey, rollout, active FROM definitions WHERE id = ?');
    this.versionMeta = sqlite.prepare('SELECT template_version AS templateVersion FROM definition_versions WHERE definition_id = ? AND version = ?');
    this.instancesIn = sqlite.prepare('SELECT definition_id AS definitionId FROM event_subscriptions WHERE org_id = @orgId AND template_key = @templateKey AND definition_id IS NOT NULL');
  }

  /** Workflows to start for a record of `orgId` (form `definitionKey`, template `templateKey`) that was created or updated. */
  forRecord(change: 'created' | 'updated', orgId: string, definitionKey: string, templateKey: string | null, seed: string): Target[] {
    const params = { orgId, formKey: definitionKey, templateKey: templateKey ?? definitionKey };
    let subs: Sub[] | undefined;
    if (this.caching?.writes.inBatch) {
      const key = `${change}\u0000${orgId}\u0000${params.formKey}\u0000${params.templateKey}`;
      subs = this.subsCache.get(key);
      if (!subs) {
        if (this.subsCache.size >= CACHE_MAX) this.subsCache.clear();
        this.subsCache.set(key, (subs = this.byForm[change].all(params) as Sub[]));
      }
    } else subs = this.byForm[change].all(params) as Sub[];
    return this.targets(subs, orgId, seed, (wf) => {
      const form = (wf.trigger as { form?: string }).form;
      return form === definitionKey || (templateKey !== null && form === templateKey);
    });
  }

  /** Workflows an external event `eventType` starts in `orgId`. */
  forEvent(eventType: string, orgId: string, seed: string): Target[] {
    return this.targets(this.byEvent.all({ eventType, orgId }) as Sub[], orgId, seed, () => true);
  }

  /**
   * The version of branch workflow `definitionId` a new run of it takes (schedule and
   * manual starts name the workflow itself); undefined when it is not a published,
   * active workflow.
   */
  forDefinition(definitionId: string, orgId: string, seed: string): Target | undefined {
    return this.definitionTarget(definitionId, orgId, seed);
  }

  /**
   * HQ's mandatory template `templateKey` (version `version`) as it starts in `orgId` on its
   * schedule: undefined when the org's own published, active instance of it stands in (that
   * instance fires on its own schedule — never both, never neither) or the template is not a workflow.
   */
  forTemplateIn(templateKey: string, version: number, orgId: string): Target | undefined {
    for (const { definitionId } of this.instancesIn.all({ orgId, templateKey }) as { definitionId: string }[]) {
      if (this.definitionTarget(definitionId, orgId, definitionId)) return undefined;
    }
    const compiled = this.compileTemplate(templateKey, version);
    if (!compiled) return undefined;
    return { compiled, origin: { definitionId: null, definitionVersion: null, templateKey, templateVersion: version, workflowKey: compiled.definition.key, arm: null } };
  }

  /** The compiled workflow a run executes. */
  compiledFor(origin: Pick<RunOrigin, 'definitionId' | 'definitionVersion' | 'templateKey' | 'templateVersion'>, orgId: string): CompiledWorkflow | undefined {
    if (origin.definitionId !== null && origin.definitionVersion !== null) return this.compileDefinition(origin.definitionId, origin.definitionVersion, orgId);
    if (origin.templateKey !== null && origin.templateVersion !== null) return this.compileTemplate(origin.templateKey, origin.templateVersion);
    return undefined;
  }

  private targets(subs: Sub[], orgId: string, seed: string, applies: (wf: WorkflowDefinition) => boolean): Target[] {
    const own = subs.filter((s) => s.definitionId !== null && s.orgId === orgId);
    const replaced = new Set<string>();
    const out: Target[] = [];
    for (const s of own) {
      const t = this.definitionTarget(s.definitionId!, orgId, seed);
      if (!t) continue;
      // Only an active instance stands in for HQ's mandatory template: a switched-off one never leaves neither running.
      if (s.templateKey !== null) replaced.add(s.templateKey);
      if (applies(t.compiled.definition)) out.push(t);
    }
    for (const s of subs) {
      if (s.definitionId !== null || s.orgId !== null || s.templateKey === null || replaced.has(s.templateKey)) continue;
      const compiled = this.compileTemplate(s.templateKey, s.version);
      if (!compiled || !applies(compiled.definition)) continue;
      out.push({ compiled, origin: { definitionId: null, definitionVersion: null, templateKey: s.templateKey, templateVersion: s.version, workflowKey: compiled.definition.key, arm: null } });
    }
    return out;
  }

  /** The version of a branch workflow a new run takes: its rollout's choice, else the newest published; none while it is deactivated. */
  private definitionTarget(definitionId: string, orgId: string, seed: string): Target | undefined {
    const def = this.defMeta.get(definitionId) as DefMeta | undefined;
    if (!def || def.version < 1 || def.kind !== 'workflow' || !def.active) return undefined;
    let version = def.version;
    let arm: RunOrigin['arm'] = null;
    const rollout = parseRollout(def.rollout);
    if (rollout) {
      version = chooseVersion(rollout.shares, seed, rollout.salt ?? '');
      arm = rollout.shares.find((s) => s.version === version)?.control ? 'control' : 'variant';
    }
    const compiled = this.compileDefinition(definitionId, version, orgId);
    if (!compiled) return undefined;
    const templateVersion = (this.versionMeta.get(definitionId, version) as { templateVersion: number | null } | undefined)?.templateVersion ?? null;
    return { compiled, origin: { definitionId, definitionVersion: version, templateKey: def.templateKey, templateVersion, workflowKey: def.key, arm } };
  }

  private compileDefinition(id: string, version: number, orgId: string): CompiledWorkflow | undefined {
    return this.cached(`d:${id}@${version}`, () => {
      const wf = this.definitions.version(null, id, version)?.definition as WorkflowDefinition | undefined;
      return wf && wf.kind === 'workflow' ? this.compile(wf, orgId) : undefined;
    });
  }

  private compileTemplate(key: string, version: number): CompiledWorkflow | undefined {
    return this.cached(`t:${key}@${version}`, () => {
      const t: Template | undefined = this.templates.doc(key, version);
      return t && t.definition.kind === 'workflow' ? this.compile(t.definition, undefined) : undefined;
    });
  }

  private compile(wf: WorkflowDefinition, orgId: string | undefined): CompiledWorkflow {
    const formKey = (wf.trigger as { form?: string }).form;
    const form = formKey ? this.forms.formByKey(formKey, orgId) : undefined;
    return compileWorkflow(wf, form ? { form } : {});
  }

  private cached(key: string, make: () => CompiledWorkflow | undefined): CompiledWorkflow | undefined {
    const hit = this.compiledCache.get(key);
    if (hit) return hit;
    const made = make();
    if (!made) return undefined;
    if (this.compiledCache.size >= CACHE_MAX) this.compiledCache.delete(this.compiledCache.keys().next().value!);
    this.compiledCache.set(key, made);
    return made;
  }
}

/** A stored rollout, or null when absent or unusable (then the newest version runs). */
export function parseRollout(value: unknown): Rollout | null {
  const r = (typeof value === 'string' ? JSON.parse(value) : value) as Rollout | null | undefined;
  return r && Array.isArray(r.shares) && r.shares.length > 0 ? r : null;
}

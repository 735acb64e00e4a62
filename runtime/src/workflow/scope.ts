/**
 * The variables a workflow expression sees, with their static types, for the
 * design-time checks and for compiling a definition once:
 *
 *   record  the record's fields (typed from the form the trigger names, else `any`)
 *   vars    the run's variables (declared ones typed; keys set by set/score nodes added)
 *   event   the triggering or awaited event (`any`)
 *   org     the record's branch (`any`, at least `{ id }`)
 *   now     the injected clock (datetime)
 *   rep     only in a best-match `score`: the candidate (`{ id, role, orgId, openTasks, lastAssignedAt, region, industries, … }`)
 */
import type { FormDefinition, WorkflowDefinition } from '@branchline/schemas';
import type { Scope, ValueType } from '../expressions/types';
import { formScope } from '../forms/scope';

export interface WorkflowScopeOptions {
  /** The form the trigger names; types `record`. Without it `record` is `any`. */
  readonly form?: FormDefinition;
  /** Extra candidate attributes the directory provides (seen as `rep.<key>`), beyond region and industries. */
  readonly repAttributes?: Readonly<Record<string, ValueType>>;
}

const ANY: ValueType = { type: 'any' };
const TEXT: ValueType = { type: 'text' };
const NUMBER: ValueType = { type: 'number' };

/**
 * `record` typed from a form (the form's own expression scope as an object), or `any` without one.
 * @example recordType(undefined) // → { type: 'any' }
 */
export function recordType(form: FormDefinition | undefined): ValueType {
  return form ? { type: 'object', fields: formScope(form) } : ANY;
}

/**
 * `vars`: declared variables with their types, plus keys that set and score nodes write.
 * @example varsType(def).fields.health // → { type: 'number' } for a score node writing vars.health
 */
export function varsType(def: WorkflowDefinition): ValueType {
  const fields: Record<string, ValueType> = {};
  for (const node of def.nodes) {
    if (node.kind === 'set') for (const a of node.assignments) if (a.target === 'vars') fields[a.key] = ANY;
    if (node.kind === 'score' && node.target.target === 'vars') fields[node.target.key] = NUMBER;
  }
  for (const v of def.variables ?? []) fields[v.key] = { type: v.type };
  return { type: 'object', fields };
}

/**
 * The scope of every workflow expression except a best-match score.
 * @example compileExpression("record.tier == 'S'", workflowScope(def, { form }), { expect: 'boolean' })
 */
export function workflowScope(def: WorkflowDefinition, options: WorkflowScopeOptions = {}): Scope {
  return { record: recordType(options.form), vars: varsType(def), event: ANY, org: ANY, now: { type: 'datetime' } };
}

/**
 * The candidate a best-match score sees as `rep`.
 * @example repType({ repAttributes: { language: { type: 'text' } } }).fields.language // → { type: 'text' }
 */
export function repType(options: WorkflowScopeOptions = {}): ValueType {
  return {
    type: 'object',
    fields: {
      region: TEXT,
      industries: { type: 'list', of: TEXT },
      ...options.repAttributes,
      id: TEXT,
      role: TEXT,
      orgId: TEXT,
      openTasks: NUMBER,
      lastAssignedAt: NUMBER,
    },
  };
}

/**
 * The scope of a best-match `score`: `rep` and `record` (plus the usual run variables).
 * @example compileExpression('rep.region == record.region ? 10 : 0', bestMatchScope(def, { form }), { expect: 'number' })
 */
export function bestMatchScope(def: WorkflowDefinition, options: WorkflowScopeOptions = {}): Scope {
  return { ...workflowScope(def, options), rep: repType(options) };
}

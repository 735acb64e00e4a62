/**
 * A field (or table column) of a workflow's form renamed: every `record.<key>` in the
 * workflow's expressions (conditions, switch cases, set and score expressions, trigger
 * guard …), `set`/`score` targets on the record, a task's background facts and a
 * `field.changed` trigger's fields. Pure: returns a new definition.
 */
import type { WorkflowDefinition, WorkflowNode } from '@branchline/schemas';
import { pointer } from '@branchline/schemas';
import { renameInExpression, type RenameSpec } from '../expressions/rename';
import { expressionSlots, triggerSlots } from './slots';

export interface WorkflowRenameOutcome {
  readonly definition: WorkflowDefinition;
  /** Pointers of what was rewritten. */
  readonly rewritten: string[];
  /** Expressions left as they were (they do not parse). */
  readonly skipped: { readonly pointer: string; readonly reason: 'unparsable' | 'shadowed' }[];
}

/** A copy of `obj` with the string at `path` (`cases/2/when`) replaced. */
function setAt<T>(obj: T, path: readonly string[], value: string): T {
  const [head, ...rest] = path;
  if (head === undefined) return value as T;
  if (Array.isArray(obj)) {
    const out = obj.slice();
    out[Number(head)] = setAt(out[Number(head)], rest, value);
    return out as T;
  }
  const o = obj as Record<string, unknown>;
  return { ...o, [head]: setAt(o[head], rest, value) } as T;
}

/**
 * Rename field `from` of the trigger's form to `to` in `def` (or, with `table`, the
 * column `from` of that table: `record.lines.map(l, l.from)`). Only a workflow whose
 * trigger names `form` is touched.
 * @example
 * renameWorkflowField(grading, 'customer-registration', 'tier', 'grade').definition
 */
export function renameWorkflowField(def: WorkflowDefinition, form: string, from: string, to: string, table?: string): WorkflowRenameOutcome {
  const rewritten: string[] = [];
  const skipped: WorkflowRenameOutcome['skipped'] = [];
  if (from === to || !('form' in def.trigger) || def.trigger.form !== form) return { definition: def, rewritten, skipped };
  const spec: RenameSpec = table === undefined ? { root: 'record', from, to } : { root: 'record', table, from, to };
  const rewrite = (source: string, at: string): string => {
    const r = renameInExpression(source, spec);
    if (!r.ok) skipped.push({ pointer: at, reason: r.reason });
    else if (r.changed) rewritten.push(at);
    return r.source;
  };
  const direct = table === undefined;
  const nodes = def.nodes.map((n0, i) => {
    let n: WorkflowNode = n0;
    for (const slot of expressionSlots(n0)) {
      const next = rewrite(slot.source, `${pointer('nodes', i)}/${slot.path}`);
      if (next !== slot.source) n = setAt(n, slot.path.split('/'), next);
    }
    if (direct && n.kind === 'set' && n.assignments.some((a) => a.target === 'record' && a.key === from)) {
      n = { ...n, assignments: n.assignments.map((a, j) => (a.target === 'record' && a.key === from ? (rewritten.push(pointer('nodes', i, 'assignments', j, 'key')), { ...a, key: to }) : a)) };
    }
    if (direct && n.kind === 'score' && n.target.target === 'record' && n.target.key === from) {
      rewritten.push(pointer('nodes', i, 'target', 'key'));
      n = { ...n, target: { ...n.target, key: to } };
    }
    if (direct && n.kind === 'task' && n.facts?.includes(from)) {
      rewritten.push(pointer('nodes', i, 'facts'));
      n = { ...n, facts: n.facts.map((k) => (k === from ? to : k)) };
    }
    return n;
  });
  let trigger = def.trigger;
  for (const slot of triggerSlots(def)) {
    const next = rewrite(slot.source, `/trigger/${slot.path}`);
    if (next !== slot.source) trigger = setAt(trigger, [slot.path], next);
  }
  if (direct && trigger.type === 'field.changed' && trigger.fields.includes(from)) {
    rewritten.push('/trigger/fields');
    trigger = { ...trigger, fields: trigger.fields.map((k) => (k === from ? to : k)) };
  }
  const changed = trigger !== def.trigger || nodes.some((n, i) => n !== def.nodes[i]);
  return { definition: changed ? { ...def, trigger, nodes } : def, rewritten, skipped };
}

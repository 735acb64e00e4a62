/**
 * A fresh node of each kind, valid against the schema as it stands, so a node
 * dropped from the palette never makes the definition unreadable.
 *
 * @example
 * newNode('task', new Set(['task_1'])); // { id: 'task_2', kind: 'task', name: {…}, assignee: { strategy: 'owner' } }
 */
import { NODE_KINDS, type NodeKind, type WorkflowNode } from '@branchline/schemas';

/** The first `base`, `base_2`, `base_3` … not in `taken`. */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) {
    const id = `${base}_${i}`;
    if (!taken.has(id)) return id;
  }
}

/** The next `kind_N` id, N one above the highest already used for that prefix. */
export function nextNodeId(kind: string, taken: ReadonlySet<string>): string {
  const prefix = `${kind}_`;
  let max = 0;
  for (const id of taken) {
    if (!id.startsWith(prefix)) continue;
    const n = Number(id.slice(prefix.length));
    if (Number.isInteger(n) && n > max) max = n;
  }
  return uniqueId(`${prefix}${max + 1}`, taken);
}

export function isNodeKind(value: unknown): value is NodeKind {
  return typeof value === 'string' && (NODE_KINDS as readonly string[]).includes(value);
}

/** A new node of `kind` with an id not in `taken` and sensible, schema-valid defaults. */
export function newNode(kind: NodeKind, taken: ReadonlySet<string>): WorkflowNode {
  const id = nextNodeId(kind, taken);
  switch (kind) {
    case 'condition':
      return { id, kind, expression: 'true' };
    case 'switch':
      return { id, kind, cases: [{ id: 'case_1', label: { 'zh-CN': '情况 1', en: 'Case 1' }, when: 'true' }] };
    case 'set':
      return { id, kind, assignments: [{ target: 'vars', key: 'value', expression: '0' }] };
    case 'task':
      return { id, kind, name: { 'zh-CN': '跟进任务', en: 'Follow-up task' }, assignee: { strategy: 'owner' } };
    case 'approval':
      return { id, kind, name: { 'zh-CN': '审批', en: 'Approval' }, approver: { strategy: 'role', role: 'manager' } };
    case 'notify':
      return { id, kind, channel: 'inbox', to: { strategy: 'owner' }, message: { 'zh-CN': '请查看此记录。', en: 'Please look at this record.' } };
    case 'wait':
      return { id, kind, mode: 'duration', duration: 'PT1H' };
    case 'http':
      return { id, kind, method: 'POST', url: 'https://example.com/hook' };
    case 'score':
      return { id, kind, target: { target: 'vars', key: 'score' }, factors: [{ id: 'factor_1', expression: '0', weight: 1 }] };
    case 'split':
      return {
        id,
        kind,
        arms: [
          { id: 'arm_a', label: { 'zh-CN': '新方案', en: 'New' }, percent: 50 },
          { id: 'control', label: { 'zh-CN': '对照组', en: 'Control' }, percent: 50, control: true },
        ],
      };
    case 'end':
      return { id, kind };
  }
}

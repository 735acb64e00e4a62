/**
 * One line that says what a node does, shown under its title on the canvas:
 * the condition's expression, the task's assignee and SLA, the split's shares …
 * Returns i18n keys with values so the canvas speaks the UI language.
 *
 * @example
 * nodeSummary({ id: 't', kind: 'task', name: {…}, assignee: { strategy: 'owner' }, sla: { within: 'PT4H' } });
 * // [{ key: 'workflow.summary.assignee.owner' }, { key: 'workflow.summary.sla', values: { duration: '4 h' } }]
 */
import type { Assignee, WorkflowNode } from '@branchline/schemas';
import { formatDuration } from './duration';

export type SummaryPart = { readonly key: string; readonly values?: Readonly<Record<string, string | number>> } | { readonly text: string };

function assignee(a: Assignee): SummaryPart {
  switch (a.strategy) {
    case 'user':
      return { key: 'workflow.summary.assignee.user', values: { user: a.userId } };
    case 'owner':
      return { key: 'workflow.summary.assignee.owner' };
    default:
      return { key: `workflow.summary.assignee.${a.strategy}`, values: { role: a.role } };
  }
}

/** `duration` writes an ISO duration for people (the canvas passes one in the UI language). */
export function nodeSummary(node: WorkflowNode, duration: (iso: string) => string = formatDuration): SummaryPart[] {
  switch (node.kind) {
    case 'condition':
      return [{ text: node.expression }];
    case 'switch':
      return [{ key: 'workflow.summary.cases', values: { count: node.cases.length } }];
    case 'set':
      return node.assignments.slice(0, 2).map((a) => ({ text: `${a.target}.${a.key} = ${a.expression}` }));
    case 'task': {
      const parts: SummaryPart[] = [assignee(node.assignee)];
      if (node.sla?.within) parts.push({ key: 'workflow.summary.sla', values: { duration: duration(node.sla.within) } });
      if (node.sla?.withinHours) parts.push({ key: 'workflow.summary.slaHours', values: { expression: node.sla.withinHours } });
      return parts;
    }
    case 'approval':
      return node.timeout ? [assignee(node.approver), { key: 'workflow.summary.timeout', values: { duration: duration(node.timeout) } }] : [assignee(node.approver)];
    case 'notify':
      return [{ key: `workflow.channel.${node.channel}` }, assignee(node.to)];
    case 'wait':
      if (node.mode === 'duration') return [{ key: 'workflow.summary.waitFor', values: { duration: node.duration ? duration(node.duration) : '?' } }];
      if (node.mode === 'until') return [{ key: 'workflow.summary.waitUntil', values: { expression: node.until ?? '?' } }];
      return [{ key: 'workflow.summary.waitEvent', values: { event: node.event ?? '?' } }];
    case 'http':
      return [{ text: `${node.method} ${node.url}` }];
    case 'score':
      return [{ text: `${node.target.target}.${node.target.key} ← Σ ${node.factors.length}` }];
    case 'split':
      return [{ text: node.arms.map((a) => `${a.percent}%${a.control ? '*' : ''}`).join(' / ') }];
    case 'end':
      return node.outcome ? [{ text: node.outcome }] : [];
  }
}

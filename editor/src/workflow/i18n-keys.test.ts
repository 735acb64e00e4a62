/**
 * Keys the workflow designer builds at run time (`t(`workflow.kind.${kind}`)`) exist
 * in both languages for every member of the list they come from; the shared i18n
 * test covers the literal keys.
 */
import { describe, expect, it } from 'vitest';
import { ASSIGNEE_STRATEGIES, NODE_KINDS, TRIGGER_TYPES } from '@branchline/schemas';
import en from '../i18n/en.json';
import zhCN from '../i18n/zh-CN.json';
import { COMPARISONS, METHODS } from './model/condition';
import { triggerKey } from './canvas/TriggerNode';

type Tree = { [k: string]: string | Tree };
const has = (tree: Tree, key: string) => typeof key.split('.').reduce<string | Tree | undefined>((t, k) => (typeof t === 'object' ? t[k] : undefined), tree) === 'string';

const DYNAMIC: string[] = [
  ...NODE_KINDS.flatMap((k) => [`workflow.kind.${k}`, `workflow.kindHelp.${k}`]),
  ...['true', 'false', 'default', 'next', 'done', 'overdue', 'approved', 'rejected', 'timeout'].map((p) => `workflow.port.${p}`),
  ...ASSIGNEE_STRATEGIES.flatMap((s) => [`workflow.assignee.strategies.${s}`, `workflow.assignee.help.${s}`, `workflow.summary.assignee.${s}`]),
  ...[...COMPARISONS, ...METHODS, 'in'].map((o) => `workflow.condition.ops.${o}`),
  ...TRIGGER_TYPES.map((t) => `workflow.trigger.type.${triggerKey(t)}`),
  ...['running', 'waiting', 'completed', 'failed', 'cancelled'].map((s) => `workflow.run.status.${s}`),
  ...['entered', 'branch', 'set', 'wait', 'resumed', 'error', 'end', 'cancelled'].map((e) => `workflow.trace.event.${e}`),
  ...['timer', 'task', 'approval', 'event'].map((w) => `workflow.dryRun.waitKind.${w}`),
  ...['task', 'approval'].map((k) => `workflow.dryRun.effect.${k}`),
  ...['inbox', 'email', 'sms', 'im'].map((c) => `workflow.channel.${c}`),
  ...['properties', 'problems', 'dryrun', 'runs'].map((s) => `workflow.side.${s}`),
  ...['none', 'fixed', 'expression'].map((m) => `workflow.panel.slaModes.${m}`),
  ...['duration', 'until', 'event'].map((m) => `workflow.panel.waitModes.${m}`),
  ...['min', 'h', 'd'].flatMap((u) => [`workflow.duration.unit_${u}`, `workflow.duration.short_${u}`]),
  ...['zh-CN', 'en'].map((l) => `workflow.locale.${l}`),
];

describe('workflow designer texts built from lists', () => {
  it('exist in zh-CN and en', () => {
    expect(DYNAMIC.filter((k) => !has(en as Tree, k))).toEqual([]);
    expect(DYNAMIC.filter((k) => !has(zhCN as Tree, k))).toEqual([]);
  });
});

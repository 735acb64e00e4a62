/**
 * Keys the gallery, records, inbox, dashboard and audit pages build at run time
 * (`t(\`inbox.outcomes.${status}\`)`) exist in both languages for every value the
 * server or the page can produce.
 */
import { describe, expect, it } from 'vitest';
import { RunStatusEnum, TaskStatus } from '@branchline/schemas';
import type { UpgradeConflictCode } from '@branchline/runtime';
import en from '../i18n/en.json';
import zhCN from '../i18n/zh-CN.json';
import { ENTITY_KINDS } from './audit/AuditPage';
import { PERIOD_PRESETS } from './dashboard/model';

type Tree = { [k: string]: string | Tree };
const has = (tree: Tree, key: string) => {
  let at: string | Tree | undefined = tree;
  for (const part of key.split('.')) at = typeof at === 'object' ? at[part] : undefined;
  return typeof at === 'string' && at.trim() !== '';
};
const enumValues = (schema: unknown) => ((schema as { enum?: string[]; anyOf?: { const: string }[] }).enum ?? (schema as { anyOf: { const: string }[] }).anyOf.map((x) => x.const));

// A record over the runtime's union: a new conflict code fails type-checking here until it is translated.
const CODES: Record<UpgradeConflictCode, true> = {
  key_taken_by_hq: true,
  element_removed_by_hq: true,
  removed_element_changed_by_hq: true,
  tightened_rule_changed_by_hq: true,
  changed_by_both: true,
  newly_locked: true,
  extension_point_removed: true,
  change_not_applicable: true,
  steps_detached: true,
  breaks_after_upgrade: true,
};
const CONFLICT_CODES = Object.keys(CODES);

describe('run-time keys of the pages', () => {
  const keys = [
    ...enumValues(TaskStatus).map((s) => `inbox.outcomes.${s}`),
    ...enumValues(RunStatusEnum).map((s) => `records.runStatus.${s}`),
    ...['done', 'approved', 'rejected'].map((o) => `inbox.completed.${o}`),
    ...['task', 'approval'].map((k) => `inbox.kinds.${k}`),
    ...['open', 'closed'].map((k) => `inbox.shows.${k}`),
    ...['d', 'h', 'm', 's'].map((u) => `inbox.units.${u}`),
    ...ENTITY_KINDS.map((k) => `audit.entities.${k}`),
    ...PERIOD_PRESETS.map((p) => `dashboard.periods.${p}`),
    ...['day', 'week', 'month'].map((g) => `dashboard.granularity.${g}`),
    ...CONFLICT_CODES.map((c) => `gallery.conflictCodes.${c}`),
    ...['field', 'section', 'rule', 'node', 'edge', 'trigger'].map((e) => `gallery.elements.${e}`),
    ...['added', 'removed', 'changed', 'moved'].map((o) => `gallery.diff.${o}`),
    ...['mine', 'hq', 'aside'].flatMap((c) => [`gallery.upgrade.choices.${c}`, `gallery.upgrade.choiceHints.${c}`]),
    ...['json', 'file', 'definition'].map((s) => `gallery.publish.sources.${s}`),
    ...['hq', 'branch', 'read'].map((r) => `gallery.intro.${r}`),
  ];
  it.each(['en', 'zh-CN'] as const)('all exist in %s', (lang) => {
    const tree = (lang === 'en' ? en : zhCN) as Tree;
    expect(keys.filter((k) => !has(tree, k))).toEqual([]);
  });
});

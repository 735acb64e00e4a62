/**
 * What HQ locked in a workflow template, indexed for the canvas: a locked node or
 * edge cannot be removed or changed, a locked trigger cannot be changed. Each
 * entry carries HQ's policy text so the designer can say why.
 *
 * The server has the final say (it runs `checkLocks` on the derived overlay); this
 * index only keeps the designer from offering what would be refused.
 */
import type { Lock, LocalizedText } from '@branchline/schemas';

export interface WorkflowLocks {
  readonly nodes: ReadonlyMap<string, LocalizedText>;
  readonly edges: ReadonlyMap<string, LocalizedText>;
  readonly trigger: LocalizedText | undefined;
}

export const NO_LOCKS: WorkflowLocks = { nodes: new Map(), edges: new Map(), trigger: undefined };

/** Index a template's lock list. */
export function workflowLocks(locks: readonly Lock[] | undefined): WorkflowLocks {
  if (!locks || locks.length === 0) return NO_LOCKS;
  const nodes = new Map<string, LocalizedText>();
  const edges = new Map<string, LocalizedText>();
  let trigger: LocalizedText | undefined;
  for (const lock of locks) {
    if (lock.element === 'node') nodes.set(lock.id, lock.policy);
    else if (lock.element === 'edge') edges.set(lock.id, lock.policy);
    else if (lock.element === 'trigger') trigger = lock.policy;
  }
  return { nodes, edges, trigger };
}

/** Text for `locale`, falling back to English, then to any language given. */
export function localized(text: Readonly<Record<string, string>> | undefined, locale: string): string {
  if (!text) return '';
  return text[locale] ?? text.en ?? text['zh-CN'] ?? Object.values(text)[0] ?? '';
}

/** A glyph per node kind, for the palette and the canvas (text, so it scales and needs no asset). */
import type { NodeKind } from '@branchline/schemas';

export const KIND_ICONS: Readonly<Record<NodeKind, string>> = {
  condition: '◇',
  switch: '⇶',
  set: '=',
  task: '☑',
  approval: '✔',
  notify: '✉',
  wait: '◷',
  http: '⇄',
  score: '★',
  split: '⋔',
  end: '■',
};

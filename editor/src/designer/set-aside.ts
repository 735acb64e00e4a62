/**
 * A change an upgrade set aside, described for a person: what it does (added, changed,
 * removed, moved) to which element, and which properties it touches.
 *
 * @example
 * describeChange({ type: 'field.update', key: 'lines', set: { columns: [] } })
 * // → { action: 'changed', element: 'field', name: 'lines', properties: ['columns'] }
 */
import type { SetAsideEntry } from '@branchline/schemas';

export type { SetAsideEntry };

export interface ChangeSummary {
  readonly action: 'added' | 'changed' | 'removed' | 'moved';
  /** `field`, `section`, `rule`, `node`, `edge`, `trigger`, `definition`, `column`. */
  readonly element: string;
  /** The element's key or id ('' for the trigger and the definition itself). */
  readonly name: string;
  readonly properties: readonly string[];
}

type Change = { type?: unknown } & Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const idOf = (v: unknown) => (typeof v === 'object' && v !== null ? str((v as { key?: unknown }).key) || str((v as { id?: unknown }).id) : '');
const props = (c: Change) => [...Object.keys((c.set as object | undefined) ?? {}), ...((c.unset as string[] | undefined) ?? [])];

export function describeChange(change: unknown): ChangeSummary {
  const c = (typeof change === 'object' && change !== null ? change : {}) as Change;
  const [element = 'definition', verb = ''] = str(c.type).split('.');
  if (c.type === 'option.add') {
    const column = str(c.column);
    const option = str((c.option as { value?: unknown } | undefined)?.value);
    return column ? { action: 'changed', element: 'column', name: `${str(c.field)}.${column}`, properties: [`options: ${option}`] } : { action: 'changed', element: 'field', name: str(c.field), properties: [`options: ${option}`] };
  }
  if (c.type === 'ui.set') return { action: 'changed', element: 'definition', name: '', properties: ['ui'] };
  const name = verb === 'add' ? idOf(c[element]) : str(c.key) || str(c.id);
  switch (verb) {
    case 'add':
      return { action: 'added', element, name, properties: [] };
    case 'remove':
      return { action: 'removed', element, name, properties: [] };
    case 'move':
      return { action: 'moved', element, name, properties: [] };
    default:
      return { action: 'changed', element, name, properties: props(c) };
  }
}

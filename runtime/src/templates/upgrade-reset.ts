/**
 * Putting one element of a merged definition back to HQ's new version (or taking a
 * branch element out) when the new version's locks refuse it, and detaching branch
 * steps that no longer hang anywhere. Each reset returns the branch's part as
 * overlay changes, so it is set aside rather than lost.
 */
import type { FormField, OverlayChange, WorkflowDefinition, WorkflowEdge } from '@branchline/schemas';
import { diffById, diffField } from './diff-elements';
import { findElement, type Definition, type ElementRef } from './elements';
import { clone, deepEqual, isRecord, propertyDiff, setOwn, type JsonRecord } from './json';
import { portOf } from './workflow-locks';

export interface Reset {
  readonly definition: Definition;
  readonly ref: ElementRef;
  readonly setAside: OverlayChange[];
  /** The workflow exit (`node` + `port`) the reset concerned, if any. */
  readonly exit?: { readonly node: string; readonly port: string };
}

type ListKind = 'field' | 'section' | 'rule' | 'node' | 'edge';
const LIST: Record<ListKind, string> = { field: 'fields', section: 'sections', rule: 'rules', node: 'nodes', edge: 'edges' };
const idOf = (kind: ListKind, x: unknown) => (isRecord(x) ? String(kind === 'field' ? x.key : x.id) : '');
const add = (kind: ListKind, item: unknown): OverlayChange => ({ type: `${kind}.add`, [kind]: clone(item) }) as unknown as OverlayChange;
const remove = (kind: ListKind, id: string): OverlayChange => (kind === 'field' ? { type: 'field.remove', key: id } : ({ type: `${kind}.remove`, id } as OverlayChange));
const diff = (kind: ListKind, from: unknown, to: unknown) => (kind === 'field' ? diffField(from as FormField, to as FormField) : diffById(kind, from as { id: string }, to as { id: string }));

/**
 * `current` with element `ref` as HQ's new version `theirs` has it (or without it,
 * when HQ does not have it); for the definition itself, only `property` is reset.
 */
export function resetElement(current: Definition, theirs: Definition, ref: ElementRef, property?: string): Reset {
  const out = clone(current) as unknown as JsonRecord;
  const th = theirs as unknown as JsonRecord;
  if (ref.element === 'definition' || ref.element === 'trigger' || ref.element === 'ui') {
    const prop = ref.element === 'definition' ? property : ref.element;
    if (!prop) return { definition: current, ref, setAside: [] };
    const was = out[prop];
    if (th[prop] === undefined) delete out[prop];
    else setOwn(out, prop, clone(th[prop]));
    const setAside: OverlayChange[] =
      ref.element === 'trigger'
        ? [{ type: 'trigger.update', ...patch(th[prop] as JsonRecord, was as JsonRecord) }]
        : [{ type: 'definition.update', ...(was === undefined ? { set: {}, unset: [prop] } : { set: { [prop]: clone(was) } }) }];
    return { definition: out as unknown as Definition, ref, setAside };
  }
  const kind = ref.element;
  const id = 'key' in ref ? ref.key : ref.id;
  const list = ((out[LIST[kind]] as unknown[] | undefined) ?? []).slice();
  const theirsList = (th[LIST[kind]] as unknown[] | undefined) ?? [];
  const mine = findElement(current, ref);
  const hq = findElement(theirs, ref);
  const at = list.findIndex((x) => idOf(kind, x) === id);
  let setAside: OverlayChange[];
  if (hq === undefined) {
    if (at >= 0) list.splice(at, 1);
    setAside = mine === undefined ? [] : [add(kind, mine)];
  } else {
    if (at >= 0) list[at] = clone(hq);
    else list.splice(insertionIndex(kind, list, theirsList, id), 0, clone(hq));
    setAside = mine === undefined ? [remove(kind, id)] : diff(kind, hq, mine);
  }
  out[LIST[kind]] = list;
  const edge = (hq ?? mine) as WorkflowEdge | undefined;
  return { definition: out as unknown as Definition, ref, setAside, ...(kind === 'edge' && edge ? { exit: { node: edge.from, port: portOf(edge) } } : {}) };
}

/** Where to put back an element HQ has: after its predecessor in HQ's list, if that is present. */
function insertionIndex(kind: ListKind, list: unknown[], theirsList: unknown[], id: string): number {
  const i = theirsList.findIndex((x) => idOf(kind, x) === id);
  for (let j = i - 1; j >= 0; j--) {
    const k = list.findIndex((x) => idOf(kind, x) === idOf(kind, theirsList[j]));
    if (k >= 0) return k + 1;
  }
  return 0;
}

function patch(from: JsonRecord = {}, to: JsonRecord = {}): { set: JsonRecord; unset?: string[] } {
  const { set, unset } = propertyDiff(from, to);
  return unset.length > 0 ? { set, unset } : { set };
}

/** `current` with the edges leaving `node` by `port` exactly as HQ's new version has them. */
export function resetExits(current: Definition, theirs: Definition, node: string, port: string, ref: ElementRef): Reset {
  if (current.kind !== 'workflow' || theirs.kind !== 'workflow') return { definition: current, ref, setAside: [] };
  const out = clone(current) as WorkflowDefinition;
  const at = (e: WorkflowEdge) => e.from === node && portOf(e) === port;
  const hq = theirs.edges.filter(at);
  const setAside: OverlayChange[] = [];
  out.edges = out.edges.filter((e) => {
    if (!at(e) || hq.some((h) => h.id === e.id)) return true;
    setAside.push({ type: 'edge.add', edge: clone(e) });
    return false;
  });
  for (const h of hq) {
    const i = out.edges.findIndex((e) => e.id === h.id);
    if (i < 0) {
      out.edges.push(clone(h));
      setAside.push({ type: 'edge.remove', id: h.id });
    } else if (!deepEqual(out.edges[i], h)) {
      setAside.push(...diffById('edge', h, out.edges[i]!));
      out.edges[i] = clone(h);
    }
  }
  return { definition: out, ref, setAside, exit: { node, port } };
}

function reachable(def: WorkflowDefinition): Set<string> {
  const seen = new Set([def.start]);
  const queue = [def.start];
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const e of def.edges) if (e.from === id && !seen.has(e.to)) {
      seen.add(e.to);
      queue.push(e.to);
    }
  }
  return seen;
}

/** Branch steps the branch could reach that nothing leads to any more: taken out, with their connections. */
export function pruneDetachedSteps(current: Definition, theirs: Definition, ours: Definition): { definition: Definition; setAside: OverlayChange[] } | undefined {
  if (current.kind !== 'workflow' || theirs.kind !== 'workflow' || ours.kind !== 'workflow') return undefined;
  const hq = new Set(theirs.nodes.map((n) => n.id));
  const now = reachable(current);
  const before = reachable(ours);
  const detached = new Set(current.nodes.filter((n) => !hq.has(n.id) && !now.has(n.id) && before.has(n.id)).map((n) => n.id));
  if (detached.size === 0) return undefined;
  const out = clone(current);
  const setAside: OverlayChange[] = [];
  out.nodes = out.nodes.filter((n) => !detached.has(n.id) || (setAside.push({ type: 'node.add', node: clone(n) }), false));
  out.edges = out.edges.filter((e) => !(detached.has(e.from) || detached.has(e.to)) || (setAside.push({ type: 'edge.add', edge: clone(e) }), false));
  if (out.ui?.nodes) for (const id of detached) delete out.ui.nodes[id];
  return { definition: out, setAside };
}

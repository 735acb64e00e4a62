/**
 * A read-only view of the syntax tree the CEL parser produces, enough to walk it:
 * the sandbox guard, the cost estimate and the reference list all read this.
 * Macros (`map`, `filter`, …) appear as the method calls the user wrote.
 */

/** A CEL type as the checker records it on a node. */
export interface CelType {
  readonly name: string;
  readonly kind: string;
  readonly type?: string;
  readonly valueType?: CelType;
  readonly keyType?: CelType;
  readonly hasDynType?: boolean;
  readonly hasPlaceholderType?: boolean;
}

export interface CelNode {
  readonly op: string;
  // The payload depends on `op`; see children() and the accessors below.
  readonly args: unknown;
  readonly start: number;
  readonly end: number;
  readonly checkedType?: CelType;
}

const isNode = (v: unknown): v is CelNode => typeof v === 'object' && v !== null && typeof (v as CelNode).op === 'string';

/** The macros that iterate a list: `list.map(x, …)`, `list.filter(x, …)`, … */
export const LIST_MACROS: ReadonlySet<string> = new Set(['map', 'filter', 'all', 'exists', 'exists_one']);

/** `f(a, b)` → { name: 'f', args }; `r.f(a)` → { name: 'f', receiver: r, args }. */
export function callOf(node: CelNode): { name: string; receiver?: CelNode; args: CelNode[] } | undefined {
  const a = node.args as unknown[];
  if (node.op === 'call') return { name: a[0] as string, args: a[1] as CelNode[] };
  if (node.op === 'rcall') return { name: a[0] as string, receiver: a[1] as CelNode, args: a[2] as CelNode[] };
  return undefined;
}

/** A list macro call: the list, the item variable's name and the bodies that see it. */
export function listMacroOf(node: CelNode): { name: string; receiver: CelNode; item: string; bodies: CelNode[] } | undefined {
  const call = callOf(node);
  if (!call?.receiver || !LIST_MACROS.has(call.name) || call.args.length < 2) return undefined;
  const first = call.args[0]!;
  if (first.op !== 'id') return undefined;
  return { name: call.name, receiver: call.receiver, item: first.args as string, bodies: call.args.slice(1) };
}

/** The direct sub-expressions of a node, in source order. */
export function children(node: CelNode): CelNode[] {
  const a = node.args;
  switch (node.op) {
    case 'value':
    case 'id':
      return [];
    case 'call':
      return ((a as unknown[])[1] as CelNode[]).slice();
    case 'rcall':
      return [(a as unknown[])[1] as CelNode, ...((a as unknown[])[2] as CelNode[])];
    case '.':
    case '.?':
      return [(a as unknown[])[0] as CelNode];
    case 'map':
      return (a as CelNode[][]).flat();
    default:
      if (isNode(a)) return [a];
      return Array.isArray(a) ? a.filter(isNode) : [];
  }
}

/** Visit every node depth-first, with the list-item variables in scope at that node. */
export function walk(node: CelNode, visit: (n: CelNode, items: ReadonlySet<string>, depth: number) => void, items: ReadonlySet<string> = new Set(), depth = 0): void {
  visit(node, items, depth);
  const macro = listMacroOf(node);
  if (macro) {
    walk(macro.receiver, visit, items, depth);
    const inner = new Set(items).add(macro.item);
    for (const body of macro.bodies) walk(body, visit, inner, depth + 1);
    return;
  }
  for (const child of children(node)) walk(child, visit, items, depth);
}

/** Root variables an expression reads (list-item variables excluded), in first-use order. */
export function rootReferences(node: CelNode): string[] {
  const out = new Set<string>();
  walk(node, (n, items) => {
    if (n.op === 'id' && !items.has(n.args as string)) out.add(n.args as string);
  });
  return [...out];
}

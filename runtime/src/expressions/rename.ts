/**
 * Renaming a field (or a table column) inside an expression, on the parse tree of
 * the expression library — never a text search — so a string literal that happens
 * to spell the key (`region == 'east'`), a map key, a list-item variable of the same
 * name and a property of another object stay as they are. Only the characters of
 * the references themselves are replaced, so the rest of the text (spacing,
 * comments-free formatting) is kept.
 */
import { children, listMacroOf, type CelNode } from './ast';
import { environmentFor } from './cel-env';

/** What is renamed, and how expressions reach it. */
export interface RenameSpec {
  /**
   * `scope`: the field is a bare identifier (form expressions, a table's own column
   * expressions); `record`: it is read as `record.<key>` (workflow expressions).
   */
  readonly root: 'scope' | 'record';
  /** For a column: the table whose rows carry it (`lines.map(l, l.qty)`, `lines[0].qty`). */
  readonly table?: string;
  readonly from: string;
  readonly to: string;
}

export type RenameResult =
  | { readonly ok: true; readonly source: string; readonly changed: boolean }
  /** Left as it was: it does not parse, or the new name is a list-item variable where a reference sits (renaming would change its meaning). */
  | { readonly ok: false; readonly source: string; readonly reason: 'unparsable' | 'shadowed' };

interface Edit {
  readonly start: number;
  readonly end: number;
}

const idName = (n: CelNode) => (n.op === 'id' ? (n.args as string) : undefined);
const select = (n: CelNode): { receiver: CelNode; name: string } | undefined => {
  if (n.op !== '.') return undefined;
  const [receiver, name] = n.args as [CelNode, string];
  return { receiver, name };
};

/**
 * `source` with every reference to `spec.from` renamed to `spec.to`.
 * @example
 * renameInExpression("qty * 2 + size('qty')", { root: 'scope', from: 'qty', to: 'quantity' }).source
 * // → "quantity * 2 + size('qty')"
 * renameInExpression('lines.map(l, l.qty).sum()', { root: 'scope', table: 'lines', from: 'qty', to: 'quantity' }).source
 * // → 'lines.map(l, l.quantity).sum()'
 */
export function renameInExpression(source: string, spec: RenameSpec): RenameResult {
  if (spec.from === spec.to || !source.includes(spec.from)) return { ok: true, source, changed: false };
  let ast: CelNode;
  try {
    ast = (environmentFor({}).env.parse(source) as unknown as { ast: CelNode }).ast;
  } catch {
    return { ok: false, source, reason: 'unparsable' };
  }
  const edits: Edit[] = [];
  let shadowed = false;

  /** A free reference to top-level name `name`: `name` (scope) or `record.name` (record). */
  const isRoot = (n: CelNode, name: string, items: ReadonlyMap<string, boolean>): boolean => {
    if (spec.root === 'scope') return idName(n) === name && !items.has(name);
    const s = select(n);
    return !!s && s.name === name && idName(s.receiver) === 'record' && !items.has('record');
  };
  /** The rows of the table (or a filtered part of them). */
  const isRows = (n: CelNode, items: ReadonlyMap<string, boolean>): boolean => {
    if (spec.table === undefined) return false;
    if (isRoot(n, spec.table, items)) return true;
    const m = listMacroOf(n);
    return !!m && m.name === 'filter' && isRows(m.receiver, items);
  };
  /** One row of the table: a list-item variable over its rows, or an indexed row. */
  const isRow = (n: CelNode, items: ReadonlyMap<string, boolean>): boolean => {
    const id = idName(n);
    if (id !== undefined) return items.get(id) === true;
    return n.op === '[]' && isRows((n.args as CelNode[])[0]!, items);
  };
  /** The name at the end of a `.` node. */
  const tail = (n: CelNode, name: string) => {
    const start = n.end - name.length;
    if (source.slice(start, n.end) === name) edits.push({ start, end: n.end });
  };

  const visit = (n: CelNode, items: ReadonlyMap<string, boolean>): void => {
    if (spec.table === undefined) {
      if (isRoot(n, spec.from, items)) {
        if (spec.root === 'scope') {
          if (items.has(spec.to)) shadowed = true;
          edits.push({ start: n.start, end: n.end });
        } else tail(n, spec.from);
        return;
      }
    } else {
      const s = select(n);
      if (s && s.name === spec.from && isRow(s.receiver, items)) tail(n, spec.from);
    }
    const macro = listMacroOf(n);
    if (macro) {
      visit(macro.receiver, items);
      const inner = new Map(items).set(macro.item, isRows(macro.receiver, items));
      for (const body of macro.bodies) visit(body, inner);
      return;
    }
    for (const child of children(n)) visit(child, items);
  };
  visit(ast, new Map());
  if (shadowed) return { ok: false, source, reason: 'shadowed' };
  if (edits.length === 0) return { ok: true, source, changed: false };
  let out = source;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + spec.to + out.slice(e.end);
  return { ok: true, source: out, changed: out !== source };
}

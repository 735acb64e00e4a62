/**
 * A workflow definition compiled once for running: nodes and edges indexed by id
 * and port, every expression compiled against the workflow scope. Compile once per
 * definition version and reuse; `step` and `startRun` also accept a plain
 * definition and memoise its compiled form per definition object.
 */
import type { Problem, WorkflowDefinition, WorkflowNode } from '@branchline/schemas';
import { compileExpression } from '../expressions';
import type { CompiledExpression, Scope } from '../expressions/types';
import { bestMatchScope, workflowScope, type WorkflowScopeOptions } from './scope';
import { expressionSlots, triggerSlots, type ExpressionSlot } from './slots';
import type { JsonObject } from './types';

/** One compiled expression slot; `problem` when it does not compile (the run fails if it gets there). */
export interface CompiledSlot {
  readonly pointer: string;
  readonly source: string;
  readonly expression?: CompiledExpression;
  readonly problem?: Problem;
  /** The variable paths it names (see {@link readPaths}), to record the inputs it saw in the trace. */
  readonly paths: readonly (readonly string[])[];
  /** `paths` joined with `.`: the keys of the trace's `inputs`. */
  readonly inputKeys: readonly string[];
}

export interface CompiledNode {
  readonly node: WorkflowNode;
  /** Index in `definition.nodes`, for JSON pointers. */
  readonly index: number;
  /** Port → id of the node the edge leads to. */
  readonly ports: ReadonlyMap<string, string>;
  /** Slot path (`expression`, `cases/0/when`, …) → compiled slot. */
  readonly slots: ReadonlyMap<string, CompiledSlot>;
  /** The same slots in evaluation order: case i, assignment i, factor i are slot i. */
  readonly list: readonly CompiledSlot[];
}

export interface CompiledWorkflow {
  readonly kind: 'compiled-workflow';
  readonly definition: WorkflowDefinition;
  readonly nodes: ReadonlyMap<string, CompiledNode>;
  /** Trigger slot path (`when`, `recordId`) → compiled slot. */
  readonly trigger: ReadonlyMap<string, CompiledSlot>;
  /** Declared variables' defaults: the `vars` a run starts with. */
  readonly varDefaults: Readonly<JsonObject>;
}

/** The port an edge leaves by when it names none. */
export const DEFAULT_PORT = 'next';

/**
 * Compile a definition for running. Never throws: an expression that does not
 * compile is kept with its problem, and a run that reaches it fails with it.
 * @example
 * const compiled = compileWorkflow(definition, { form: customerForm });
 * const { state, effects } = startRun(compiled, { type: 'start', version: 3, orgId: 'sh', record }, env);
 */
export function compileWorkflow(def: WorkflowDefinition, options: WorkflowScopeOptions = {}): CompiledWorkflow {
  const scope = workflowScope(def, options);
  let repScope: Scope | undefined;
  const scopeFor = (slot: ExpressionSlot) => (slot.rep ? (repScope ??= bestMatchScope(def, options)) : scope);

  const ports = new Map<string, Map<string, string>>();
  for (const edge of def.edges) {
    const out = ports.get(edge.from) ?? new Map<string, string>();
    const port = edge.port ?? DEFAULT_PORT;
    if (!out.has(port)) out.set(port, edge.to);
    ports.set(edge.from, out);
  }
  const nodes = new Map<string, CompiledNode>();
  def.nodes.forEach((node, index) => {
    if (nodes.has(node.id)) return;
    const list = expressionSlots(node).map((slot) => compileSlot(`/nodes/${index}/${slot.path}`, slot, scopeFor(slot)));
    const slots = new Map(list.map((slot) => [slot.pointer.slice(`/nodes/${index}/`.length), slot]));
    nodes.set(node.id, { node, index, ports: ports.get(node.id) ?? new Map(), slots, list });
  });
  const trigger = new Map(triggerSlots(def).map((slot) => [slot.path, compileSlot(`/trigger/${slot.path}`, slot, scope)]));
  const varDefaults: JsonObject = {};
  for (const v of def.variables ?? []) if (v.default !== undefined) varDefaults[v.key] = v.default;
  return { kind: 'compiled-workflow', definition: def, nodes, trigger, varDefaults };
}

function compileSlot(pointer: string, slot: ExpressionSlot, scope: Scope): CompiledSlot {
  const result = compileExpression(slot.source, scope, slot.expect ? { expect: slot.expect } : {});
  if (!result.ok) {
    const first = result.problems[0];
    const problem: Problem = {
      pointer,
      code: first?.code ?? 'expression_invalid',
      message: first?.message ?? { 'zh-CN': '表达式无效。', en: 'The expression is not valid.' },
      ...(first?.params ? { params: first.params } : {}),
    };
    return { pointer, source: slot.source, problem, paths: [], inputKeys: [] };
  }
  const paths = readPaths(slot.source);
  return { pointer, source: slot.source, expression: result.expression, paths, inputKeys: paths.map((p) => p.join('.')) };
}

const STRINGS = /'''[\s\S]*?'''|"""[\s\S]*?"""|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g;
const PATH = /(?<![.\w])(record|vars|event|org|now)((?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*)(\s*\()?/g;

/**
 * The variable paths an expression names (`record.tier`, `vars.score`, `event.data`),
 * read from its text with string literals blanked, at most three segments deep and
 * without a trailing method name. Used only to show the inputs a step saw in the trace.
 * @example readPaths("record.name.startsWith('A') && vars.n > 1") // → [['record', 'name'], ['vars', 'n']]
 */
export function readPaths(source: string): string[][] {
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const m of source.replace(STRINGS, "''").matchAll(PATH)) {
    let path = [m[1]!, ...m[2]!.split('.').map((s) => s.trim()).filter(Boolean)];
    if (m[3] && path.length > 1) path = path.slice(0, -1);
    path = path.slice(0, 3);
    const key = path.join('.');
    if (!seen.has(key)) (seen.add(key), out.push(path));
  }
  return out;
}

const memo = new WeakMap<WorkflowDefinition, CompiledWorkflow>();

/** The compiled form of a definition: itself if already compiled, else memoised per definition object. */
export function compiledOf(def: WorkflowDefinition | CompiledWorkflow): CompiledWorkflow {
  if (def.kind === 'compiled-workflow') return def;
  let compiled = memo.get(def);
  if (!compiled) {
    compiled = compileWorkflow(def);
    memo.set(def, compiled);
  }
  return compiled;
}

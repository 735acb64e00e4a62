/**
 * Structure checks of a workflow whose shape is valid: ids, edges and ports,
 * switch cases, split arms, wait modes and durations.
 */
import { pointer, problem, type NodeOfKind, type Problem, type WorkflowDefinition } from '@branchline/schemas';
import { parseDuration } from '../workflow/duration';
import { portsOf, requiredPortsOf } from '../workflow/ports';

const list = (items: readonly string[]) => (items.length === 0 ? '(none)' : items.map((p) => `"${p}"`).join(', '));
const listZh = (items: readonly string[]) => (items.length === 0 ? '（无）' : items.map((p) => `"${p}"`).join('、'));

function duplicates<T>(items: readonly T[], keyOf: (item: T) => string, report: (item: T, index: number, firstIndex: number) => Problem): Problem[] {
  const first = new Map<string, number>();
  const out: Problem[] = [];
  items.forEach((item, i) => {
    const key = keyOf(item);
    const seen = first.get(key);
    if (seen === undefined) first.set(key, i);
    else out.push(report(item, i, seen));
  });
  return out;
}

export function idProblems(def: WorkflowDefinition): Problem[] {
  return [
    ...duplicates(def.nodes, (n) => n.id, (n, i, f) => problem(pointer('nodes', i, 'id'), 'duplicate_node_id', `Step id "${n.id}" is already used by step ${f + 1}; give each step its own id.`, `步骤 ID"${n.id}"已被第 ${f + 1} 个步骤使用；每个步骤的 ID 必须唯一。`, { id: n.id })),
    ...duplicates(def.edges, (e) => e.id, (e, i, f) => problem(pointer('edges', i, 'id'), 'duplicate_edge_id', `Edge id "${e.id}" is already used by edge ${f + 1}; give each edge its own id.`, `连线 ID"${e.id}"已被第 ${f + 1} 条连线使用；每条连线的 ID 必须唯一。`, { id: e.id })),
    ...duplicates(def.variables ?? [], (v) => v.key, (v, i) => problem(pointer('variables', i, 'key'), 'duplicate_variable', `Variable "${v.key}" is declared twice; keep one.`, `变量"${v.key}"重复声明；请只保留一个。`, { key: v.key })),
  ];
}

export function edgeProblems(def: WorkflowDefinition): Problem[] {
  const out: Problem[] = [];
  const nodes = new Map(def.nodes.map((n) => [n.id, n] as const).reverse());
  if (!nodes.has(def.start)) {
    out.push(problem('/start', 'start_missing', `The start step "${def.start}" does not exist; set "start" to the id of the first step.`, `开始步骤"${def.start}"不存在；请将 "start" 设为第一个步骤的 ID。`, { start: def.start }));
  }
  const used = new Map<string, number>();
  def.edges.forEach((e, i) => {
    for (const end of ['from', 'to'] as const) {
      if (!nodes.has(e[end])) out.push(problem(pointer('edges', i, end), 'dangling_edge', `The edge ${end === 'from' ? 'starts at' : 'points at'} step "${e[end]}", which does not exist; connect it to an existing step or delete it.`, `连线${end === 'from' ? '起点' : '终点'}"${e[end]}"步骤不存在；请连接到已有步骤或删除该连线。`, { node: e[end] }));
    }
    const from = nodes.get(e.from);
    if (!from) return;
    const port = e.port ?? 'next';
    const valid = portsOf(from);
    const at = e.port === undefined ? pointer('edges', i) : pointer('edges', i, 'port');
    if (!valid.includes(port)) {
      out.push(problem(at, 'invalid_port', `Step "${from.id}" (${from.kind}) has no port "${port}"; its ports are ${list(valid)}.`, `步骤"${from.id}"（${from.kind}）没有端口"${port}"；可用端口为 ${listZh(valid)}。`, { node: from.id, port, valid }));
      return;
    }
    const key = `${e.from}\u0000${port}`;
    const first = used.get(key);
    if (first !== undefined) {
      out.push(problem(at, 'duplicate_port', `Port "${port}" of step "${from.id}" already leads somewhere (edge "${def.edges[first]!.id}"); a port leads to one step — delete one of the edges.`, `步骤"${from.id}"的端口"${port}"已有连线（"${def.edges[first]!.id}"）；一个端口只能连到一个步骤，请删除其中一条。`, { node: from.id, port }));
    } else used.set(key, i);
  });
  def.nodes.forEach((n, i) => {
    for (const port of requiredPortsOf(n)) {
      if (!used.has(`${n.id}\u0000${port}`)) out.push(problem(pointer('nodes', i), 'port_not_connected', `Port "${port}" of step "${n.id}" must lead to a step; draw an edge from it.`, `步骤"${n.id}"的端口"${port}"必须连接到一个步骤；请从该端口画一条连线。`, { node: n.id, port }));
    }
  });
  return out;
}

export function nodeProblems(def: WorkflowDefinition): Problem[] {
  return def.nodes.flatMap((n, i) => {
    if (n.kind === 'switch') return switchProblems(n, i);
    if (n.kind === 'split') return splitProblems(n, i);
    if (n.kind === 'wait') return waitProblems(n, i);
    if (n.kind === 'task' && n.sla?.within) return durationProblems(n.sla.within, i, 'sla', 'within');
    if (n.kind === 'approval' && n.timeout) return durationProblems(n.timeout, i, 'timeout');
    if (n.kind === 'http' && n.retry) return durationProblems(n.retry.backoff, i, 'retry', 'backoff');
    return [];
  });
}

function durationProblems(text: string, i: number, ...path: string[]): Problem[] {
  if (parseDuration(text) !== undefined) return [];
  return [problem(pointer('nodes', i, ...path), 'bad_duration', `"${text}" is not a duration this engine can time; use days, hours, minutes or seconds such as PT4H, P1D or P1DT12H.`, `"${text}"不是可计时的时长；请使用天、小时、分钟或秒，例如 PT4H、P1D、P1DT12H。`, { value: text })];
}

function switchProblems(n: NodeOfKind<'switch'>, i: number): Problem[] {
  const out = duplicates(n.cases, (c) => c.id, (c, j) => problem(pointer('nodes', i, 'cases', j, 'id'), 'duplicate_case_id', `Case id "${c.id}" is used twice in step "${n.id}"; each case is a port and needs its own id.`, `步骤"${n.id}"中分支 ID"${c.id}"重复；每个分支都是一个端口，需要唯一的 ID。`, { id: c.id }));
  n.cases.forEach((c, j) => {
    if (c.id === 'default') out.push(problem(pointer('nodes', i, 'cases', j, 'id'), 'reserved_case_id', `"default" is the port taken when no case matches; give this case another id.`, `"default" 是没有分支匹配时使用的端口；请为该分支换一个 ID。`));
  });
  return out;
}

function splitProblems(n: NodeOfKind<'split'>, i: number): Problem[] {
  const out = duplicates(n.arms, (a) => a.id, (a, j) => problem(pointer('nodes', i, 'arms', j, 'id'), 'duplicate_arm_id', `Arm id "${a.id}" is used twice in step "${n.id}"; each arm needs its own id.`, `步骤"${n.id}"中分组 ID"${a.id}"重复；每个分组需要唯一的 ID。`, { id: a.id }));
  const total = n.arms.reduce((sum, a) => sum + a.percent, 0);
  if (Math.abs(total - 100) > 1e-9) {
    out.push(problem(pointer('nodes', i, 'arms'), 'split_percent_sum', `The arms of split "${n.id}" add up to ${total}%; they must add up to 100%.`, `分流步骤"${n.id}"各分组比例之和为 ${total}%，必须等于 100%。`, { total }));
  }
  const controls = n.arms.map((a, j) => (a.control ? j : -1)).filter((j) => j >= 0);
  for (const j of controls.slice(1)) {
    out.push(problem(pointer('nodes', i, 'arms', j, 'control'), 'split_multiple_control', `Split "${n.id}" already has a control arm ("${n.arms[controls[0]!]!.id}"); only one arm can be the control group.`, `分流步骤"${n.id}"已有对照组（"${n.arms[controls[0]!]!.id}"）；只能有一个对照组。`));
  }
  return out;
}

const WAIT_NEEDS = { duration: ['duration'], until: ['until'], event: ['event', 'correlation'] } as const;
const WAIT_ALLOWS = { duration: ['duration'], until: ['until'], event: ['event', 'correlation', 'timeout'] } as const;
const WAIT_PROPS = ['duration', 'until', 'event', 'correlation', 'timeout'] as const;

function waitProblems(n: NodeOfKind<'wait'>, i: number): Problem[] {
  const out: Problem[] = [];
  for (const prop of WAIT_NEEDS[n.mode]) {
    if (n[prop] === undefined) out.push(problem(pointer('nodes', i), 'wait_missing_property', `Wait step "${n.id}" in mode "${n.mode}" needs "${prop}".`, `等待步骤"${n.id}"在"${n.mode}"模式下需要"${prop}"。`, { property: prop, mode: n.mode }));
  }
  for (const prop of WAIT_PROPS) {
    if (n[prop] !== undefined && !(WAIT_ALLOWS[n.mode] as readonly string[]).includes(prop)) {
      out.push(problem(pointer('nodes', i, prop), 'wait_property_unused', `Wait step "${n.id}" in mode "${n.mode}" does not use "${prop}"; remove it or change the mode (it uses ${list(WAIT_ALLOWS[n.mode])}).`, `等待步骤"${n.id}"在"${n.mode}"模式下不使用"${prop}"；请删除它或更改模式（该模式使用 ${listZh(WAIT_ALLOWS[n.mode])}）。`, { property: prop, mode: n.mode }));
    }
  }
  if (n.mode === 'duration' && n.duration) out.push(...durationProblems(n.duration, i, 'duration'));
  if (n.mode === 'event' && n.timeout) out.push(...durationProblems(n.timeout, i, 'timeout'));
  return out;
}

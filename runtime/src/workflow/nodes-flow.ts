/**
 * Nodes that decide and compute without waiting: condition, switch, set, score,
 * split, end. Each returns the port the run leaves by, or `null` when the run
 * stopped here (ended or failed). Only set and score count visits (`enter`): their
 * record updates need a key unique per pass of a loop.
 */
import type { NodeOfKind } from '@branchline/schemas';
import type { CompiledNode } from './compile';
import { enter, evaluateAt, fail, finish, ids, recordArm, setRecordField, setVar, trace, type Ctx } from './context';
import { bucketOf, pickByPercent } from './hash';
import { runProblems } from './problems';
import type { JsonObject } from './types';

type Of<K extends CompiledNode['node']['kind']> = CompiledNode & { node: NodeOfKind<K> };

export function runCondition(ctx: Ctx, cn: Of<'condition'>): string | null {
  const inputs: JsonObject = {};
  const result = evaluateAt(ctx, cn, 0, inputs);
  if (!result.ok) return fail(ctx, cn, result.problem, inputs);
  if (typeof result.value !== 'boolean') return fail(ctx, cn, runProblems.wrongType(cn, `/nodes/${cn.index}/expression`, 'true or false', '真或假', result.value), inputs);
  const port = result.value ? 'true' : 'false';
  trace(ctx, cn, { event: 'branch', port, inputs });
  return port;
}

export function runSwitch(ctx: Ctx, cn: Of<'switch'>): string | null {
  const inputs: JsonObject = {};
  const cases = cn.node.cases;
  for (let i = 0; i < cases.length; i++) {
    const result = evaluateAt(ctx, cn, i, inputs);
    if (!result.ok) return fail(ctx, cn, result.problem, inputs);
    if (typeof result.value !== 'boolean') return fail(ctx, cn, runProblems.wrongType(cn, `/nodes/${cn.index}/cases/${i}/when`, 'true or false', '真或假', result.value), inputs);
    if (result.value) {
      trace(ctx, cn, { event: 'branch', port: cases[i]!.id, inputs });
      return cases[i]!.id;
    }
  }
  trace(ctx, cn, { event: 'branch', port: 'default', inputs });
  return 'default';
}

/**
 * Assignments run in order; each sees the values the ones before it set. The step
 * applies as a whole: when an assignment fails, the ones before it are undone, so a
 * failed run never shows record values that no `record.update` carried.
 */
export function runSet(ctx: Ctx, cn: Of<'set'>): string | null {
  const visit = enter(ctx, cn.node.id);
  const inputs: JsonObject = {};
  const values: JsonObject = {};
  let changes: JsonObject | undefined;
  const assignments = cn.node.assignments;
  const labels = labelsOf(cn.node);
  const last = assignments.length - 1;
  /** What each write but the last replaced: [target, key, had it, old value] … (the last write cannot be followed by a failure). */
  let undo: unknown[] | undefined;
  for (let i = 0; i <= last; i++) {
    const a = assignments[i]!;
    const result = evaluateAt(ctx, cn, i, inputs);
    if (!result.ok) {
      if (undo) rollBack(ctx, undo);
      return fail(ctx, cn, result.problem, inputs);
    }
    values[labels[i]!] = result.value;
    if (i < last) {
      const target = a.target === 'record' ? ctx.run.record : ctx.run.vars;
      const had = Object.prototype.hasOwnProperty.call(target, a.key);
      (undo ??= []).push(a.target, a.key, had, had ? target[a.key] : undefined);
    }
    if (a.target === 'record') (changes ??= {})[a.key] = result.value;
    if (a.target === 'record') setRecordField(ctx, a.key, result.value);
    else setVar(ctx, a.key, result.value);
  }
  if (changes) recordUpdate(ctx, cn, visit, changes);
  trace(ctx, cn, { event: 'set', port: 'next', inputs, values });
  return 'next';
}

/** Undo the writes of a failed set step, newest first. */
function rollBack(ctx: Ctx, undo: readonly unknown[]): void {
  for (let j = undo.length - 4; j >= 0; j -= 4) {
    const key = undo[j + 1] as string;
    const write = undo[j] === 'record' ? setRecordField : setVar;
    if (undo[j + 2]) write(ctx, key, undo[j + 3]);
    else delete (undo[j] === 'record' ? ctx.run.record : ctx.run.vars)[key]; // written above, so owned by this transition
  }
}

const labelCache = new WeakMap<NodeOfKind<'set'>, string[]>();
/** `record.stage`, `vars.net` … per assignment, made once per definition node. */
function labelsOf(node: NodeOfKind<'set'>): string[] {
  let labels = labelCache.get(node);
  if (!labels) labelCache.set(node, (labels = node.assignments.map((a) => `${a.target}.${a.key}`)));
  return labels;
}

function recordUpdate(ctx: Ctx, cn: CompiledNode, visit: number, changes: JsonObject): void {
  const run = ctx.run;
  ctx.effects.push({
    type: 'record.update',
    idempotencyKey: `${ids.effect(ctx, cn.node.id, visit)}:record`,
    runId: run.id,
    nodeId: cn.node.id,
    orgId: run.orgId,
    ...(run.recordId !== undefined ? { recordId: run.recordId } : {}),
    changes,
  });
}

/** Weighted sum of factors (a boolean factor counts 1 or 0), clamped to min/max. */
export function runScore(ctx: Ctx, cn: Of<'score'>): string | null {
  const visit = enter(ctx, cn.node.id);
  const inputs: JsonObject = {};
  const parts: JsonObject = {};
  let sum = 0;
  const { factors, min, max, target } = cn.node;
  for (let i = 0; i < factors.length; i++) {
    const result = evaluateAt(ctx, cn, i, inputs);
    if (!result.ok) return fail(ctx, cn, result.problem, inputs);
    const v = result.value;
    const n = typeof v === 'boolean' ? (v ? 1 : 0) : v;
    if (typeof n !== 'number' || !Number.isFinite(n)) return fail(ctx, cn, runProblems.wrongType(cn, `/nodes/${cn.index}/factors/${i}/expression`, 'a number or true/false', '数字或真假值', v), inputs);
    parts[factors[i]!.id] = n;
    sum += n * factors[i]!.weight;
  }
  const score = Math.min(max ?? Infinity, Math.max(min ?? -Infinity, sum));
  if (target.target === 'record') {
    setRecordField(ctx, target.key, score);
    recordUpdate(ctx, cn, visit, { [target.key]: score });
  } else setVar(ctx, target.key, score);
  trace(ctx, cn, { event: 'set', port: 'next', inputs, values: { [`${target.target}.${target.key}`]: score, factors: parts, raw: sum } });
  return 'next';
}

/** The arm comes from a stable hash of record id (run id without a record), node id and salt. */
export function runSplit(ctx: Ctx, cn: Of<'split'>): string | null {
  const subject = ctx.run.recordId ?? ctx.run.id;
  const bucket = bucketOf([subject, cn.node.id, cn.node.salt ?? '']);
  const arm = cn.node.arms[pickByPercent(cn.node.arms, bucket)]!;
  const control = arm.control === true;
  recordArm(ctx, cn.node.id, arm.id, control);
  trace(ctx, cn, { event: 'branch', port: arm.id, values: { arm: arm.id, control, bucket } });
  return arm.id;
}

export function runEnd(ctx: Ctx, cn: Of<'end'>): null {
  const outcome = cn.node.outcome;
  trace(ctx, cn, { event: 'end', ...(outcome !== undefined ? { values: { outcome } } : {}) });
  finish(ctx, 'completed', outcome);
  return null;
}

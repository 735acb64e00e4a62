/**
 * Wholesale property patches (`set` / `unset`) as overlays carry them, applied to a
 * copy so that a refused patch leaves the element untouched.
 */
import { problem, type Problem } from '@branchline/schemas';
import { clone, FORBIDDEN_PROPERTIES, isRecord, setOwn, type JsonRecord } from './json';

export interface Patch {
  readonly set: Record<string, unknown>;
  readonly unset?: readonly string[];
}

/**
 * A patched copy of `target`, or the problem that stops the patch: a property that
 * could reach a prototype, or one the caller reserves (`reserved`, e.g. `fields`
 * on `definition.update`, which has its own change types).
 */
export function patched(target: JsonRecord, patch: Patch, at: string, reserved: readonly string[] = []): { value: JsonRecord } | { problem: Problem } {
  const set = isRecord(patch.set) ? patch.set : {};
  const unset = Array.isArray(patch.unset) ? patch.unset : [];
  const names: [string, string][] = [...Object.keys(set).map((k): [string, string] => [k, `${at}/set/${escape(k)}`]), ...unset.map((k, i): [string, string] => [String(k), `${at}/unset/${i}`])];
  for (const [name, where] of names) {
    if (FORBIDDEN_PROPERTIES.has(name)) {
      return { problem: problem(where, 'forbidden_property', `"${name}" cannot be set on a definition.`, `不能在定义中设置"${name}"。`, { property: name }) };
    }
    if (reserved.includes(name)) {
      return {
        problem: problem(where, 'use_specific_change', `"${name}" cannot be changed here; use the change type made for it (e.g. field.add, node.update).`, `此处不能修改"${name}"，请使用对应的变更类型（如 field.add、node.update）。`, { property: name }),
      };
    }
  }
  const out = clone(target);
  for (const key of Object.keys(set)) setOwn(out, key, clone(set[key]));
  for (const key of unset) delete out[key];
  return { value: out };
}

function escape(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * A {@link Directory} over an array of candidates: for tests, for the editor's dry
 * run, and for a server that preloads the candidates of `rolesUsed(definition)`.
 */
import type { Candidate, Directory } from './types';

/**
 * @example
 * const directory = arrayDirectory([{ id: 'u-li', role: 'sales_rep', orgId: 'sh', attributes: { region: 'east' }, openTasks: 3 }]);
 * directory.candidates('sh', 'sales_rep') // → [the candidate]
 */
export function arrayDirectory(candidates: readonly Candidate[]): Directory {
  const byKey = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const key = `${c.orgId}\u0000${c.role}`;
    const list = byKey.get(key) ?? [];
    list.push(c);
    byKey.set(key, list);
  }
  return { candidates: (orgId, role) => byKey.get(`${orgId}\u0000${role}`) ?? [] };
}

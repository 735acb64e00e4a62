/**
 * Cross-reference checks that still run when a document's shape is broken, so one
 * pass reports both "unknown node kind" and "edge points at a missing node". They
 * read the document defensively (it failed the schema, anything may be anywhere).
 * Once the shape is right, the full semantic validators take over.
 */
import { pointer, problem, type Problem } from '@branchline/schemas';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const items = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function tolerantReferenceProblems(doc: Record<string, unknown>): Problem[] {
  if (doc.kind === 'form') return formReferences(doc, '');
  if (doc.kind === 'workflow') return workflowReferences(doc, '');
  if (doc.kind === 'template' && isObject(doc.definition)) {
    const def = doc.definition;
    return def.kind === 'form' ? formReferences(def, '/definition') : def.kind === 'workflow' ? workflowReferences(def, '/definition') : [];
  }
  return [];
}

function formReferences(form: Record<string, unknown>, base: string): Problem[] {
  const out: Problem[] = [];
  const seen = new Map<string, number>();
  items(form.fields).forEach((f, i) => {
    if (!isObject(f) || typeof f.key !== 'string') return;
    const first = seen.get(f.key);
    if (first === undefined) seen.set(f.key, i);
    else out.push(problem(base + pointer('fields', i, 'key'), 'duplicate_key', `The key "${f.key}" is already used by field ${first + 1}; give each field its own key.`, `键"${f.key}"已被第 ${first + 1} 个字段使用；每个字段的键必须唯一。`, { key: f.key }));
  });
  return out;
}

function workflowReferences(wf: Record<string, unknown>, base: string): Problem[] {
  const out: Problem[] = [];
  const ids = new Set<string>();
  for (const n of items(wf.nodes)) if (isObject(n) && typeof n.id === 'string') ids.add(n.id);
  items(wf.edges).forEach((e, i) => {
    if (!isObject(e)) return;
    for (const end of ['from', 'to'] as const) {
      const id = e[end];
      if (typeof id === 'string' && !ids.has(id)) {
        out.push(problem(base + pointer('edges', i, end), 'dangling_edge', `The edge ${end === 'from' ? 'starts at' : 'points at'} node "${id}", which does not exist; connect it to an existing node or delete it.`, `连线${end === 'from' ? '起点' : '终点'}"${id}"节点不存在；请连接到已有节点或删除该连线。`, { node: id }));
      }
    }
  });
  return out;
}

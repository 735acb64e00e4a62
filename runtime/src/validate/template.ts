/**
 * Semantic checks of an HQ template: its definition is valid, and its manifest
 * names only elements that exist (locks, select fields open to new options,
 * extension points on real nodes and ports).
 */
import { pointer, problem, type Problem, type Template } from '@branchline/schemas';
import { validateFormSemantics } from './form';
import { validateWorkflowSemantics } from './workflow';
import type { ValidateOptions } from './options';

export function validateTemplateSemantics(template: Template, options: ValidateOptions): Problem[] {
  const def = template.definition;
  const inner =
    def.kind === 'form'
      ? validateFormSemantics(def)
      : validateWorkflowSemantics(def, { form: 'form' in def.trigger && def.trigger.form ? options.resolveForm?.(def.trigger.form) : undefined });
  const out = inner.map((p) => ({ ...p, pointer: '/definition' + p.pointer }));

  if (template.mandatory && def.kind !== 'workflow') {
    out.push(problem('/mandatory', 'mandatory_not_workflow', 'Only a workflow template can be mandatory.', '只有流程模板可以设为强制。'));
  }
  const fieldKeys = new Set(def.kind === 'form' ? def.fields.map((f) => f.key) : []);
  const sectionIds = new Set(def.kind === 'form' ? (def.sections ?? []).map((s) => s.id) : []);
  const ruleIds = new Set(def.kind === 'form' ? (def.rules ?? []).map((r) => r.id) : []);
  const nodeIds = new Set(def.kind === 'workflow' ? def.nodes.map((n) => n.id) : []);
  const edgeIds = new Set(def.kind === 'workflow' ? def.edges.map((e) => e.id) : []);
  const missing = (at: string, what: string, zh: string, id: string) =>
    out.push(problem(at, 'lock_target_missing', `The lock names ${what} "${id}", which the definition does not have; remove the lock or fix the name.`, `锁定项指向的${zh}"${id}"在定义中不存在，请删除该锁定或更正名称。`, { id }));

  template.locks.forEach((lock, i) => {
    const at = pointer('locks', i);
    switch (lock.element) {
      case 'field':
        if (!fieldKeys.has(lock.key)) missing(`${at}/key`, 'field', '字段', lock.key);
        break;
      case 'section':
        if (!sectionIds.has(lock.id)) missing(`${at}/id`, 'section', '分组', lock.id);
        break;
      case 'rule':
        if (!ruleIds.has(lock.id)) missing(`${at}/id`, 'rule', '规则', lock.id);
        break;
      case 'node':
        if (!nodeIds.has(lock.id)) missing(`${at}/id`, 'node', '节点', lock.id);
        break;
      case 'edge':
        if (!edgeIds.has(lock.id)) missing(`${at}/id`, 'edge', '连线', lock.id);
        break;
      case 'trigger':
        if (def.kind !== 'workflow') out.push(problem(at, 'lock_target_missing', 'Only a workflow has a trigger to lock.', '只有流程有可锁定的触发器。'));
        break;
    }
  });

  (template.extensions?.options ?? []).forEach((key, i) => {
    const field = def.kind === 'form' ? def.fields.find((f) => f.key === key) : undefined;
    if (!field || (field.type !== 'select' && field.type !== 'multi-select')) {
      out.push(problem(pointer('extensions', 'options', i), 'not_a_select', `"${key}" is not a select field of this form; only select fields can take new options.`, `"${key}" 不是此表单的选择字段；只有选择字段可以增加选项。`, { key }));
    }
  });
  (template.extensions?.points ?? []).forEach((point, i) => {
    if (def.kind !== 'workflow' || !nodeIds.has(point.node)) {
      out.push(problem(pointer('extensions', 'points', i, 'node'), 'extension_point_missing', `Extension point "${point.id}" names node "${point.node}", which the workflow does not have.`, `扩展点"${point.id}"指向的节点"${point.node}"在流程中不存在。`, { id: point.id }));
    }
  });
  return out;
}


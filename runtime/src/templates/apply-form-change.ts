/**
 * Applying one form change of an overlay (fields, options, sections, rules) to a
 * draft definition that the caller owns. A change that names a missing element, or
 * would duplicate a key, is returned as a problem and changes nothing.
 */
import { problem, type FormDefinition, type FormField, type OverlayChange, type Problem, type SelectOption } from '@branchline/schemas';
import { clone, type JsonRecord } from './json';
import { insertAfter } from './order';
import { patched } from './patch';

export type FormChange = Extract<OverlayChange, { type: `field.${string}` | `option.${string}` | `section.${string}` | `rule.${string}` }>;

const notFound = (at: string, what: 'field' | 'section' | 'rule' | 'column', id: string): Problem => {
  const zh = { field: '字段', section: '分组', rule: '规则', column: '列' }[what];
  return problem(at, `${what}_not_found`, `There is no ${what} "${id}" to change; it may have been removed or renamed.`, `没有可修改的${zh}"${id}"，它可能已被删除或改名。`, { [what === 'field' || what === 'column' ? 'key' : 'id']: id });
};
const duplicate = (at: string, what: 'field' | 'section' | 'rule', id: string): Problem => {
  const zh = { field: '字段', section: '分组', rule: '规则' }[what];
  return problem(at, what === 'field' ? 'duplicate_key' : 'duplicate_id', `There is already a ${what} "${id}"; choose another ${what === 'field' ? 'key' : 'id'}.`, `已存在${zh}"${id}"，请换一个${what === 'field' ? '键' : '标识'}。`, { [what === 'field' ? 'key' : 'id']: id });
};
const anchorMissing = (at: string, id: string): Problem =>
  problem(at, 'anchor_not_found', `"${id}" is not on the form, so nothing can be placed after it.`, `表单中没有"${id}"，无法放在它之后。`, { after: id });

/** Apply a field, option, section or rule change to `draft` (mutated). */
export function applyFormChange(draft: FormDefinition, change: FormChange, at: string): Problem | undefined {
  switch (change.type) {
    case 'field.add':
      if (draft.fields.some((f) => f.key === change.field.key)) return duplicate(`${at}/field/key`, 'field', change.field.key);
      return insertAfter(draft.fields, clone(change.field), change.after, (f) => f.key) ? undefined : anchorMissing(`${at}/after`, String(change.after));
    case 'field.update':
      return updateField(draft, change, at);
    case 'field.remove': {
      const i = draft.fields.findIndex((f) => f.key === change.key);
      if (i < 0) return notFound(`${at}/key`, 'field', change.key);
      draft.fields.splice(i, 1);
      return undefined;
    }
    case 'field.move':
      return move(draft.fields, change.key, change.after, (f) => f.key, at, 'field');
    case 'option.add':
      return addOption(draft, change, at);
    case 'section.add': {
      const sections = (draft.sections ??= []);
      if (sections.some((s) => s.id === change.section.id)) return duplicate(`${at}/section/id`, 'section', change.section.id);
      return insertAfter(sections, clone(change.section), change.after, (s) => s.id) ? undefined : anchorMissing(`${at}/after`, String(change.after));
    }
    case 'section.update':
      return updateById(draft.sections, change.id, change, at, 'section');
    case 'section.remove':
      return removeById(draft.sections, change.id, at, 'section');
    case 'section.move':
      return move(draft.sections ?? [], change.id, change.after, (s) => s.id, at, 'section');
    case 'rule.add': {
      const rules = (draft.rules ??= []);
      if (rules.some((r) => r.id === change.rule.id)) return duplicate(`${at}/rule/id`, 'rule', change.rule.id);
      rules.push(clone(change.rule));
      return undefined;
    }
    case 'rule.update':
      return updateById(draft.rules, change.id, change, at, 'rule');
    case 'rule.remove':
      return removeById(draft.rules, change.id, at, 'rule');
  }
}

function updateField(draft: FormDefinition, change: Extract<FormChange, { type: 'field.update' }>, at: string): Problem | undefined {
  const i = draft.fields.findIndex((f) => f.key === change.key);
  if (i < 0) return notFound(`${at}/key`, 'field', change.key);
  const next = patched(draft.fields[i] as JsonRecord, change, at);
  if ('problem' in next) return next.problem;
  const key = next.value.key;
  if (typeof key !== 'string') return problem(`${at}/unset`, 'key_required', 'A field must keep a key.', '字段必须有键。');
  if (key !== change.key && draft.fields.some((f) => f.key === key)) return duplicate(`${at}/set/key`, 'field', key);
  draft.fields[i] = next.value as FormField;
  return undefined;
}

function updateById<T extends { id: string }>(list: T[] | undefined, id: string, patch: { set: Record<string, unknown>; unset?: string[] }, at: string, what: 'section' | 'rule'): Problem | undefined {
  const i = list ? list.findIndex((x) => x.id === id) : -1;
  if (!list || i < 0) return notFound(`${at}/id`, what, id);
  const next = patched(list[i] as unknown as JsonRecord, patch, at);
  if ('problem' in next) return next.problem;
  const newId = next.value.id;
  if (typeof newId !== 'string') return problem(`${at}/unset`, 'id_required', `A ${what} must keep its id.`, '必须保留标识。');
  if (newId !== id && list.some((x) => x.id === newId)) return duplicate(`${at}/set/id`, what, newId);
  list[i] = next.value as unknown as T;
  return undefined;
}

function removeById<T extends { id: string }>(list: T[] | undefined, id: string, at: string, what: 'section' | 'rule'): Problem | undefined {
  const i = list ? list.findIndex((x) => x.id === id) : -1;
  if (!list || i < 0) return notFound(`${at}/id`, what, id);
  list.splice(i, 1);
  return undefined;
}

function move<T>(list: T[], id: string, after: string | null, idOf: (x: T) => string, at: string, what: 'field' | 'section'): Problem | undefined {
  const i = list.findIndex((x) => idOf(x) === id);
  if (i < 0) return notFound(`${at}/${what === 'field' ? 'key' : 'id'}`, what, id);
  if (after === id) return problem(`${at}/after`, 'bad_anchor', `"${id}" cannot be placed after itself.`, `"${id}"不能放在它自己之后。`, { after });
  if (after !== null && !list.some((x) => idOf(x) === after)) return anchorMissing(`${at}/after`, after);
  const [item] = list.splice(i, 1);
  insertAfter(list, item!, after, idOf);
  return undefined;
}

function addOption(draft: FormDefinition, change: Extract<FormChange, { type: 'option.add' }>, at: string): Problem | undefined {
  const i = draft.fields.findIndex((f) => f.key === change.field);
  if (i < 0) return notFound(`${at}/field`, 'field', change.field);
  const field = clone(draft.fields[i]!);
  let holder: { type: string; options?: SelectOption[] } = field;
  if (change.column !== undefined) {
    if (field.type !== 'table') return problem(`${at}/column`, 'not_a_table', `"${change.field}" is not a table, so it has no column "${change.column}".`, `"${change.field}"不是表格，没有列"${change.column}"。`, { key: change.field });
    const column = field.columns.find((c) => c.key === change.column);
    if (!column) return notFound(`${at}/column`, 'column', change.column);
    holder = column;
  }
  if ((holder.type !== 'select' && holder.type !== 'multi-select') || !holder.options) {
    const name = change.column ?? change.field;
    return problem(`${at}/${change.column !== undefined ? 'column' : 'field'}`, 'not_a_select', `"${name}" is not a select field; only select fields have options.`, `"${name}"不是选择字段，只有选择字段才有选项。`, { key: name });
  }
  if (holder.options.some((o) => o.value === change.option.value)) {
    return problem(`${at}/option/value`, 'option_exists', `Option "${change.option.value}" already exists.`, `选项"${change.option.value}"已存在。`, { value: change.option.value });
  }
  holder.options.push(clone(change.option));
  draft.fields[i] = field;
  return undefined;
}

/**
 * Errors raised inside expression functions, and the business names of CEL types
 * used in messages. Evaluation turns every error into a {@link Problem}; nothing
 * thrown here escapes `evaluate`.
 */
import type { LocalizedMessage } from '@branchline/schemas';

/** A function refused its input (e.g. `date("next week")`, `avg([])`). */
export class ExpressionFunctionError extends Error {
  constructor(
    readonly code: string,
    readonly localized: LocalizedMessage,
  ) {
    super(localized.en);
    this.name = 'ExpressionFunctionError';
  }
}

/** Throw a function error in both languages. */
export function fail(code: string, en: string, zh: string): never {
  throw new ExpressionFunctionError(code, { 'zh-CN': zh, en });
}

export const TIMESTAMP = 'google.protobuf.Timestamp';
export const DURATION = 'google.protobuf.Duration';

/** What a business user calls a CEL type, in both languages. */
export function typeLabel(celType: string, objectLabels?: ReadonlyMap<string, LocalizedMessage>): LocalizedMessage {
  const list = /^list<(.+)>$/.exec(celType);
  if (list) {
    const of = typeLabel(list[1]!, objectLabels);
    return { 'zh-CN': `${of['zh-CN']}列表`, en: `list of ${of.en}` };
  }
  if (celType === 'list') return { 'zh-CN': '列表', en: 'list' };
  if (/^map(<.*>)?$/.test(celType)) return { 'zh-CN': '对象', en: 'object' };
  switch (celType) {
    case 'double':
    case 'int':
    case 'uint':
      return { 'zh-CN': '数字', en: 'number' };
    case 'string':
      return { 'zh-CN': '文本', en: 'text' };
    case 'bool':
      return { 'zh-CN': '是/否', en: 'yes/no' };
    case TIMESTAMP:
      return { 'zh-CN': '日期时间', en: 'date/time' };
    case DURATION:
      return { 'zh-CN': '时长', en: 'duration' };
    case 'null':
    case 'null_type':
      return { 'zh-CN': '空值', en: 'null' };
    case 'dyn':
      return { 'zh-CN': '任意值', en: 'any value' };
    default:
      return objectLabels?.get(celType) ?? { 'zh-CN': '对象', en: 'object' };
  }
}

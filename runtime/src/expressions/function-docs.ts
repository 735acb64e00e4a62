/**
 * Every function an expression may call, as data for the editor's autocomplete and
 * for docs/expressions.md. This list is also the allowlist: a name not here is
 * refused at design time (see guard.ts).
 */
import type { LocalizedMessage } from '@branchline/schemas';

export interface ExpressionFunctionDoc {
  /** Name as written: `sum`, or the method name `contains` (called as `text.contains(…)`). */
  readonly name: string;
  /** `function` is called as `f(x)`, `method` as `x.f()`, `macro` as `list.f(item, …)`. */
  readonly kind: 'function' | 'method' | 'macro';
  readonly category: 'number' | 'list' | 'date' | 'text' | 'logic' | 'conversion';
  /** Signature in business types, e.g. `days_between(a: date, b: date) → number`. */
  readonly signature: string;
  readonly description: LocalizedMessage;
  /** A complete expression a business user could write. */
  readonly example: string;
}

const d = (
  name: string,
  kind: ExpressionFunctionDoc['kind'],
  category: ExpressionFunctionDoc['category'],
  signature: string,
  en: string,
  zh: string,
  example: string,
): ExpressionFunctionDoc => ({ name, kind, category, signature, description: { 'zh-CN': zh, en }, example });

export const EXPRESSION_FUNCTIONS: readonly ExpressionFunctionDoc[] = [
  d('sum', 'function', 'list', 'sum(numbers: list of number) → number', 'Adds up a list of numbers; 0 for an empty list.', '对数字列表求和；空列表为 0。', 'sum(lines.map(l, l.quantity * l.unit_price))'),
  d('count', 'function', 'list', 'count(items: list) → number', 'How many items a list has.', '列表中的项数。', 'count(lines.filter(l, l.discount_pct > 10))'),
  d('min', 'function', 'list', 'min(numbers: list of number) → number · min(a, b) → number', 'The smallest number of a list (which must not be empty), or of two numbers.', '列表（不能为空）或两个数中的最小值。', 'min(lines.map(l, l.unit_price))'),
  d('max', 'function', 'list', 'max(numbers: list of number) → number · max(a, b) → number', 'The largest number of a list (which must not be empty), or of two numbers.', '列表（不能为空）或两个数中的最大值。', 'max(0, total - 1000)'),
  d('avg', 'function', 'list', 'avg(numbers: list of number) → number', 'The average of a list of numbers (which must not be empty).', '数字列表（不能为空）的平均值。', 'avg(lines.map(l, l.discount_pct))'),
  d('round', 'function', 'number', 'round(x: number) → number · round(x, digits) → number', 'Rounds half away from zero, to whole numbers or to `digits` decimals (negative digits round to tens, hundreds …).', '四舍五入到整数，或保留 digits 位小数（负数表示取整到十位、百位……）。', 'round(total * 0.13, 2)'),
  d('abs', 'function', 'number', 'abs(x: number) → number', 'The absolute value.', '绝对值。', 'abs(arr_growth) > 20'),
  d('clamp', 'function', 'number', 'clamp(x, lo, hi) → number', 'Keeps x between lo and hi.', '把 x 限制在 lo 与 hi 之间。', 'clamp(discount_pct, 0, 30)'),
  d('now', 'function', 'date', 'now() → date/time', 'The current time (from the server clock; fixed during one evaluation).', '当前时间（来自服务器时钟；同一次计算中不变）。', 'days_between(signed_on, now()) > 30'),
  d('date', 'function', 'date', 'date(text) → date/time · date(t: date/time) → date/time', 'Reads a date (2026-11-26) or date-time (2026-11-26T08:00:00+08:00); given a date/time, gives the start of its day (UTC).', '读取日期（2026-11-26）或日期时间（2026-11-26T08:00:00+08:00）；传入日期时间时取当天零点（UTC）。', 'close_date < date("2026-12-31")'),
  d('days_between', 'function', 'date', 'days_between(a: date, b: date) → number', 'Days from a to b (negative when b is earlier; fractions for date-times).', '从 a 到 b 的天数（b 更早时为负数；日期时间可有小数）。', 'days_between(created_at, now()) >= 7'),
  d('hours_between', 'function', 'date', 'hours_between(a: date, b: date) → number', 'Hours from a to b (negative when b is earlier).', '从 a 到 b 的小时数（b 更早时为负数）。', 'hours_between(created_at, now()) > 24'),
  d('add_days', 'function', 'date', 'add_days(t: date, days: number) → date/time', 'The date/time `days` days after t (before it when negative).', 't 之后 days 天的日期时间（负数表示之前）。', 'add_days(signed_on, 30)'),
  d('add_hours', 'function', 'date', 'add_hours(t: date, hours: number) → date/time', 'The date/time `hours` hours after t.', 't 之后 hours 小时的日期时间。', 'add_hours(created_at, tier == "S" ? 1 : 24)'),
  d('contains', 'method', 'text', 'text.contains(part: text) → yes/no', 'Whether the text contains part.', '文本是否包含 part。', 'company_name.contains("机械")'),
  d('startsWith', 'method', 'text', 'text.startsWith(prefix: text) → yes/no', 'Whether the text starts with prefix.', '文本是否以 prefix 开头。', 'tax_id.startsWith("91")'),
  d('endsWith', 'method', 'text', 'text.endsWith(suffix: text) → yes/no', 'Whether the text ends with suffix.', '文本是否以 suffix 结尾。', 'email.endsWith("@example.com")'),
  d('lowerAscii', 'method', 'text', 'text.lowerAscii() → text', 'The text in lower case (Latin letters).', '转为小写（拉丁字母）。', 'region.lowerAscii() == "east"'),
  d('upperAscii', 'method', 'text', 'text.upperAscii() → text', 'The text in upper case (Latin letters).', '转为大写（拉丁字母）。', 'currency.upperAscii() == "CNY"'),
  d('trim', 'method', 'text', 'text.trim() → text', 'The text without leading and trailing spaces.', '去掉首尾空格。', 'contact_name.trim() != ""'),
  d('substring', 'method', 'text', 'text.substring(start) · text.substring(start, end) → text', 'Part of the text, counting characters from 0.', '取文本的一部分，从 0 开始计数。', 'tax_id.substring(0, 2) == "91"'),
  d('indexOf', 'method', 'text', 'text.indexOf(part: text) → number', 'Where part first occurs in the text (from 0), or -1.', 'part 在文本中首次出现的位置（从 0 开始），没有则为 -1。', 'notes.indexOf("urgent") >= 0'),
  d('size', 'function', 'list', 'size(x: text or list) → number', 'Length of a text (characters) or of a list (items); also written x.size().', '文本的字符数或列表的项数；也可写作 x.size()。', 'size(lines) <= 20'),
  d('has', 'function', 'logic', 'has(record.field) → yes/no', 'Whether an object has a value for a field.', '对象的某个字段是否有值。', 'has(record.discount_pct)'),
  d('map', 'macro', 'list', 'list.map(item, expression) → list', 'A new list with expression computed for each item.', '对每一项计算表达式，得到新列表。', 'lines.map(l, l.quantity * l.unit_price)'),
  d('filter', 'macro', 'list', 'list.filter(item, condition) → list', 'The items for which condition holds.', '满足条件的项。', 'lines.filter(l, l.discount_pct > 10)'),
  d('all', 'macro', 'list', 'list.all(item, condition) → yes/no', 'Whether condition holds for every item (yes for an empty list).', '是否每一项都满足条件（空列表为是）。', 'lines.all(l, l.quantity >= 1)'),
  d('exists', 'macro', 'list', 'list.exists(item, condition) → yes/no', 'Whether condition holds for at least one item.', '是否至少有一项满足条件。', 'lines.exists(l, l.discount_pct > 20)'),
  d('exists_one', 'macro', 'list', 'list.exists_one(item, condition) → yes/no', 'Whether condition holds for exactly one item.', '是否恰好有一项满足条件。', 'lines.exists_one(l, l.is_main)'),
  d('string', 'function', 'conversion', 'string(x) → text', 'A number, yes/no or text as text.', '把数字、是/否或文本转为文本。', '"Q-" + string(quote_no)'),
  d('double', 'function', 'conversion', 'double(x) → number', 'A whole number or a numeric text as a decimal number.', '把整数或数字文本转为小数。', 'double(size(lines)) / 2'),
  d('int', 'function', 'conversion', 'int(x) → number', 'A number or numeric text as a whole number (decimals cut off).', '把数字或数字文本转为整数（舍去小数）。', 'int(total / 1000)'),
];

/** Names callable as `f(…)`. */
export const CALLABLE_FUNCTIONS: ReadonlySet<string> = new Set(EXPRESSION_FUNCTIONS.filter((f) => f.kind === 'function').map((f) => f.name));
/** Names callable as `x.f(…)`; `size` is both. */
export const CALLABLE_METHODS: ReadonlySet<string> = new Set([...EXPRESSION_FUNCTIONS.filter((f) => f.kind !== 'function').map((f) => f.name), 'size']);

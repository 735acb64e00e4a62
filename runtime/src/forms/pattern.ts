/**
 * Design-time safety of the regular expressions designers write for text fields.
 * A pattern is refused when it could backtrack catastrophically (ReDoS):
 * a quantified group that contains a quantifier or an alternation (`(a+)+`,
 * `(a|aa)*`, `(\w+\.)+`), a backreference (`\1`), or more than two unbounded
 * quantifiers (`\S+@\S+\.\S+`, cubic). What remains matches in at most quadratic
 * time in the text's length, which the form caps (see json-schema.ts).
 */

export type PatternVerdict = { ok: true } | { ok: false; reason: 'invalid' | 'nested_quantifier' | 'backreference' | 'too_many_quantifiers'; detail?: string };

interface Group {
  quantifiers: number;
  alternation: boolean;
}

/** The quantifier at `i` (`*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, optionally lazy): its length, whether it is unbounded, whether it repeats. */
function quantifierAt(p: string, i: number): { length: number; unbounded: boolean; repeats: boolean } | undefined {
  const c = p[i];
  let length = 0;
  let unbounded = false;
  let repeats = false;
  if (c === '*' || c === '+') [length, unbounded, repeats] = [1, true, true];
  else if (c === '?') length = 1;
  else if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i, i + 24));
    if (!m) return undefined;
    length = m[0].length;
    unbounded = m[2] !== undefined && m[3] === '';
    repeats = unbounded || Number(m[3] ?? m[1]) > 1;
  } else return undefined;
  if (p[i + length] === '?') length++;
  return { length, unbounded, repeats };
}

/** Index just after the escape, character class or plain character at `i`. */
function atomEnd(p: string, i: number): number {
  if (p[i] === '\\') {
    if ('pPu'.includes(p[i + 1] ?? '') && p[i + 2] === '{') return p.indexOf('}', i) + 1 || p.length;
    return i + 2;
  }
  if (p[i] !== '[') return i + 1;
  for (let j = i + 1; j < p.length; j++) {
    if (p[j] === '\\') j++;
    else if (p[j] === ']' && j > i + 1) return j + 1;
  }
  return p.length;
}

/** Length of a group's opening: `(`, `(?:`, `(?=`, `(?!`, `(?<=`, `(?<!`, `(?<name>`. */
function groupOpening(p: string, i: number): number {
  if (p[i + 1] !== '?') return 1;
  if (p[i + 2] === '<' && p[i + 3] !== '=' && p[i + 3] !== '!') return p.indexOf('>', i) - i + 1;
  return p[i + 2] === '<' ? 4 : 3;
}

/**
 * Whether a pattern compiles (as ajv compiles it, with the `u` flag) and is safe.
 * @example checkPattern('^(a+)+$') // → { ok: false, reason: 'nested_quantifier' }
 * @example checkPattern('^1[3-9]\\d{9}$') // → { ok: true }
 */
export function checkPattern(pattern: string): PatternVerdict {
  try {
    new RegExp(pattern, 'u');
  } catch (error) {
    return { ok: false, reason: 'invalid', detail: error instanceof Error ? error.message : String(error) };
  }
  if (/\\[1-9]|\\k</.test(pattern)) return { ok: false, reason: 'backreference' };
  const stack: Group[] = [{ quantifiers: 0, alternation: false }];
  let unbounded = 0;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '(') {
      stack.push({ quantifiers: 0, alternation: false });
      i += groupOpening(pattern, i);
      continue;
    }
    if (c === '|') {
      stack[stack.length - 1]!.alternation = true;
      i++;
      continue;
    }
    const group = c === ')' ? (stack.length > 1 ? stack.pop()! : { quantifiers: 0, alternation: false }) : undefined;
    const end = group ? i + 1 : atomEnd(pattern, i);
    const top = stack[stack.length - 1]!;
    const q = quantifierAt(pattern, end);
    if (q) {
      if (group && q.repeats && (group.quantifiers > 0 || group.alternation)) return { ok: false, reason: 'nested_quantifier' };
      top.quantifiers++;
      if (q.unbounded) unbounded++;
    }
    if (group) {
      top.quantifiers += group.quantifiers;
      top.alternation ||= group.alternation;
    }
    i = end + (q?.length ?? 0);
  }
  return unbounded > 2 ? { ok: false, reason: 'too_many_quantifiers' } : { ok: true };
}

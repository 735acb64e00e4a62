import { Type, type Static } from '@sinclair/typebox';
import { LocalizedText, StringEnum } from './common';

/**
 * A problem in something a person wrote (a definition, an overlay, a submission).
 * Problems are data: returned, never thrown. `pointer` is an RFC 6901 JSON pointer
 * into the document checked; `code` is stable for programs; `message` says, in
 * zh-CN and en, what to fix.
 */
export const Problem = Type.Object(
  {
    pointer: Type.String(),
    code: Type.String(),
    message: Type.Object({ 'zh-CN': Type.String(), en: Type.String() }, { additionalProperties: false }),
    severity: Type.Optional(StringEnum(['error', 'warning'])),
    params: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);
export type Problem = Static<typeof Problem>;
export type LocalizedMessage = Problem['message'];
export { LocalizedText };

/** Build a problem; `params` are kept for programs and tests. */
export function problem(pointer: string, code: string, en: string, zh: string, params?: Record<string, unknown>): Problem {
  return params ? { pointer, code, message: { 'zh-CN': zh, en }, params } : { pointer, code, message: { 'zh-CN': zh, en } };
}

/** Escape one reference token for a JSON pointer (RFC 6901). */
export function escapePointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Join reference tokens into a JSON pointer: `pointer('fields', 2, 'key')` → `/fields/2/key`. */
export function pointer(...tokens: (string | number)[]): string {
  return tokens.map((t) => '/' + escapePointerToken(t)).join('');
}

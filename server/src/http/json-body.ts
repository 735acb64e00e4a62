/**
 * The JSON body parser: strict UTF-8 decoding, JSON.parse, then one pass that refuses
 * nesting deeper than {@link MAX_DEPTH} and keys that could reach an object's prototype.
 * Only application/json is read; any other content type is refused with 400. Bytes that
 * are not UTF-8 are refused too, rather than stored as U+FFFD: nothing a client sends is
 * silently changed.
 */
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error';

export const MAX_DEPTH = 64;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** An unpaired UTF-16 surrogate: JSON's `\ud800` escape allows it, but it is not text and UTF-8 storage cannot keep it. */
const LONE_SURROGATE = /\p{Cs}/u;
/** Stands in for LONE_SURROGATE when no string can hold one. */
const NEVER = { test: (_s: string) => false };
const notText = () => new AppError('malformed_json', { detail: 'A string holds an unpaired surrogate (\\ud800–\\udfff), which is not text.' });

/**
 * Throw for too deep nesting, a `__proto__` / `constructor.prototype` key, or a string
 * (value or key) with an unpaired surrogate — stored as UTF-8 it would come back changed,
 * so e.g. an audit entry naming it could no longer be verified. Iterative, so deep input
 * cannot overflow the stack.
 */
export function checkParsedBody(value: unknown, escapes = true): void {
  // `escapes` false: the JSON text had no `\u` escape, and strictly decoded UTF-8 holds no lone surrogate, so no string can.
  const surrogates = escapes ? LONE_SURROGATE : NEVER;
  if (typeof value === 'string' && surrogates.test(value)) throw notText();
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > MAX_DEPTH) throw new AppError('body_too_deep', { detail: `Nest at most ${MAX_DEPTH} levels.` });
    if (Array.isArray(v)) {
      for (const x of v) {
        if (typeof x === 'object' && x !== null) stack.push([x, depth + 1]);
        else if (typeof x === 'string' && surrogates.test(x)) throw notText();
      }
      continue;
    }
    for (const key of Object.keys(v)) {
      const x = (v as Record<string, unknown>)[key];
      if (key === '__proto__' || (key === 'constructor' && typeof x === 'object' && x !== null && 'prototype' in x)) throw new AppError('forbidden_key');
      if (surrogates.test(key)) throw notText();
      if (typeof x === 'object' && x !== null) stack.push([x, depth + 1]);
      else if (typeof x === 'string' && surrogates.test(x)) throw notText();
    }
  }
}

export function installJsonBody(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => {
    let text: string;
    try {
      text = UTF8.decode(body as Buffer);
    } catch {
      return done(new AppError('malformed_json', { detail: 'The body is not valid UTF-8.' }), undefined);
    }
    if (text.length === 0 || /^\s*$/.test(text)) return done(new AppError('empty_body'), undefined);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return done(new AppError('malformed_json'), undefined);
    }
    try {
      checkParsedBody(value, text.includes('\\u'));
    } catch (e) {
      return done(e as Error, undefined);
    }
    done(null, value);
  });
}

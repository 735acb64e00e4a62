/**
 * Every error leaves as RFC 9457 `application/problem+json`. Client mistakes map to 4xx
 * from the error catalogue; anything else is logged and answered with a bare 500 that
 * reveals nothing of the server.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ajvErrorsToProblems, type Problem } from '@branchline/schemas';
import type { ProblemDetails, ProblemItem } from '@branchline/schemas';
import type { ErrorObject } from 'ajv';
import { ERRORS, type ErrorCode } from '../errors/catalogue';
import { AppError, isAppError, type LocatedProblem, type ProblemPart } from '../errors/app-error';

export type Lang = 'zh-CN' | 'en';

/** The language a request asks for: zh-CN when Accept-Language starts with zh, else en. */
export function langOf(req: FastifyRequest): Lang {
  const h = req.headers['accept-language'];
  return typeof h === 'string' && /^\s*zh/i.test(h) ? 'zh-CN' : 'en';
}

export function toProblemItem(p: LocatedProblem, lang: Lang): ProblemItem {
  const item: ProblemItem = { pointer: p.pointer, code: p.code, message: p.message[lang] ?? p.message.en, messages: p.message };
  if (p.in && p.in !== 'body') item.in = p.in;
  if (p.params) item.params = p.params;
  return item;
}

export function problemBody(code: ErrorCode, req: FastifyRequest, problems: readonly LocatedProblem[] = [], detail?: string): ProblemDetails {
  const spec = ERRORS[code];
  const lang = langOf(req);
  const body: ProblemDetails = {
    type: `https://branchline.dev/problems/${code.replace(/_/g, '-')}`,
    title: lang === 'zh-CN' ? spec.zh : spec.en,
    status: spec.status,
    code,
    instance: req.url.split('?')[0],
  };
  if (detail) body.detail = detail;
  if (problems.length) body.errors = problems.map((p) => toProblemItem(p, lang));
  return body;
}

export function sendProblem(reply: FastifyReply, code: ErrorCode, problems: readonly LocatedProblem[] = [], detail?: string): FastifyReply {
  const body = problemBody(code, reply.request, problems, detail);
  return reply.code(body.status).type('application/problem+json; charset=utf-8').serializer(JSON.stringify).send(body);
}

const PART: Record<string, ProblemPart> = { body: 'body', querystring: 'query', params: 'params', headers: 'headers' };

/** Fastify's own error codes for requests it could not read, mapped to our catalogue. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'empty_body',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_ASYNC_CONSTRAINT: 'bad_request',
  FST_ERR_BAD_URL: 'bad_request',
  FST_ERR_INVALID_URL: 'bad_request',
};

function validationProblems(err: FastifyError): LocatedProblem[] {
  const part = PART[err.validationContext ?? 'body'] ?? 'body';
  const problems: Problem[] = ajvErrorsToProblems((err.validation ?? []) as ErrorObject[]);
  return problems.map((p) => (part === 'body' ? p : { ...p, in: part }));
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (isAppError(err)) return sendProblem(reply, err.code, err.problems, err.detail);
    if (err.validation) return sendProblem(reply, 'validation_failed', validationProblems(err));
    const mapped = err.code ? FASTIFY_CODES[err.code] : undefined;
    if (mapped) return sendProblem(reply, mapped);
    if (err instanceof SyntaxError) return sendProblem(reply, 'malformed_json');
    const status = err.statusCode ?? 500;
    if (status === 429) return sendProblem(reply, 'rate_limited');
    if (status === 413) return sendProblem(reply, 'payload_too_large');
    if (status >= 400 && status < 500) {
      req.log.info({ err }, 'client error');
      const code: ErrorCode = status === 404 ? 'not_found' : status === 405 ? 'method_not_allowed' : status === 401 ? 'unauthenticated' : status === 403 ? 'forbidden' : 'bad_request';
      return sendProblem(reply, code);
    }
    req.log.error({ err }, 'unhandled error');
    return sendProblem(reply, 'internal');
  });
}

export { AppError };

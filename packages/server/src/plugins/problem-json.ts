import fp from 'fastify-plugin';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CATALOGUE, type ErrorCode, type Problem } from '@parley/protocol';
import { isParleyError } from '@parley/core';

/** Media type of every error body (RFC 9457). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * Codes the server answers with that the §5 catalogue does not hold: failures of the server
 * itself, about which a client can do nothing but retry. Kept apart from `ErrorCode` so core
 * can never throw them.
 */
export type ServerProblemCode = 'INTERNAL_ERROR' | 'SERVICE_UNAVAILABLE';

/** A problem body: a catalogue code, or a server-only one (500/503). */
export type ServerProblem = Omit<Problem, 'code'> & { code: ErrorCode | ServerProblemCode };

const SERVER_PROBLEMS: Record<ServerProblemCode, { status: number; title: string }> = {
  INTERNAL_ERROR: { status: 500, title: 'Internal server error' },
  SERVICE_UNAVAILABLE: { status: 503, title: 'Service unavailable' },
};

/** The documentation URL of a code, used as the problem `type`. */
export function problemType(code: ErrorCode | ServerProblemCode): string {
  return `https://parley.dev/errors/${code}`;
}

/**
 * Builds the problem body of a code. `status` overrides the catalogue status only where the
 * HTTP meaning differs (an unknown route is a `REQUEST_INVALID` answered with 404).
 *
 * @example
 * ```ts
 * problemOf('ACCOUNT_NOT_FOUND', 'unknown account'); // { status: 404, code: 'ACCOUNT_NOT_FOUND', ... }
 * ```
 */
export function problemOf(
  code: ErrorCode | ServerProblemCode,
  detail?: string,
  status?: number,
): ServerProblem {
  const entry =
    code in ERROR_CATALOGUE ? ERROR_CATALOGUE[code as ErrorCode] : SERVER_PROBLEMS[code as ServerProblemCode];
  return {
    type: problemType(code),
    title: entry.title,
    status: status ?? entry.status,
    detail: detail ?? entry.title,
    code,
  };
}

/** Sends a problem with its status and media type. */
export function sendProblem(reply: FastifyReply, problem: ServerProblem): FastifyReply {
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

/** Brand-side failures whose private `cause` (e.g. RFC 6749 `invalid_grant`) is worth logging. */
const CAUSE_LOGGED: readonly ErrorCode[] = ['IDP_UNAVAILABLE', 'CODE_EXCHANGE_FAILED'];

/** Fastify framework errors (body parsing) and what the client is told. */
const FRAMEWORK_ERRORS: Record<string, [ErrorCode, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: ['REQUEST_TOO_LARGE', 'request body is larger than 64 KB'],
  FST_ERR_CTP_INVALID_JSON_BODY: ['REQUEST_INVALID', 'request body is not valid JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [
    'REQUEST_INVALID',
    'request body is empty but content-type is application/json',
  ],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['REQUEST_INVALID', 'content-type must be application/json'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['REQUEST_INVALID', 'request body size does not match content-length'],
};

/**
 * Maps any error to a problem and logs it. ParleyErrors keep their code, status and (safe)
 * detail; the private cause is logged only for IdP failures. Schema failures name the field,
 * never its value. Anything unexpected is a generic 500, logged with its stack.
 */
export function toProblem(err: unknown, request: FastifyRequest): ServerProblem {
  if (isParleyError(err)) {
    const cause = CAUSE_LOGGED.includes(err.code) ? causeMessage(err.cause) : undefined;
    request.log.info(
      { errorCode: err.code, status: err.status, ...(cause ? { cause } : {}) },
      'request refused',
    );
    return problemOf(err.code, err.detail);
  }
  const fastifyErr = err as Partial<FastifyError> & { validationContext?: string };
  if (Array.isArray(fastifyErr.validation)) {
    request.log.info({ errorCode: 'REQUEST_INVALID' }, 'request failed schema validation');
    return problemOf(
      'REQUEST_INVALID',
      validationDetail(fastifyErr.validation[0], fastifyErr.validationContext),
    );
  }
  const known = fastifyErr.code ? FRAMEWORK_ERRORS[fastifyErr.code] : undefined;
  if (known) {
    request.log.info({ errorCode: known[0], frameworkCode: fastifyErr.code }, 'request refused');
    return problemOf(known[0], known[1]);
  }
  if (
    typeof fastifyErr.statusCode === 'number' &&
    fastifyErr.statusCode >= 400 &&
    fastifyErr.statusCode < 500
  ) {
    request.log.info({ errorCode: 'REQUEST_INVALID', frameworkCode: fastifyErr.code }, 'request refused');
    return problemOf('REQUEST_INVALID', 'request could not be processed');
  }
  const e = err instanceof Error ? err : new Error(String(err));
  // Only name, message and stack: never the whole object, whose own properties may hold a payload.
  request.log.error({ err: { type: e.name, message: e.message, stack: e.stack } }, 'unexpected error');
  return problemOf('INTERNAL_ERROR', 'an unexpected error occurred');
}

interface AjvErrorLike {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** `body.idToken must be string`: where and why, never the value. */
function validationDetail(error: AjvErrorLike | undefined, context = 'request'): string {
  if (!error) return `${context} is invalid`;
  const path = (error.instancePath ?? '').split('/').filter(Boolean).map(safeName).join('.');
  const where = path ? `${context}.${path}` : context;
  const property = error.params?.additionalProperty ?? error.params?.missingProperty;
  if (error.keyword === 'additionalProperties' && typeof property === 'string') {
    return `${where} must not have property "${safeName(property)}"`;
  }
  if (error.keyword === 'required' && typeof property === 'string') {
    return `${where} must have property "${safeName(property)}"`;
  }
  return `${where} ${error.message ?? 'is invalid'}`;
}

/** Field names come from the client: keep them short and printable. */
function safeName(name: string): string {
  return name.replace(/[^\w.-]/g, '?').slice(0, 64);
}

function causeMessage(cause: unknown): string | undefined {
  if (cause instanceof Error) return cause.message;
  return typeof cause === 'string' ? cause : undefined;
}

/**
 * The single ErrorCode → problem+json mapping (DESIGN.md §3, §8): error handler and 404
 * handler of the whole app. Unknown routes answer 404 with `REQUEST_INVALID` (the catalogue has
 * no generic not-found code, and the client's request — its URL — is what is wrong; the
 * domain not-found codes would mislead).
 */
export const problemJsonPlugin = fp(
  async (app) => {
    app.setErrorHandler((err, request, reply) => sendProblem(reply, toProblem(err, request)));
    app.setNotFoundHandler((_request, reply) =>
      sendProblem(reply, problemOf('REQUEST_INVALID', 'no such route (method and path)', 404)),
    );
  },
  { name: 'parley-problem-json' },
);

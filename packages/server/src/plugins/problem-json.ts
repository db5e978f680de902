import fp from 'fastify-plugin';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_CATALOGUE, type ErrorCode, type Problem } from '@parley/protocol';
import { isParleyError } from '@parley/core';

/** Media type of every error body (RFC 9457). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** A problem body (every code, the server's own 500/503 included, is in the catalogue). */
export type ServerProblem = Problem;

/** Seconds a client waits before retrying after a 503 `SERVICE_UNAVAILABLE`. */
export const SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** The documentation URL of a code, used as the problem `type`. */
export function problemType(code: ErrorCode): string {
  return `https://parley.dev/errors/${code}`;
}

/**
 * Builds the problem body of a code. `status` overrides the catalogue status only where a
 * protocol pins another one (back-channel logout answers token failures with 400).
 *
 * @example
 * ```ts
 * problemOf('ACCOUNT_NOT_FOUND', 'unknown account'); // { status: 404, code: 'ACCOUNT_NOT_FOUND', ... }
 * ```
 */
export function problemOf(code: ErrorCode, detail?: string, status?: number): ServerProblem {
  const entry = ERROR_CATALOGUE[code];
  return {
    type: problemType(code),
    title: entry.title,
    status: status ?? entry.status,
    detail: detail ?? entry.title,
    code,
  };
}

/** Sends a problem with its status and media type (and `Retry-After` on a 503). */
export function sendProblem(reply: FastifyReply, problem: ServerProblem): FastifyReply {
  if (problem.status === 503) reply.header('retry-after', String(SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS));
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

/**
 * Socket-level codes of a dependency that cannot be reached (PostgreSQL, Redis): the request
 * was fine, so the client is told to retry (503) rather than that Parley has a bug (500).
 */
const DEPENDENCY_DOWN_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE']);

/** Whether `err` (or its cause) says a dependency is unreachable. */
function isDependencyDown(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && DEPENDENCY_DOWN_CODES.has(code)) return true;
    // ioredis with the connection gone and no offline queue
    if (e.name === 'MaxRetriesPerRequestError') return true;
    e = e.cause;
  }
  return false;
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
  if (isDependencyDown(e)) {
    request.log.error({ err: e }, 'dependency unreachable');
    return problemOf('SERVICE_UNAVAILABLE', 'a dependency of the server is unreachable; retry later');
  }
  // the `err` serializer (plugins/logging.ts) keeps name, message, stack and code, never a payload
  request.log.error({ err: e }, 'unexpected error');
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
 * The single ErrorCode → problem+json mapping (docs/protocol.md, docs/architecture.md): error handler and 404
 * handler of the whole app. Unknown routes answer 404 `NOT_FOUND` without echoing the path
 * (it may carry a code or a token in its query).
 */
export const problemJsonPlugin = fp(
  async (app) => {
    app.setErrorHandler((err, request, reply) => sendProblem(reply, toProblem(err, request)));
    app.setNotFoundHandler((_request, reply) =>
      sendProblem(reply, problemOf('NOT_FOUND', 'no such route (method and path)')),
    );
  },
  { name: 'parley-problem-json' },
);

import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';

/** Body and form fields that hold credentials: redacted wherever they appear in a log line. */
export const SECRET_FIELDS = [
  'idToken',
  'code',
  'codeVerifier',
  'sessionToken',
  'anonymousSessionToken',
  'anonymousRef',
  'logout_token',
  'password',
  'clientSecret',
  'adminApiKey',
  'token',
] as const;

/** Every pino redaction path Parley uses: headers with credentials and the fields above at any of the first three levels. */
export const REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'res.headers["set-cookie"]',
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
];

/** The path of a URL without its query string (popup callbacks carry codes in the query). */
export function pathOnly(url: string): string {
  const at = url.indexOf('?');
  return at === -1 ? url : url.slice(0, at);
}

/** What a logged error becomes: never the error's other own properties. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  /** A `ParleyError` code or a Node.js system code (`ECONNREFUSED`); `code` itself is redacted. */
  errorCode?: string;
  cause?: SerializedError;
}

const MAX_CAUSE_DEPTH = 3;

/**
 * The `err` serializer: name, message, stack, code and the chain of `Error` causes, and
 * nothing else. pino's standard serializer copies every enumerable property, and errors of
 * HTTP clients carry the response (openid-client's `ResponseBodyError` holds the token
 * endpoint's JSON body in `cause`), which may hold tokens. A thrown non-`Error` is logged by
 * its type only, as its value could be anything.
 */
export function serializeError(value: unknown, depth = 0): SerializedError {
  if (!(value instanceof Error)) return { name: 'NonError', message: `a thrown ${typeof value}` };
  const out: SerializedError = { name: value.name, message: value.message };
  if (value.stack !== undefined) out.stack = value.stack;
  const code: unknown = (value as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') out.errorCode = String(code);
  if (value.cause instanceof Error && depth < MAX_CAUSE_DEPTH)
    out.cause = serializeError(value.cause, depth + 1);
  return out;
}

/**
 * Log serializers: requests without query string or headers; responses with their status
 * only; errors (key `err`) through {@link serializeError}.
 */
export const LOG_SERIALIZERS = {
  // defensive: anything logged as `req` passes here, not only Fastify requests
  req: (request: Partial<FastifyRequest>) => ({
    method: request.method,
    url: typeof request.url === 'string' ? pathOnly(request.url) : undefined,
    remoteAddress: request.ip,
  }),
  res: (reply: Partial<FastifyReply>) => ({ statusCode: reply.statusCode }),
  err: (err: unknown) => serializeError(err),
};

/**
 * The server's pino logger: redaction of credentials ({@link REDACT_PATHS}, censor
 * `[redacted]`) and the serializers above, merged over the caller's options. Note: the field
 * name `code` is redacted everywhere, so Parley logs error codes as `errorCode`.
 */
export function createLogger(options: LoggerOptions = {}, stream?: DestinationStream): Logger {
  const extra = Array.isArray(options.redact) ? options.redact : (options.redact?.paths ?? []);
  const merged: LoggerOptions = {
    ...options,
    redact: { paths: [...REDACT_PATHS, ...extra], censor: '[redacted]' },
    serializers: { ...LOG_SERIALIZERS, ...options.serializers },
  };
  return stream ? pino(merged, stream) : pino(merged);
}

/** A caller-made logger, wrapped so Parley's redaction and serializers apply to it too. */
export function hardenLogger(logger: FastifyBaseLogger): FastifyBaseLogger {
  return logger.child(
    {},
    { redact: { paths: [...REDACT_PATHS], censor: '[redacted]' }, serializers: LOG_SERIALIZERS },
  );
}

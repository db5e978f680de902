import { ERROR_CATALOGUE, ERROR_CODES } from '@parley/protocol';

/**
 * JSON Schemas (2020-12 compatible, OpenAPI 3.1) of the HTTP API bodies (docs/protocol.md). Every
 * request body is closed (`additionalProperties: false`).
 */

/** RFC 9457 problem body with Parley's `code`. */
export const problemSchema = {
  type: 'object',
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', enum: ERROR_CODES },
  },
  required: ['type', 'title', 'status', 'detail', 'code'],
} as const;

const STATUS_TEXT: Record<number, string> = {
  400: 'Request invalid',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  413: 'Request too large',
  429: 'Rate limited (`Retry-After` set)',
  500: 'Internal server error',
  502: 'Identity provider unavailable',
  503: 'Service unavailable',
};

/** Problem responses for the given statuses (500 always added), with the codes each may carry. */
export function problemResponses(...statuses: number[]): Record<number, object> {
  const out: Record<number, object> = {};
  for (const status of [...new Set([...statuses, 500])]) {
    const codes = ERROR_CODES.filter((code) => ERROR_CATALOGUE[code].status === status);
    const suffix = codes.length > 0 ? ` (codes: ${codes.join(', ')})` : '';
    out[status] = { ...problemSchema, description: `${STATUS_TEXT[status] ?? 'Error'}${suffix}` };
  }
  return out;
}

/** `:account` path parameter. */
export const accountParams = {
  type: 'object',
  properties: { account: { type: 'string', minLength: 1, maxLength: 64 } },
  required: ['account'],
  additionalProperties: false,
} as const;

/** Path parameters of a route about one consumer of an account. */
export const consumerParams = {
  type: 'object',
  properties: {
    account: { type: 'string', minLength: 1, maxLength: 64 },
    consumerId: { type: 'string', minLength: 1, maxLength: 128 },
  },
  required: ['account', 'consumerId'],
  additionalProperties: false,
} as const;

/** An `Authorization` header that may be absent (its absence is a 401, not a 400). */
export const authorizationHeader = {
  type: 'object',
  properties: { authorization: { type: 'string', maxLength: 8192 } },
} as const;

const isoDate = { type: 'string', format: 'date-time', description: 'ISO 8601 UTC' } as const;

const sessionProperties = {
  consumerId: { type: 'string' },
  sessionToken: {
    type: 'string',
    description: 'Parley session token (Bearer on logout, `auth` frame on WebSocket)',
  },
  expiresAt: isoDate,
  authenticated: { type: 'boolean' },
} as const;

/** `201` of `POST /anonymous`. */
export const anonymousSessionSchema = {
  type: 'object',
  description: 'Anonymous consumer session',
  properties: sessionProperties,
  required: ['consumerId', 'sessionToken', 'expiresAt', 'authenticated'],
} as const;

/** `200` of `POST /authenticate`. */
export const authenticatedSessionSchema = {
  type: 'object',
  description: 'Authenticated consumer session',
  properties: {
    ...sessionProperties,
    consumer: {
      type: 'object',
      properties: { displayName: { type: ['string', 'null'] } },
      required: ['displayName'],
    },
  },
  required: ['consumerId', 'sessionToken', 'expiresAt', 'authenticated', 'consumer'],
} as const;

const openObject = { type: 'object', additionalProperties: true } as const;

/** The verified consumer profile (§4 `profile`). */
export const profileSchema = {
  type: 'object',
  properties: {
    consumerId: { type: 'string' },
    authenticated: { type: 'boolean' },
    issuer: { type: ['string', 'null'] },
    authenticatedAt: { type: ['string', 'null'], format: 'date-time' },
    verified: {
      type: 'object',
      properties: {
        standard: openObject,
        customerInfo: openObject,
        personalInfo: openObject,
        custom: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              claim: { type: 'string' },
              label: { type: 'string' },
              value: {},
              masked: { type: 'boolean' },
            },
            required: ['claim', 'label', 'value', 'masked'],
          },
        },
      },
      required: ['standard', 'customerInfo', 'personalInfo', 'custom'],
    },
    unverified: openObject,
  },
  required: ['consumerId', 'authenticated', 'issuer', 'authenticatedAt', 'verified', 'unverified'],
} as const;

/** Admin consumer view. */
export const adminConsumerSchema = {
  type: 'object',
  properties: {
    consumerId: { type: 'string' },
    issuer: { type: ['string', 'null'] },
    subject: { type: ['string', 'null'] },
    authenticated: { type: 'boolean' },
    claims: openObject,
    sdes: {
      type: 'object',
      properties: { customerInfo: openObject, personalInfo: openObject },
      required: ['customerInfo', 'personalInfo'],
    },
    profile: profileSchema,
    createdAt: isoDate,
    lastAuthenticatedAt: { type: ['string', 'null'], format: 'date-time' },
  },
  required: [
    'consumerId',
    'issuer',
    'subject',
    'authenticated',
    'claims',
    'sdes',
    'profile',
    'createdAt',
    'lastAuthenticatedAt',
  ],
} as const;

/** A session as listed in the admin export (no token: only its server-side record). */
export const sessionRecordSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    authenticated: { type: 'boolean' },
    connectorId: { type: ['string', 'null'] },
    createdAt: isoDate,
    expiresAt: isoDate,
    revokedAt: { type: ['string', 'null'], format: 'date-time' },
  },
  required: ['id', 'authenticated', 'connectorId', 'createdAt', 'expiresAt', 'revokedAt'],
} as const;

/** `204` with no body. */
export const noContent = { type: 'null', description: 'No content' } as const;

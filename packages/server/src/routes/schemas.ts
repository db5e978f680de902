import Type from 'typebox';
import { ERROR_CATALOGUE, ERROR_CODES } from '@parley/protocol';

/**
 * The server's own response schemas (2020-12 compatible, OpenAPI 3.1): problem+json bodies and
 * "no content". Every other wire shape, request or response, is a TypeBox schema of
 * `@parley/protocol` (docs/architecture.md "Protocol schemas").
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

/** `204` with no body. */
export const noContent = Type.Unsafe<undefined>({ type: 'null', description: 'No content' });

/** Query strings and path parameters of the agent conversation reads (docs/realtime.md). */

/** Page size of the agent reads (docs/realtime.md "Agent reads page"). */
export const PAGE_LIMIT = { default: 50, maximum: 200 } as const;
const pageLimit = {
  type: 'integer',
  minimum: 1,
  maximum: PAGE_LIMIT.maximum,
  default: PAGE_LIMIT.default,
} as const;

export const agentConversationsQuery = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['queued', 'active', 'closed', 'open'] },
    mine: { type: 'boolean' },
    limit: pageLimit,
    before: {
      type: 'string',
      minLength: 1,
      maxLength: 128,
      description: 'The `nextBefore` of the previous page',
    },
  },
  additionalProperties: false,
} as const;

export const transcriptParams = {
  type: 'object',
  properties: {
    account: { type: 'string', minLength: 1, maxLength: 64 },
    id: { type: 'string', minLength: 1, maxLength: 128 },
  },
  required: ['account', 'id'],
  additionalProperties: false,
} as const;

export const transcriptQuery = {
  type: 'object',
  properties: {
    before: { type: 'integer', minimum: 1, description: 'Messages with a smaller seq (default: the newest)' },
    afterSeq: {
      type: 'integer',
      minimum: 0,
      description: 'Messages with a greater seq, oldest first (catching up)',
    },
    limit: pageLimit,
  },
  additionalProperties: false,
} as const;

/** JSON Schemas of the conversation/agent HTTP bodies (docs/protocol.md, docs/realtime.md shapes). */
const isoDate = { type: 'string', format: 'date-time', description: 'ISO 8601 UTC' } as const;

export const conversationSchema = {
  type: 'object',
  description: 'A conversation (§4 `conversation`)',
  properties: {
    id: { type: 'string' },
    accountId: { type: 'string' },
    consumerId: { type: 'string' },
    status: { type: 'string', enum: ['queued', 'active', 'closed'] },
    authenticated: { type: 'boolean' },
    agentId: { type: 'string' },
    agentName: { type: 'string' },
    createdAt: isoDate,
    closedAt: isoDate,
  },
  required: ['id', 'accountId', 'consumerId', 'status', 'authenticated', 'createdAt'],
} as const;

export const messageSchema = {
  type: 'object',
  description: 'A message (§4 `message`); `seq` is 1, 2, 3... per conversation',
  properties: {
    id: { type: 'string' },
    seq: { type: 'integer', minimum: 1 },
    from: { type: 'string', enum: ['consumer', 'agent', 'system'] },
    text: { type: 'string' },
    createdAt: isoDate,
    clientMessageId: { type: 'string' },
  },
  required: ['id', 'seq', 'from', 'text', 'createdAt'],
} as const;

export const agentLoginBodySchema = {
  type: 'object',
  properties: {
    email: { type: 'string', minLength: 3, maxLength: 320 },
    password: { type: 'string', minLength: 1, maxLength: 1024 },
  },
  required: ['email', 'password'],
  additionalProperties: false,
} as const;

export const agentLoginResponseSchema = {
  type: 'object',
  description: 'Agent session',
  properties: {
    agentId: { type: 'string' },
    sessionToken: {
      type: 'string',
      description: 'Agent session token (Bearer on agent reads, `auth` frame on the agent WebSocket)',
    },
    expiresAt: isoDate,
    name: { type: 'string', description: "The agent's `agents[].name`" },
    role: { type: 'string', enum: ['agent', 'supervisor', 'admin'] },
  },
  required: ['agentId', 'sessionToken', 'expiresAt'],
} as const;

export const consumerHistorySchema = {
  type: 'object',
  description: 'Every conversation of the consumer (closed ones included), oldest first, with its messages',
  properties: {
    conversations: {
      type: 'array',
      items: {
        ...conversationSchema,
        properties: { ...conversationSchema.properties, messages: { type: 'array', items: messageSchema } },
        required: [...conversationSchema.required, 'messages'],
      },
    },
  },
  required: ['conversations'],
} as const;

/** Page size of the agent reads (docs/realtime.md "Agent reads page"). */
export const PAGE_LIMIT = { default: 50, maximum: 200 } as const;
const pageLimit = {
  type: 'integer',
  minimum: 1,
  maximum: PAGE_LIMIT.maximum,
  default: PAGE_LIMIT.default,
} as const;

export const agentConversationListSchema = {
  type: 'object',
  description: 'One page, newest first',
  properties: {
    conversations: { type: 'array', items: conversationSchema },
    nextBefore: {
      type: 'string',
      description: 'Pass as `before` for the next (older) page; absent on the last page',
    },
  },
  required: ['conversations'],
} as const;

export const transcriptSchema = {
  type: 'object',
  description: 'One page of messages, in `seq` order',
  properties: {
    conversation: conversationSchema,
    messages: { type: 'array', items: messageSchema },
    nextBefore: {
      type: 'integer',
      description: 'Pass as `before` for the older messages; absent when the page starts at seq 1',
    },
    nextAfterSeq: {
      type: 'integer',
      description: 'With `afterSeq`: pass as `afterSeq` for the newer messages; absent when none are left',
    },
  },
  required: ['conversation', 'messages'],
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

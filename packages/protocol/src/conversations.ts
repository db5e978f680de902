/**
 * Conversations and messages (docs/realtime.md §4), in frames and in the REST reads, and agent
 * login: one TypeBox schema per shape (served by the routes, used for their serialization and
 * the OpenAPI document), the TypeScript type of each derived from it.
 */
import Type, { type Static } from 'typebox';
import { isoDate, nullableString, stringEnum } from './schema-kit.ts';

/** §4 `conversation`. */
export const ConversationSchema = Type.Object(
  {
    id: Type.String(),
    accountId: Type.String(),
    consumerId: Type.String(),
    status: stringEnum(['queued', 'active', 'closed']),
    authenticated: Type.Boolean(),
    agentId: Type.Optional(Type.String()),
    /** The accepting agent's `agents[].name` (to consumers only with `showAgentNamesToConsumers`). */
    agentName: Type.Optional(Type.String()),
    createdAt: isoDate,
    /** Present once closed. */
    closedAt: Type.Optional(isoDate),
  },
  { description: 'A conversation (§4 `conversation`)' },
);
export type Conversation = Static<typeof ConversationSchema>;
export type ConversationStatus = Conversation['status'];

/** §4 `message`. */
export const MessageSchema = Type.Object(
  {
    id: Type.String(),
    /** 1, 2, 3... per conversation, without gaps. */
    seq: Type.Integer({ minimum: 1 }),
    from: stringEnum(['consumer', 'agent', 'system']),
    text: Type.String(),
    createdAt: isoDate,
    /** The sender's idempotency key, when it gave one. */
    clientMessageId: Type.Optional(Type.String()),
  },
  { description: 'A message (§4 `message`); `seq` is 1, 2, 3... per conversation' },
);
export type Message = Static<typeof MessageSchema>;
export type MessageAuthor = Message['from'];

export const ConversationWithMessagesSchema = Type.Object({
  ...ConversationSchema.properties,
  messages: Type.Array(MessageSchema),
});
export type ConversationWithMessages = Static<typeof ConversationWithMessagesSchema>;

/** `GET /v1/accounts/{account}/consumer/conversations` (and the admin export). */
export const ConsumerHistoryResponseSchema = Type.Object(
  { conversations: Type.Array(ConversationWithMessagesSchema) },
  {
    description: 'Every conversation of the consumer (closed ones included), oldest first, with its messages',
  },
);
export type ConsumerHistoryResponse = Static<typeof ConsumerHistoryResponseSchema>;

/** `GET /v1/accounts/{account}/agent/conversations`: one page, newest first. */
export const AgentConversationListResponseSchema = Type.Object(
  {
    conversations: Type.Array(ConversationSchema),
    nextBefore: Type.Optional(
      Type.String({ description: 'Pass as `before` for the next (older) page; absent on the last page' }),
    ),
  },
  { description: 'One page, newest first' },
);
export type AgentConversationListResponse = Static<typeof AgentConversationListResponseSchema>;

/** `GET /v1/accounts/{account}/agent/consumers/{consumerId}/conversations`: newest first. */
export const AgentConsumerConversationsResponseSchema = Type.Object({
  conversations: Type.Array(ConversationSchema),
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextCursor: nullableString(),
});
export type AgentConsumerConversationsResponse = Static<typeof AgentConsumerConversationsResponseSchema>;

/** `GET /v1/accounts/{account}/agent/conversations/{id}/messages`. */
export const TranscriptResponseSchema = Type.Object(
  {
    conversation: ConversationSchema,
    messages: Type.Array(MessageSchema),
    nextBefore: Type.Optional(
      Type.Integer({
        description: 'Pass as `before` for the older messages; absent when the page starts at seq 1',
      }),
    ),
    nextAfterSeq: Type.Optional(
      Type.Integer({
        description: 'With `afterSeq`: pass as `afterSeq` for the newer messages; absent when none are left',
      }),
    ),
  },
  { description: 'One page of messages, in `seq` order' },
);
export type TranscriptResponse = Static<typeof TranscriptResponseSchema>;

/** Body of `POST /v1/accounts/{account}/agents/login`. */
export const AgentLoginRequestSchema = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 320 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
export type AgentLoginRequest = Static<typeof AgentLoginRequestSchema>;

export const AgentLoginResponseSchema = Type.Object(
  {
    agentId: Type.String(),
    sessionToken: Type.String({
      description: 'Agent session token (Bearer on agent reads, `auth` frame on the agent WebSocket)',
    }),
    expiresAt: isoDate,
    name: Type.String({ description: "The agent's `agents[].name`, for the workspace header" }),
    role: stringEnum(['agent', 'supervisor', 'admin'], {
      description: 'What the server enforces for this agent; the workspace only lays its lists out by it',
    }),
  },
  { description: 'Agent session' },
);
export type AgentLoginResponse = Static<typeof AgentLoginResponseSchema>;

/**
 * Path parameters, query strings and headers of the HTTP API (docs/protocol.md), one TypeBox
 * schema each: the routes validate with them (query strings coerced, docs/realtime.md) and
 * their handlers get the types from them through Fastify's TypeBox type provider.
 */
import Type from 'typebox';
import { stringEnum } from './schema-kit.ts';

const closed = { additionalProperties: false } as const;
const account = Type.String({ minLength: 1, maxLength: 64 });
const longId = Type.String({ minLength: 1, maxLength: 128 });

/** `:account`. */
export const AccountParamsSchema = Type.Object({ account }, closed);

/** `:account` and `:consumerId`: a route about one consumer of an account. */
export const ConsumerParamsSchema = Type.Object({ account, consumerId: longId }, closed);

/** `:account` and the conversation `:id`. */
export const ConversationParamsSchema = Type.Object({ account, id: longId }, closed);

/** `:account` and `:connector`. */
export const ConnectorParamsSchema = Type.Object(
  { account, connector: Type.String({ minLength: 1, maxLength: 64 }) },
  closed,
);

/** An `Authorization` header that may be absent (its absence is a 401, not a 400). */
export const AuthorizationHeaderSchema = Type.Object({
  authorization: Type.Optional(Type.String({ maxLength: 8192 })),
});

/** Page size of the agent reads (docs/realtime.md "Agent reads page"). */
export const PAGE_LIMIT = { default: 50, maximum: 200 } as const;
const pageLimit = Type.Integer({ minimum: 1, maximum: PAGE_LIMIT.maximum, default: PAGE_LIMIT.default });

/** `GET /v1/accounts/{account}/agent/conversations?status=&mine=&limit=&before=`. */
export const AgentConversationsQuerySchema = Type.Object(
  {
    status: Type.Optional(stringEnum(['queued', 'active', 'closed', 'open'])),
    mine: Type.Optional(Type.Boolean()),
    limit: Type.Optional(pageLimit),
    before: Type.Optional(
      Type.String({ minLength: 1, maxLength: 128, description: 'The `nextBefore` of the previous page' }),
    ),
  },
  closed,
);

/** `GET /v1/accounts/{account}/agent/conversations/{id}/messages?before=&afterSeq=&limit=`. */
export const TranscriptQuerySchema = Type.Object(
  {
    before: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Messages with a smaller seq (default: the newest)' }),
    ),
    afterSeq: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Messages with a greater seq, oldest first (catching up)' }),
    ),
    limit: Type.Optional(pageLimit),
  },
  closed,
);

/** Page size of an agent's read of one consumer's conversations. */
export const CONSUMER_CONVERSATIONS_PAGE_LIMIT = { default: 20, maximum: 100 } as const;

/** `GET /v1/accounts/{account}/agent/consumers/{consumerId}/conversations?limit=&before=`. */
export const ConsumerConversationsQuerySchema = Type.Object(
  {
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: CONSUMER_CONVERSATIONS_PAGE_LIMIT.maximum,
        default: CONSUMER_CONVERSATIONS_PAGE_LIMIT.default,
      }),
    ),
    before: Type.Optional(longId),
  },
  closed,
);

/**
 * Real-time protocol (docs/realtime.md): WebSocket JSON text frames between the server and
 * consumers / agents. This file: the close codes and the server → client frames, one TypeBox
 * schema each with its type derived from it (the client frames are in client-frames.ts).
 */
import Type, { type Static, type TProperties } from 'typebox';
import { ERROR_CODES } from './errors.ts';
import { ConversationSchema, MessageSchema } from './conversations.ts';
import { ConsumerProfileSchema } from './http.ts';
import { stringEnum } from './schema-kit.ts';

/** WebSocket close codes Parley uses. */
export const WS_CLOSE = {
  /** Normal close. */
  NORMAL: 1000,
  /** Server going away (shutdown). */
  GOING_AWAY: 1001,
  /** Frame too large or not JSON text, or over 32 frames / 64 KiB sent before `auth.ok`. */
  POLICY: 1008,
  /** Back-pressure: the client reads too slowly; reconnect and `resume` with the last `seq`. */
  TRY_AGAIN_LATER: 1013,
  /** No valid `auth` in time, bad/revoked/expired session, logout, refused anonymous socket. */
  UNAUTHORIZED: 4401,
} as const;

/** A server frame of `type`; `id` echoes the client frame it answers. */
function frame<T extends string, P extends TProperties>(type: T, properties: P) {
  return Type.Object({ type: Type.Literal(type), ...properties });
}

const id = Type.Optional(Type.String());
const conversationId = Type.String();
const party = stringEnum(['consumer', 'agent']);

export const ConsumerAuthStateSchema = stringEnum(['authenticated', 'anonymous', 'expired', 'logged_out']);
export type ConsumerAuthState = Static<typeof ConsumerAuthStateSchema>;

/** JSON Schema of each server frame, keyed by `type` (`auth.request` is both a client and a server frame). */
export const SERVER_FRAME_SCHEMAS = {
  'auth.ok': frame('auth.ok', {
    consumerId: Type.Optional(Type.String()),
    agentId: Type.Optional(Type.String()),
    authenticated: Type.Boolean(),
    expiresAt: Type.String(),
    id,
  }),
  'message.ack': frame('message.ack', {
    clientMessageId: Type.String(),
    conversationId,
    messageId: Type.String(),
    seq: Type.Integer(),
    id,
  }),
  'message.created': frame('message.created', { conversationId, message: MessageSchema }),
  // `lastSeq`: the highest `seq` of the conversation when the replay ended
  'resume.done': frame('resume.done', { conversationId, lastSeq: Type.Integer(), id }),
  'conversation.opened': frame('conversation.opened', { conversation: ConversationSchema }),
  'conversation.queued': frame('conversation.queued', { conversation: ConversationSchema }),
  'conversation.assigned': frame('conversation.assigned', { conversation: ConversationSchema, id }),
  'conversation.closed': frame('conversation.closed', { conversation: ConversationSchema, id }),
  'auth.request': frame('auth.request', { conversationId, id }),
  typing: frame('typing', { conversationId, from: party }),
  read: frame('read', { conversationId, seq: Type.Integer(), from: party }),
  'session.expiring': frame('session.expiring', { expiresAt: Type.String() }),
  'session.expired': frame('session.expired', {}),
  'consumer.auth_state': frame('consumer.auth_state', {
    consumerId: Type.String(),
    conversationId: Type.Optional(conversationId),
    state: ConsumerAuthStateSchema,
  }),
  'consumer.profile': frame('consumer.profile', { conversationId, profile: ConsumerProfileSchema }),
  error: frame('error', { code: stringEnum(ERROR_CODES), id }),
} as const;

type Schemas = typeof SERVER_FRAME_SCHEMAS;

export type AuthOkFrame = Static<Schemas['auth.ok']>;
export type MessageAckFrame = Static<Schemas['message.ack']>;
export type MessageCreatedFrame = Static<Schemas['message.created']>;
export type ResumeDoneFrame = Static<Schemas['resume.done']>;
export type ConversationOpenedFrame = Static<Schemas['conversation.opened']>;
export type ConversationQueuedFrame = Static<Schemas['conversation.queued']>;
export type ConversationAssignedFrame = Static<Schemas['conversation.assigned']>;
export type ConversationClosedFrame = Static<Schemas['conversation.closed']>;
export type ServerAuthRequestFrame = Static<Schemas['auth.request']>;
export type TypingEventFrame = Static<Schemas['typing']>;
export type ReadEventFrame = Static<Schemas['read']>;
export type SessionExpiringFrame = Static<Schemas['session.expiring']>;
export type SessionExpiredFrame = Static<Schemas['session.expired']>;
export type ConsumerAuthStateFrame = Static<Schemas['consumer.auth_state']>;
export type ConsumerProfileFrame = Static<Schemas['consumer.profile']>;
export type ErrorFrame = Static<Schemas['error']>;

/** Frames both sockets receive. */
type CommonServerFrame =
  | AuthOkFrame
  | MessageAckFrame
  | MessageCreatedFrame
  | ResumeDoneFrame
  | ConversationAssignedFrame
  | ConversationClosedFrame
  | ServerAuthRequestFrame
  | TypingEventFrame
  | ReadEventFrame
  | SessionExpiringFrame
  | SessionExpiredFrame
  | ErrorFrame;
export type ConsumerServerFrame = CommonServerFrame | ConversationOpenedFrame;
export type AgentServerFrame =
  CommonServerFrame | ConversationQueuedFrame | ConsumerAuthStateFrame | ConsumerProfileFrame;
export type ServerFrame = ConsumerServerFrame | AgentServerFrame;

/**
 * Client → server WebSocket frames (docs/realtime.md): one JSON Schema per frame (TypeBox), the
 * TypeScript type of each derived from it, and the server validates frames against the same
 * schema. Every frame has a `type`; it may carry an `id` that the server echoes in its reply.
 */
import Type, { type Static, type TProperties } from 'typebox';

/** Longest message text, in UTF-16 code units. */
export const MAX_MESSAGE_TEXT = 8000;

const frameId = Type.String({ minLength: 1, maxLength: 128 });
const uuidish = Type.String({ minLength: 1, maxLength: 128 });
const seq = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const conversationOnly = { conversationId: uuidish };

/** A closed frame schema: `type` is the constant `type`, `id` is optional everywhere. */
function frame<T extends string, P extends TProperties>(type: T, properties: P) {
  return Type.Object(
    { type: Type.Literal(type), ...properties, id: Type.Optional(frameId) },
    { additionalProperties: false },
  );
}

/**
 * JSON Schema of each client frame, keyed by `type` (closed objects of strings and integers).
 *
 * @example
 * ```ts
 * CLIENT_FRAME_SCHEMAS['message.send'].required; // ['type', 'clientMessageId', 'text']
 * ```
 */
export const CLIENT_FRAME_SCHEMAS = {
  auth: frame('auth', { token: Type.String({ minLength: 1, maxLength: 16384 }) }),
  'message.send': frame('message.send', {
    clientMessageId: uuidish,
    text: Type.String({ minLength: 1, maxLength: MAX_MESSAGE_TEXT }),
    // consumers may omit it (their open conversation, created if none); agents must send it
    conversationId: Type.Optional(uuidish),
  }),
  resume: frame('resume', { conversationId: uuidish, lastSeq: seq }),
  typing: frame('typing', { conversationId: Type.Optional(uuidish) }),
  read: frame('read', { conversationId: uuidish, seq }),
  'conversation.accept': frame('conversation.accept', conversationOnly),
  'conversation.close': frame('conversation.close', conversationOnly),
  'auth.request': frame('auth.request', conversationOnly),
} as const;

type Schemas = typeof CLIENT_FRAME_SCHEMAS;

export type ClientFrameType = keyof Schemas;
export type AuthFrame = Static<Schemas['auth']>;
export type MessageSendFrame = Static<Schemas['message.send']>;
export type ResumeFrame = Static<Schemas['resume']>;
export type TypingFrame = Static<Schemas['typing']>;
export type ReadFrame = Static<Schemas['read']>;
export type ConversationAcceptFrame = Static<Schemas['conversation.accept']>;
export type ConversationCloseFrame = Static<Schemas['conversation.close']>;
export type AuthRequestFrame = Static<Schemas['auth.request']>;

export type ConsumerClientFrame = AuthFrame | MessageSendFrame | ResumeFrame | TypingFrame | ReadFrame;
export type AgentClientFrame =
  ConsumerClientFrame | ConversationAcceptFrame | ConversationCloseFrame | AuthRequestFrame;
export type ClientFrame = AgentClientFrame;

/** Frame types a consumer socket accepts; agents accept every {@link ClientFrameType}. */
export const CONSUMER_FRAME_TYPES: readonly ClientFrameType[] = [
  'auth',
  'message.send',
  'resume',
  'typing',
  'read',
];

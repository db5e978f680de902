import type { WebSocket } from 'ws';
import type { FastifyBaseLogger } from 'fastify';
import {
  ParleyError,
  announceSessionExpired,
  conversationForConsumer,
  sendConsumerMessage,
  topics,
  verifySession,
  type ConsumerActor,
  type RealtimeEvent,
  type SessionRecord,
  type AccountConfig,
} from '@parley/core';
import {
  CONSUMER_FRAME_TYPES,
  WS_CLOSE,
  type AuthFrame,
  type ClientFrame,
  type ServerFrame,
} from '@parley/protocol';
import { Connection } from './connection.ts';
import type { RealtimeContext } from './realtime-context.ts';
import { replayMessages } from './replay-messages.ts';
import { scheduleExpiry } from './schedule-expiry.ts';
import { sendMessageAck } from './send-message-ack.ts';

interface ConsumerState {
  session: SessionRecord;
  actor: ConsumerActor;
}

/** Agent names reach consumers only on accounts with `showAgentNamesToConsumers`. */
function forConsumer(frame: ServerFrame, account: AccountConfig): ServerFrame {
  if (account.showAgentNamesToConsumers || !('conversation' in frame)) return frame;
  if (frame.conversation.agentName === undefined) return frame;
  const { agentName: _hidden, ...conversation } = frame.conversation;
  return { ...frame, conversation } as ServerFrame;
}

/**
 * A consumer socket on `/v1/accounts/{accountId}/consumer/ws` (docs/realtime.md): `auth` with a
 * session token (re-`auth` with a fresh token of the same consumer extends it in place), then
 * `message.send`, `resume`, `typing`, `read`; receives every event of the consumer's
 * conversations; closes 4401 on expiry, logout or revocation.
 */
export function openConsumerSocket(
  ws: WebSocket,
  ctx: RealtimeContext,
  accountId: string,
  log: FastifyBaseLogger,
): Connection {
  let state: ConsumerState | null = null;
  const runtime = ctx.accounts.get(accountId);
  const { conversations: deps } = ctx;

  const onEvent = (connection: Connection) => (event: RealtimeEvent) => {
    if (event.kind === 'frame') return connection.deliver(forConsumer(event.frame, runtime.account));
    if (event.kind !== 'session-ended' || state === null) return;
    const mine = event.sessionIds === 'all' || event.sessionIds.includes(state.session.id);
    // After a step-up the client re-authenticates on this socket with its new token; any other
    // frame meets the revoked session and closes 4401.
    if (mine && event.reason !== 'step-up') connection.close(WS_CLOSE.UNAUTHORIZED, 'session ended');
  };

  /** The live session, re-read so a revocation this node missed still closes the socket. */
  const live = async (connection: Connection): Promise<ConsumerState> => {
    const current = state === null ? null : await ctx.stores.sessions.get(state.session.id);
    if (
      state === null ||
      current === null ||
      current.revokedAt !== null ||
      current.expiresAt <= deps.clock.now()
    ) {
      connection.close(WS_CLOSE.UNAUTHORIZED, 'session ended');
      throw new ParleyError('SESSION_INVALID');
    }
    return state;
  };

  const authenticate = async (frame: AuthFrame, connection: Connection) => {
    const session = await verifySession(runtime.login, accountId, frame.token);
    if (runtime.account.requireAuthentication && !session.authenticated) {
      connection.error('AUTHENTICATION_REQUIRED', frame.id);
      connection.close(WS_CLOSE.UNAUTHORIZED, 'authentication required');
      return;
    }
    const previous = state;
    if (previous !== null && previous.actor.consumerId !== session.consumerId) {
      const old = await ctx.stores.consumers.get(accountId, previous.actor.consumerId);
      if (old?.mergedInto !== session.consumerId)
        throw new ParleyError('SESSION_INVALID', 'another consumer');
      connection.unsubscribe(topics.consumer(previous.actor.consumerId));
    }
    state = {
      session,
      actor: { accountId, consumerId: session.consumerId, authenticated: session.authenticated },
    };
    connection.authenticated = true;
    connection.clearTimer('auth');
    connection.subscribe(deps.bus, topics.consumer(session.consumerId), onEvent(connection));
    scheduleExpiry(connection, {
      clock: deps.clock,
      expiresAt: session.expiresAt,
      warningMs: ctx.options.expiryWarningMs,
      onExpired: async () => {
        await announceSessionExpired(deps, ctx.stores, {
          accountId,
          consumerId: session.consumerId,
          sessionId: session.id,
          expiresAt: session.expiresAt,
        });
      },
    });
    connection.send({
      type: 'auth.ok',
      consumerId: session.consumerId,
      authenticated: session.authenticated,
      expiresAt: new Date(session.expiresAt).toISOString(),
      ...(frame.id === undefined ? {} : { id: frame.id }),
    });
  };

  const handle = async (frame: ClientFrame, connection: Connection): Promise<void> => {
    if (frame.type === 'auth') {
      if (connection.authenticated) {
        // a failed re-auth keeps the current session: answer with an error, do not close
        try {
          return await authenticate(frame, connection);
        } catch (err) {
          if (err instanceof ParleyError) return connection.error(err.code, frame.id);
          throw err;
        }
      }
      return authenticate(frame, connection);
    }
    const { actor } = await live(connection);
    switch (frame.type) {
      case 'message.send': {
        sendMessageAck(connection, frame, await sendConsumerMessage(deps, actor, frame));
        return;
      }
      case 'resume':
        return replayMessages(connection, deps, { consumer: actor }, frame, ctx.options.resumePageSize);
      case 'typing':
      case 'read': {
        const conversationId =
          frame.conversationId ??
          (await deps.conversations.listByConsumer(accountId, actor.consumerId))
            .filter((c) => c.status !== 'closed')
            .at(-1)?.id;
        if (conversationId === undefined) return;
        await conversationForConsumer(deps, actor, conversationId);
        const event =
          frame.type === 'typing'
            ? ({ type: 'typing', conversationId, from: 'consumer' } as const)
            : ({ type: 'read', conversationId, seq: frame.seq, from: 'consumer' } as const);
        await deps.bus.publish(topics.conversation(conversationId), { kind: 'frame', frame: event });
        return;
      }
      default:
        throw new ParleyError('REQUEST_INVALID');
    }
  };

  return new Connection(ws, ctx.options, log, CONSUMER_FRAME_TYPES, handle, 'consumer', ctx.metrics);
}

import type { WebSocket } from 'ws';
import type { FastifyBaseLogger } from 'fastify';
import {
  ParleyError,
  acceptConversation,
  activeConversationOfAgent,
  buildProfile,
  closeConversation,
  requestAuth,
  sendAgentMessage,
  topics,
  verifyAgentSession,
  type AgentActor,
  type RealtimeEvent,
} from '@parley/core';
import {
  CLIENT_FRAME_SCHEMAS,
  WS_CLOSE,
  type AuthFrame,
  type ClientFrame,
  type ClientFrameType,
} from '@parley/protocol';
import { Connection } from './connection.ts';
import type { RealtimeContext } from './realtime-context.ts';
import { replayMessages } from './replay-messages.ts';
import { scheduleExpiry } from './schedule-expiry.ts';
import { sendMessageAck } from './send-message-ack.ts';

const AGENT_FRAME_TYPES = Object.keys(CLIENT_FRAME_SCHEMAS) as ClientFrameType[];

/**
 * An agent socket on `/v1/accounts/{accountId}/agent/ws` (docs/realtime.md): `auth` with an agent
 * token; receives the account's queue (`conversation.queued/assigned/closed`), and for the
 * conversations it accepted `message.created`, `consumer.auth_state` and `consumer.profile`
 * (claims masked per its role). It reads only what its role allows (docs/workspace.md).
 */
export function openAgentSocket(
  ws: WebSocket,
  ctx: RealtimeContext,
  accountId: string,
  log: FastifyBaseLogger,
): Connection {
  let agent: AgentActor | null = null;
  /** The `jti` of the session this socket authenticated with (what logout revokes). */
  let tokenId: string | null = null;
  const runtime = ctx.accounts.get(accountId);
  const deps = ctx.conversations;

  const sendProfile = async (connection: Connection, conversationId: string, consumerId: string) => {
    const consumer = await ctx.stores.consumers.get(accountId, consumerId);
    if (consumer === null || agent === null) return;
    const connector = runtime.connectors.connectorForIssuer(consumer.issuer) ?? null;
    const profile = buildProfile(consumer, { claims: connector?.claims ?? [], role: agent.role, connector });
    connection.send({ type: 'consumer.profile', conversationId, profile });
  };

  const follow = (connection: Connection, conversationId: string) =>
    connection.subscribe(deps.bus, topics.conversation(conversationId), onConversationEvent(connection));

  const onConversationEvent = (connection: Connection) => (event: RealtimeEvent) => {
    if (event.kind === 'frame') return connection.deliver(event.frame);
    if (event.kind === 'profile-changed') {
      sendProfile(connection, event.conversationId, event.consumerId).catch((err: unknown) =>
        log.warn({ err }, 'could not send consumer.profile'),
      );
    }
  };

  const onQueueEvent = (connection: Connection) => (event: RealtimeEvent) => {
    if (event.kind === 'agent-session-ended' && tokenId !== null && event.tokenIds.includes(tokenId))
      return connection.close(WS_CLOSE.UNAUTHORIZED, 'session ended');
    if (event.kind !== 'frame') return;
    const { frame } = event;
    // a plain agent hears of another agent's conversation only that it left the queue
    if (frame.type === 'conversation.closed' && !seesClosing(frame.conversation)) return;
    if (frame.type === 'conversation.assigned' && frame.conversation.agentId === agent?.agentId) {
      follow(connection, frame.conversation.id);
    }
    connection.deliver(frame);
    if (frame.type === 'conversation.closed')
      connection.unsubscribe(topics.conversation(frame.conversation.id));
  };

  const seesClosing = (conversation: { agentId?: string }) =>
    agent?.role !== 'agent' || conversation.agentId === undefined || conversation.agentId === agent.agentId;

  const authenticate = async (frame: AuthFrame, connection: Connection) => {
    const session = await verifyAgentSession(ctx.agents, accountId, frame.token);
    if (agent !== null && agent.agentId !== session.agent.id)
      throw new ParleyError('SESSION_INVALID', 'another agent');
    agent = { accountId, agentId: session.agent.id, role: session.agent.role };
    tokenId = session.tokenId;
    connection.authenticated = true;
    connection.clearTimer('auth');
    connection.subscribe(deps.bus, topics.agentQueue(accountId), onQueueEvent(connection));
    const active = await deps.conversations.listByAccount(accountId, {
      statuses: ['active'],
      agentId: agent.agentId,
    });
    for (const conversation of active) follow(connection, conversation.id);
    scheduleExpiry(connection, {
      clock: deps.clock,
      expiresAt: session.expiresAt,
      warningMs: ctx.options.expiryWarningMs,
    });
    connection.send({
      type: 'auth.ok',
      agentId: agent.agentId,
      authenticated: true,
      expiresAt: new Date(session.expiresAt).toISOString(),
      ...(frame.id === undefined ? {} : { id: frame.id }),
    });
  };

  const handle = async (frame: ClientFrame, connection: Connection): Promise<void> => {
    if (frame.type === 'auth') {
      if (!connection.authenticated) return authenticate(frame, connection);
      try {
        return await authenticate(frame, connection);
      } catch (err) {
        if (err instanceof ParleyError) return connection.error(err.code, frame.id);
        throw err;
      }
    }
    if (agent === null || tokenId === null)
      return connection.close(WS_CLOSE.UNAUTHORIZED, 'authenticate first');
    // re-checked per frame: a logout whose bus event this node missed still ends the socket
    if (await ctx.agents.sessions.isRevoked(tokenId))
      return connection.close(WS_CLOSE.UNAUTHORIZED, 'session ended');
    return handleAgentFrame(frame, connection, agent);
  };

  const handleAgentFrame = async (
    frame: ClientFrame,
    connection: Connection,
    me: AgentActor,
  ): Promise<void> => {
    switch (frame.type) {
      case 'message.send': {
        if (frame.conversationId === undefined)
          throw new ParleyError('REQUEST_INVALID', 'conversationId is required');
        const input = {
          conversationId: frame.conversationId,
          clientMessageId: frame.clientMessageId,
          text: frame.text,
        };
        sendMessageAck(connection, frame, await sendAgentMessage(deps, me, input));
        return;
      }
      case 'conversation.accept': {
        const conversation = await acceptConversation(deps, me, frame.conversationId);
        follow(connection, conversation.id);
        const consumer = await ctx.stores.consumers.get(accountId, conversation.consumerId);
        connection.send({
          type: 'consumer.auth_state',
          consumerId: conversation.consumerId,
          conversationId: conversation.id,
          state: consumer?.issuer ? 'authenticated' : 'anonymous',
        });
        return;
      }
      case 'conversation.close':
        await closeConversation(deps, me, frame.conversationId);
        return;
      case 'auth.request':
        await requestAuth(deps, me, frame.conversationId);
        connection.send({
          type: 'auth.request',
          conversationId: frame.conversationId,
          ...(frame.id ? { id: frame.id } : {}),
        });
        return;
      case 'resume':
        return replayMessages(connection, deps, { agent: me }, frame, ctx.options.resumePageSize);
      case 'typing':
      case 'read': {
        if (frame.conversationId === undefined)
          throw new ParleyError('REQUEST_INVALID', 'conversationId is required');
        const conversation = await activeConversationOfAgent(deps, me, frame.conversationId);
        const event =
          frame.type === 'typing'
            ? ({ type: 'typing', conversationId: conversation.id, from: 'agent' } as const)
            : ({ type: 'read', conversationId: conversation.id, seq: frame.seq, from: 'agent' } as const);
        await deps.bus.publish(topics.consumer(conversation.consumerId), { kind: 'frame', frame: event });
        return;
      }
    }
  };

  return new Connection(ws, ctx.options, log, AGENT_FRAME_TYPES, handle, 'agent', ctx.metrics);
}

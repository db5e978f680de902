import websocket from '@fastify/websocket';
import fp from 'fastify-plugin';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  createAgentTokenSigner,
  createSessionKeyring,
  type AgentDeps,
  type AgentDirectory,
  type Clock,
  type ConversationDeps,
  type EventBus,
  type ParleyConfig,
  type PasswordHasher,
  type Stores,
} from '@parley/core';
import { AccountParamsSchema, WS_CLOSE } from '@parley/protocol';
import { createConfigAgentDirectory } from '../agents/config-agent-directory.ts';
import { createScryptPasswordHasher } from '../agents/scrypt-password-hasher.ts';
import { agentLoginRoutes } from '../routes/agents-login.ts';
import { agentLogoutRoutes } from '../routes/agents-logout.ts';
import { agentConsumerHistoryRoutes } from '../routes/agent-consumer-history.ts';
import { conversationReadRoutes } from '../routes/conversation-reads.ts';
import { NO_REALTIME_METRICS } from '../plugins/realtime-metrics.ts';
import { runPeriodically } from '../plugins/periodic-task.ts';
import { openAgentSocket } from './agent-socket.ts';
import type { Connection } from './connection.ts';
import { openConsumerSocket } from './consumer-socket.ts';
import type { RealtimeContext } from './realtime-context.ts';
import { DEFAULT_REALTIME_OPTIONS, type RealtimeOptions } from './realtime-options.ts';
import { createPendingSockets } from './pending-sockets.ts';

export interface RealtimePluginOptions {
  config: ParleyConfig;
  /** The stores of the app. */
  stores: Stores;
  bus: EventBus;
  clock: Clock;
  realtime?: Partial<RealtimeOptions>;
  /** Default: scrypt. */
  passwords?: PasswordHasher;
  /** Default: `config.agents`. */
  agents?: AgentDirectory;
}

const AGENT_REVOCATION_PURGE_MS = 10 * 60 * 1000;

const realtime: FastifyPluginAsyncTypebox<RealtimePluginOptions> = async (app, opts) => {
  const { config, stores, bus, clock } = opts;
  const options: RealtimeOptions = { ...DEFAULT_REALTIME_OPTIONS, ...opts.realtime };
  const passwords = opts.passwords ?? createScryptPasswordHasher();
  const directory =
    opts.agents ??
    (await createConfigAgentDirectory(config.agents, passwords, {
      onSkip: (a) =>
        app.log.warn({ account: a.account }, 'agent without password or passwordHash: cannot log in'),
    }));
  const keyring = createSessionKeyring({ keyStore: stores.keys, kind: 'agent', clock });
  await Promise.all(config.accounts.map((account) => keyring.current(account.id)));
  const agents: AgentDeps = {
    agents: directory,
    passwords,
    signer: createAgentTokenSigner(keyring, clock),
    sessions: stores.agentSessions,
    clock,
  };
  const conversations: ConversationDeps = {
    conversations: stores.conversations,
    bus,
    clock,
    agentName: async (accountId, agentId) => (await directory.get(accountId, agentId))?.name ?? null,
  };
  const ctx: RealtimeContext = {
    accounts: app.accounts,
    stores,
    conversations,
    agents,
    options,
    metrics: app.hasDecorator('metrics') ? app.metrics.realtime : NO_REALTIME_METRICS,
    connections: new Set(),
  };

  await app.register(websocket, { options: { maxPayload: options.maxFrameBytes } });
  await app.register(agentLoginRoutes, { agents, limits: config.security.rateLimits });
  await app.register(agentLogoutRoutes, { agents, bus });
  await app.register(conversationReadRoutes, { conversations, agents });
  await app.register(agentConsumerHistoryRoutes, { conversations, agents });

  const heartbeat = setInterval(() => {
    for (const connection of ctx.connections) connection.heartbeat();
  }, options.pingIntervalMs);
  heartbeat.unref();
  // revocations outlive their token by nothing: drop them once the token expired anyway
  runPeriodically(app, {
    intervalMs: AGENT_REVOCATION_PURGE_MS,
    what: 'purge agent session revocations',
    task: async () => void (await stores.agentSessions.purgeExpired(clock.now())),
  });
  app.addHook('onClose', async () => {
    clearInterval(heartbeat);
    for (const connection of ctx.connections) connection.close(WS_CLOSE.GOING_AWAY, 'server shutting down');
  });

  const limits = config.security.rateLimits;
  const pending = createPendingSockets(limits === false ? Infinity : limits.unauthenticatedSocketsPerIp);
  const route = (kind: 'consumer' | 'agent', open: typeof openConsumerSocket) => {
    app.get(
      `/v1/accounts/:account/${kind}/ws`,
      {
        websocket: true,
        config: {
          rateLimited: 'socket',
          openapi: { summary: `${kind} WebSocket (docs/realtime.md)`, tags: ['real-time'] },
        },
        schema: { params: AccountParamsSchema },
        // before the upgrade: a refused client gets a plain 429, no socket is opened
        preValidation: async (request, reply) => pending.admit(request.ip, reply),
      },
      (socket, request) => {
        if (!app.accounts.find(request.params.account)) {
          socket.close(4404, 'unknown account');
          return;
        }
        const connection: Connection = open(socket, ctx, request.params.account, request.log);
        ctx.connections.add(connection);
        pending.add(request.ip, connection);
        connection.onClose(() => ctx.connections.delete(connection));
      },
    );
  };
  route('consumer', openConsumerSocket);
  route('agent', openAgentSocket);
  app.decorate('realtime', { connectionCount: () => ctx.connections.size });
};

declare module 'fastify' {
  interface FastifyInstance {
    /** Live WebSocket count (tests, metrics). */
    realtime: { connectionCount(): number };
  }
}

/**
 * Conversations and real-time messaging (docs/realtime.md): the consumer and agent WebSockets,
 * agent login, and the REST reads. Needs the `accounts` decorator (accounts plugin).
 */
export const realtimePlugin = fp(realtime, { name: 'parley-realtime', dependencies: ['parley-accounts'] });

export type { RealtimeOptions };

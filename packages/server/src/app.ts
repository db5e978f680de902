import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { DestinationStream, LoggerOptions } from 'pino';
import {
  systemClock,
  type Clock,
  type EventBus,
  type IdpHttp,
  type ParleyConfig,
  type RateLimiter,
  type Stores,
} from '@parley/core';
import { createInProcessEventBus, createMemoryRateLimiter } from '@parley/storage';
import { accountsPlugin } from './plugins/accounts.ts';
import { corsPlugin } from './plugins/cors.ts';
import { createLogger, hardenLogger } from './plugins/logging.ts';
import { metricsPlugin } from './plugins/metrics.ts';
import { openApiPlugin } from './plugins/openapi.ts';
import { problemJsonPlugin } from './plugins/problem-json.ts';
import { rateLimitPlugin } from './plugins/rate-limit.ts';
import { fastifyTrustProxy } from './plugins/trust-proxy.ts';
import { securityHeadersPlugin } from './plugins/security-headers.ts';
import { sessionPurgePlugin } from './plugins/session-purge.ts';
import { buildPartAwareValidator } from './plugins/validation.ts';
import { adminConsumerRoutes } from './routes/admin-consumers.ts';
import { adminAuditRoutes } from './routes/admin-audit.ts';
import { adminKeyRoutes } from './routes/admin-keys.ts';
import { auditPlugin } from './plugins/audit.ts';
import { auditPurgePlugin } from './plugins/audit-purge.ts';
import { anonymousRoutes } from './routes/anonymous.ts';
import { authenticateRoutes } from './routes/authenticate.ts';
import { healthRoutes } from './routes/health.ts';
import { jwksRoutes } from './routes/jwks.ts';
import { logoutRoutes } from './routes/logout.ts';
import { realtimePlugin } from './ws/realtime-plugin.ts';
import type { RealtimeOptions } from './ws/realtime-options.ts';
import { codeFlowPlugin, type CodeFlowPluginOptions } from './code-flow/code-flow-plugin.ts';
import { backchannelLogoutRoutes } from './routes/backchannel-logout.ts';
import { connectorJwksRoutes } from './routes/connector-jwks.ts';
import { pkceRoutes } from './routes/pkce.ts';
import { popupRoutes } from './routes/popup.ts';
import { widgetRoutes } from './routes/widget.ts';
import { workspacePlugin } from './workspace/workspace-plugin.ts';

/** Largest accepted request body (docs/protocol.md: over it → 413 `REQUEST_TOO_LARGE`). */
export const BODY_LIMIT_BYTES = 64 * 1024;

export interface BuildAppOptions {
  config: ParleyConfig;
  stores: Stores;
  idpHttp: IdpHttp;
  /** Time source of every rule (sessions, tokens, rate limits); default the wall clock. */
  clock?: Clock;
  /**
   * pino options (Parley's redaction and serializers are added), a logger instance (wrapped
   * with the same redaction), or false for no logging. Default: pino at `config.log.level`.
   */
  logger?: LoggerOptions | FastifyBaseLogger | false;
  /** Where a logger built from options writes (tests capture it); default stdout. */
  logStream?: DestinationStream;
  /** Rate limit counters; default in-process (a shared store is needed with several nodes). */
  rateLimiter?: RateLimiter;
  /** Serve HTTPS (`server.tls`, files read by the entry point). */
  https?: { key: string | Buffer; cert: string | Buffer };
  /** Real-time fan-out between sockets; default in-process (Redis when several nodes). */
  bus?: EventBus;
  /** WebSocket tunables (timeouts, heartbeat, back-pressure bound, per-socket rate limit). */
  realtime?: Partial<RealtimeOptions>;
  /** Brand token endpoint client (code/PKCE/popup); default openid-client over `codeFlowFetch`. */
  codeExchanger?: CodeFlowPluginOptions['exchanger'];
  /** fetch of the default code exchanger (tests count token endpoint calls); default global fetch. */
  codeFlowFetch?: typeof fetch;
}

function isLoggerInstance(value: unknown): value is FastifyBaseLogger {
  return (
    typeof value === 'object' && value !== null && typeof (value as { child?: unknown }).child === 'function'
  );
}

function loggerFor(options: BuildAppOptions): FastifyBaseLogger | undefined {
  if (options.logger === false) return undefined;
  if (isLoggerInstance(options.logger)) return hardenLogger(options.logger);
  return createLogger({ level: options.config.log.level, ...options.logger }, options.logStream);
}

/**
 * The HTTP composition root: one Fastify app with problem+json errors, logging with
 * redaction, metrics, OpenAPI, CORS, rate limits and every v1 route, wired to the given stores
 * and IdP client. Does not listen: `main.ts` does, tests use `app.inject()`.
 *
 * @example
 * ```ts
 * const app = await buildApp({ config, stores: createMemoryStores(), idpHttp });
 * const res = await app.inject({ method: 'GET', url: '/healthz' }); // 200 {"status":"ok"}
 * ```
 */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { config, idpHttp } = options;
  const clock = options.clock ?? systemClock;
  const loggerInstance = loggerFor(options);
  const serverOptions = {
    ...(loggerInstance ? { loggerInstance } : {}),
    bodyLimit: BODY_LIMIT_BYTES,
    // `request.ip` (every per-IP limit) comes from X-Forwarded-For only through trusted proxies
    trustProxy: fastifyTrustProxy(config.server.trustProxy),
    // bodies: closed and strict; query strings and params: coerced from text (plugins/validation.ts)
    schemaController: { compilersFactory: { buildValidator: buildPartAwareValidator } },
  };
  // routes do not depend on the raw server type (HTTP or HTTPS)
  const app = (options.https
    ? Fastify({ ...serverOptions, https: options.https })
    : Fastify(serverOptions)) as unknown as FastifyInstance;
  const bus =
    options.bus ??
    createInProcessEventBus({ onError: (err) => app.log.error({ err }, 'event handler failed') });
  const { stores } = options;

  await app.register(problemJsonPlugin);
  await app.register(openApiPlugin, {
    title: 'Parley HTTP API',
    version: 'v1',
    serverUrl: config.server.publicUrl,
  });
  await app.register(securityHeadersPlugin, { https: config.server.publicUrl.startsWith('https:') });
  await app.register(metricsPlugin, { token: config.metrics.token });
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    reply.header('x-content-type-options', 'nosniff');
  });
  await app.register(corsPlugin, { accounts: config.accounts, publicUrl: config.server.publicUrl });
  await app.register(rateLimitPlugin, {
    limits: config.security.rateLimits,
    accountIds: new Set(config.accounts.map((a) => a.id)),
    limiter: options.rateLimiter ?? createMemoryRateLimiter(clock),
  });
  await app.register(sessionPurgePlugin, { sessions: stores.sessions, clock });
  await app.register(auditPlugin, { stores, clock });
  await app.register(auditPurgePlugin, {
    audit: stores.audit,
    clock,
    accountIds: config.accounts.map((a) => a.id),
    retentionDays: config.audit.retentionDays,
  });
  await app.register(accountsPlugin, { config, stores, idpHttp, clock, bus });
  await app.register(codeFlowPlugin, {
    config,
    stores,
    idpHttp,
    clock,
    ...(options.codeExchanger ? { exchanger: options.codeExchanger } : {}),
    ...(options.codeFlowFetch ? { fetch: options.codeFlowFetch } : {}),
  });

  await app.register(healthRoutes, { stores });
  await app.register(jwksRoutes);
  await app.register(anonymousRoutes);
  await app.register(authenticateRoutes);
  await app.register(logoutRoutes);
  await app.register(pkceRoutes);
  await app.register(popupRoutes);
  await app.register(backchannelLogoutRoutes);
  await app.register(connectorJwksRoutes);
  await app.register(widgetRoutes);
  await app.register(workspacePlugin, { accounts: config.accounts });
  await app.register(adminConsumerRoutes, { adminApiKey: config.adminApiKey, stores, clock });
  await app.register(adminAuditRoutes, { adminApiKey: config.adminApiKey, stores });
  await app.register(adminKeyRoutes, { adminApiKey: config.adminApiKey, stores, clock });
  await app.register(realtimePlugin, {
    config,
    stores,
    bus,
    clock,
    ...(options.realtime ? { realtime: options.realtime } : {}),
  });
  return app;
}

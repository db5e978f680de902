import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccountConfig } from '@parley/core';
import { problemOf, sendProblem } from './problem-json.ts';
import {
  createOriginAllowList,
  normalizeOrigin,
  originPolicyOfRoute,
  originPolicyOfTail,
  type OriginAllowList,
  type OriginPolicy,
} from './origin-policy.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Marks a route as a CORS preflight answer. */
    preflight?: boolean;
  }
}

export interface CorsPluginOptions {
  accounts: readonly AccountConfig[];
  /** `server.publicUrl`: its origin may also call agent routes (the Agent Workspace). */
  publicUrl: string;
}

const ALLOWED_METHODS = 'GET, POST, OPTIONS';
const ALLOWED_HEADERS = 'authorization, content-type';
const EXPOSED_HEADERS = 'retry-after';
const PREFLIGHT_MAX_AGE_SECONDS = '600';
/** An Origin header is logged as sent only when it is a real origin; this caps what is logged. */
const LOGGED_ORIGIN_MAX = 200;

/** The policy of this request: its route's, or for a preflight the policy of the path it asks about. */
function policyOf(request: FastifyRequest): OriginPolicy | null {
  if (request.routeOptions.config.preflight) {
    const tail = (request.params as { '*'?: unknown } | undefined)?.['*'];
    return originPolicyOfTail(typeof tail === 'string' ? tail : '');
  }
  return originPolicyOfRoute(request.routeOptions.url);
}

function setCorsHeaders(request: FastifyRequest, reply: FastifyReply, origin: string): void {
  reply.header('access-control-allow-origin', origin);
  if (request.routeOptions.config.preflight) {
    reply.header('access-control-allow-methods', ALLOWED_METHODS);
    reply.header('access-control-allow-headers', ALLOWED_HEADERS);
    reply.header('access-control-max-age', PREFLIGHT_MAX_AGE_SECONDS);
  } else {
    reply.header('access-control-expose-headers', EXPOSED_HEADERS);
  }
}

/**
 * A refused WebSocket upgrade: the socket was taken out of Node's HTTP handling for the upgrade
 * and is answered before the websocket plugin marks it as its own, so nobody else closes it.
 */
function closeAfterAnswer(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('connection', 'close');
  reply.raw.once('finish', () => request.raw.socket.destroy());
}

/**
 * Origins of account routes (docs/origins.md). A request that carries `Origin` (a browser: fetch,
 * form, WebSocket upgrade) to an account route from an origin its policy does not allow is
 * refused 403 `ORIGIN_NOT_ALLOWED` in `onRequest` — before the body is read, so no token, code,
 * PKCE transaction or session is spent — and logged (warn, origin and account). A request
 * without `Origin` (a brand server, a mobile app) is allowed. Allowed origins get CORS headers
 * with that origin (never `*` but on public keys, never credentials). Preflights answer 204,
 * with CORS headers only for an allowed origin, so the browser refuses the others itself.
 *
 * Hand-written rather than `@fastify/cors`: the part that matters is the refusal before
 * anything is spent, which a CORS library does not do, and the CORS headers left are a few
 * lines over the same per-account allow list (tried and measured: docs/architecture.md, "CORS").
 */
export const corsPlugin = fp<CorsPluginOptions>(
  async (app, { accounts, publicUrl }) => {
    const allows: OriginAllowList = createOriginAllowList(accounts, publicUrl);
    const accountIds = new Set(accounts.map((a) => a.id));

    app.addHook('onRequest', async (request, reply) => {
      const policy = policyOf(request);
      if (policy === null || policy === 'exempt') return;
      if (policy === 'public') {
        setCorsHeaders(request, reply, '*');
        return;
      }
      reply.header('vary', 'Origin');
      const sent = request.headers.origin;
      if (sent === undefined) return;
      const account = (request.params as { account?: unknown } | undefined)?.account;
      // an unknown account is the route's 404 ACCOUNT_NOT_FOUND, not an origin question
      if (typeof account !== 'string' || !accountIds.has(account)) return;
      const origin = normalizeOrigin(sent);
      if (origin !== null && allows(account, policy, origin)) {
        setCorsHeaders(request, reply, origin);
        return;
      }
      if (request.routeOptions.config.preflight) return;
      request.log.warn(
        { origin: origin ?? sent.slice(0, LOGGED_ORIGIN_MAX), account, policy },
        'request from an origin outside the allowed origins refused',
      );
      if (request.headers.upgrade !== undefined) closeAfterAnswer(request, reply);
      return sendProblem(
        reply,
        problemOf('ORIGIN_NOT_ALLOWED', `origin is not allowed for account "${account}"`),
      );
    });

    app.options(
      '/v1/accounts/:account/*',
      {
        config: { preflight: true, openapi: { hide: true } },
        schema: {
          params: {
            type: 'object',
            properties: { account: { type: 'string', maxLength: 64 }, '*': { type: 'string' } },
            required: ['account'],
          },
          response: { 204: { type: 'null', description: 'CORS preflight answer' } },
        },
      },
      async (_request, reply) => reply.code(204).send(),
    );
  },
  { name: 'parley-cors' },
);

import fp from 'fastify-plugin';
import type { AccountConfig } from '@parley/core';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `account`: CORS for the account's `allowedOrigins`; `public`: any origin (public keys). */
    cors?: 'account' | 'public';
    /** Marks a route as a CORS preflight answer. */
    preflight?: boolean;
  }
}

export interface CorsPluginOptions {
  accounts: readonly AccountConfig[];
}

const ALLOWED_METHODS = 'GET, POST, OPTIONS';
const ALLOWED_HEADERS = 'authorization, content-type';
const EXPOSED_HEADERS = 'retry-after';
const PREFLIGHT_MAX_AGE_SECONDS = '600';

/** The ASCII serialization of an origin (`https://www.acme.example`), or null if it is not one. */
function normalizeOrigin(value: string): string | null {
  try {
    const origin = new URL(value).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/**
 * CORS for the widget on a brand origin: routes with `config.cors: 'account'` answer a request
 * whose `Origin` is in the account's `allowedOrigins` with that origin (never `*`, never
 * credentials); other origins get no CORS headers, so the browser refuses. Preflights
 * (`OPTIONS /v1/accounts/:account/*`) answer 204 either way.
 *
 * @example
 * ```ts
 * await app.register(corsPlugin, { accounts: config.accounts });
 * ```
 */
export const corsPlugin = fp<CorsPluginOptions>(
  async (app, { accounts }) => {
    const allowed = new Map(
      accounts.map((a) => [a.id, new Set(a.allowedOrigins.map(normalizeOrigin).filter((o) => o !== null))]),
    );

    app.addHook('onRequest', async (request, reply) => {
      const mode = request.routeOptions.config.cors;
      if (mode === undefined) return;
      const origin = request.headers.origin;
      if (mode === 'public') {
        reply.header('access-control-allow-origin', '*');
      } else {
        reply.header('vary', 'Origin');
        const account = (request.params as { account?: unknown } | undefined)?.account;
        const normalized = typeof origin === 'string' ? normalizeOrigin(origin) : null;
        if (normalized === null || typeof account !== 'string' || !allowed.get(account)?.has(normalized))
          return;
        reply.header('access-control-allow-origin', normalized);
      }
      if (request.routeOptions.config.preflight) {
        reply.header('access-control-allow-methods', ALLOWED_METHODS);
        reply.header('access-control-allow-headers', ALLOWED_HEADERS);
        reply.header('access-control-max-age', PREFLIGHT_MAX_AGE_SECONDS);
      } else {
        reply.header('access-control-expose-headers', EXPOSED_HEADERS);
      }
    });

    app.options(
      '/v1/accounts/:account/*',
      {
        config: { cors: 'account', preflight: true, openapi: { hide: true } },
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

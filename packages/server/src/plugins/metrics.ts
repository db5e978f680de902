import fp from 'fastify-plugin';
import { Counter, Histogram, Registry } from 'prom-client';
import { ParleyError } from '@parley/core';
import { adminKeyMatches } from './admin-auth.ts';
import { bearerToken } from '../routes/logout.ts';
import { createRealtimeMetrics, type RealtimeMetrics } from './realtime-metrics.ts';

/** The app's Prometheus registry and the counters routes update. */
export interface AppMetrics {
  registry: Registry;
  /** `parley_logins_total{flow, outcome}`: outcome is `success` or the error code. */
  logins: Counter<'flow' | 'outcome'>;
  /** WebSocket sockets, frames, closes and stored messages (see realtime-metrics.ts). */
  realtime: RealtimeMetrics;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: AppMetrics;
  }
}

/**
 * Per-app Prometheus metrics (one registry per app, so several apps in one process never
 * collide): HTTP requests and durations by route template, login outcomes by code, and
 * `GET /metrics` in the text exposition format, behind `Authorization: Bearer <token>` when
 * `metrics.token` is set (401 `ADMIN_UNAUTHORIZED` otherwise; open without it). Process metrics are not collected here; the
 * entry point may add `collectDefaultMetrics({ register: app.metrics.registry })`.
 *
 * @example
 * ```ts
 * await app.register(metricsPlugin, { token: config.metrics.token });
 * app.metrics.logins.inc({ flow: 'implicit', outcome: 'success' });
 * ```
 */
export const metricsPlugin = fp<{ token?: string | undefined }>(
  async (app, { token }) => {
    const registry = new Registry();
    const labelNames = ['method', 'route', 'status_code'] as const;
    const requests = new Counter({
      name: 'parley_http_requests_total',
      help: 'HTTP requests by method, route template and status code',
      labelNames,
      registers: [registry],
    });
    const duration = new Histogram({
      name: 'parley_http_request_duration_seconds',
      help: 'HTTP request duration in seconds by method, route template and status code',
      labelNames,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    const logins = new Counter({
      name: 'parley_logins_total',
      help: 'Consumer logins (POST /authenticate) by flow and outcome (success or error code)',
      labelNames: ['flow', 'outcome'] as const,
      registers: [registry],
    });
    app.decorate('metrics', { registry, logins, realtime: createRealtimeMetrics(registry) });

    app.addHook('onResponse', async (request, reply) => {
      // the route template, never the raw URL: bounded label cardinality, no ids in metrics
      const labels = {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status_code: reply.statusCode,
      };
      requests.inc(labels);
      duration.observe(labels, reply.elapsedTime / 1000);
    });

    app.get(
      '/metrics',
      {
        config: { openapi: { summary: 'Prometheus metrics (text exposition format)', tags: ['operations'] } },
        schema: { response: { 200: { type: 'string' } } },
        onRequest: async (request) => {
          if (token === undefined) return;
          // constant time, whatever the length of the presented value
          if (!adminKeyMatches(bearerToken(request.headers.authorization) ?? '', token))
            throw new ParleyError('ADMIN_UNAUTHORIZED', 'metrics need Authorization: Bearer <metrics.token>');
        },
      },
      async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()),
    );
  },
  { name: 'parley-metrics' },
);

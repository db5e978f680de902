import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Stores } from '@parley/core';
import { problemOf, sendProblem } from '../plugins/problem-json.ts';
import { problemResponses } from './schemas.ts';

const statusOk = {
  type: 'object',
  properties: { status: { type: 'string', enum: ['ok'] } },
  required: ['status'],
} as const;

/**
 * `GET /healthz` (liveness: the process answers) and `GET /readyz` (readiness: storage answers
 * `ping()`, else 503 `SERVICE_UNAVAILABLE`).
 */
export const healthRoutes: FastifyPluginAsyncTypebox<{ stores: Stores }> = async (app, { stores }) => {
  const doc = { tags: ['operations'] };
  app.get(
    '/healthz',
    { config: { openapi: { ...doc, summary: 'Liveness' } }, schema: { response: { 200: statusOk } } },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      config: { openapi: { ...doc, summary: 'Readiness: storage reachable' } },
      schema: { response: { 200: statusOk, ...problemResponses(503) } },
    },
    async (request, reply) => {
      try {
        await stores.ping();
      } catch (err) {
        request.log.warn(
          { err: { message: err instanceof Error ? err.message : String(err) } },
          'storage ping failed',
        );
        return sendProblem(reply, problemOf('SERVICE_UNAVAILABLE', 'storage is unreachable'));
      }
      return { status: 'ok' as const };
    },
  );
};

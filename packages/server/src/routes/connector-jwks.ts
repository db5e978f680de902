import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ConnectorParamsSchema } from '@parley/protocol';
import { problemResponses } from './schemas.ts';

/**
 * `GET /v1/accounts/:account/connectors/:connector/jwks.json`: the public JWK (`use:"sig"`) of
 * the connector's `privateKey`, which Parley uses for `private_key_jwt` client authentication
 * at the brand token endpoint. The brand registers this URL as the client's `jwks_uri` (or
 * copies the key). 404 `CONNECTOR_NOT_FOUND` for a connector without a `privateKey`.
 */
export const connectorJwksRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/v1/accounts/:account/connectors/:connector/jwks.json',
    {
      config: {
        openapi: { summary: "Public key of Parley's private_key_jwt client authentication", tags: ['keys'] },
      },
      schema: { params: ConnectorParamsSchema, response: problemResponses(404) },
    },
    async (request, reply) => {
      const runtime = app.accounts.get(request.params.account);
      const jwks = await app.codeFlow.clientJwks(runtime, request.params.connector);
      return reply.header('cache-control', 'public, max-age=300').type('application/jwk-set+json').send(jwks);
    },
  );
};

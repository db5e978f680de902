import fp from 'fastify-plugin';
import fastifySwagger, { type FastifyDynamicSwaggerOptions } from '@fastify/swagger';

/** OpenAPI facts of a route that its JSON schemas cannot say. */
export interface RouteDoc {
  summary?: string;
  description?: string;
  tags?: string[];
  /** Security scheme names from {@link SECURITY_SCHEMES}. */
  security?: (keyof typeof SECURITY_SCHEMES)[];
  /** Leaves the route out of the document (CORS preflights). */
  hide?: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    openapi?: RouteDoc;
  }
}

export const SECURITY_SCHEMES = {
  sessionToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Parley session token' },
  adminApiKey: { type: 'http', scheme: 'bearer', description: 'The deployment `adminApiKey`' },
} as const;

type Json = Record<string, unknown>;
type Transform = NonNullable<FastifyDynamicSwaggerOptions['transform']>;

/**
 * A route's response schemas as OpenAPI response objects: errors are `application/problem+json`
 * (plugins/problem-json.ts), string bodies `text/plain`, the rest JSON; `type: 'null'` has no body.
 */
function responsesOf(responses: Record<string, Json> | undefined): Json | undefined {
  if (responses === undefined) return undefined;
  const out: Json = {};
  for (const [status, schema] of Object.entries(responses)) {
    const description = typeof schema.description === 'string' ? schema.description : `${status} response`;
    const mediaType = /^[45]/.test(status)
      ? 'application/problem+json'
      : schema.type === 'string'
        ? 'text/plain'
        : 'application/json';
    out[status] =
      schema.type === 'null'
        ? { type: 'null', description }
        : { description, content: { [mediaType]: { schema } } };
  }
  return out;
}

/**
 * Moves a route's `config.openapi` into the fields @fastify/swagger reads from its schema.
 * @fastify/websocket marks its routes `schema.hide`; Parley documents its sockets all the same.
 */
const transform: Transform = ({ schema, url, route }) => {
  const doc = route.config?.openapi ?? {};
  const { response, hide, ...rest } = (schema ?? {}) as Json;
  const hidden = doc.hide === true || (hide === true && route.websocket !== true);
  const responses = responsesOf(response as Record<string, Json> | undefined);
  return {
    url,
    schema: {
      ...rest,
      ...(responses ? { response: responses } : {}),
      ...(doc.summary ? { summary: doc.summary } : {}),
      ...(doc.description ? { description: doc.description } : {}),
      ...(doc.tags ? { tags: doc.tags } : {}),
      ...(doc.security ? { security: doc.security.map((name) => ({ [name]: [] })) } : {}),
      ...(hidden ? { hide: true } : {}),
    },
  };
};

/**
 * The OpenAPI 3.1 document of every route at `GET /openapi.json`, built by @fastify/swagger
 * from the route schemas (JSON Schema 2020-12 is OpenAPI 3.1's schema dialect, so they are used
 * as they are) and each route's `config.openapi`. Register before the routes.
 */
export const openApiPlugin = fp<{ title: string; version: string; serverUrl: string }>(
  async (app, info) => {
    await app.register(fastifySwagger, {
      openapi: {
        openapi: '3.1.0',
        info: { title: info.title, version: info.version },
        servers: [{ url: info.serverUrl }],
        components: { securitySchemes: SECURITY_SCHEMES },
      },
      // paths as routed, whatever the path of `server.publicUrl`; `const` is valid in 3.1
      stripBasePath: false,
      convertConstToEnum: false,
      transform,
    });

    app.get(
      '/openapi.json',
      {
        config: { openapi: { summary: 'This OpenAPI 3.1 document', tags: ['operations'] } },
        schema: { response: { 200: { type: 'object', additionalProperties: true } } },
      },
      async () => app.swagger(),
    );
  },
  { name: 'parley-openapi' },
);

import fp from 'fastify-plugin';
import type { RouteOptions } from 'fastify';

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

interface CollectedRoute {
  method: string;
  url: string;
  schema: Json;
  doc: RouteDoc;
}

/** `/v1/accounts/:account/x` → `/v1/accounts/{account}/x`. */
function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function parametersOf(schema: Json | undefined, location: 'path' | 'query'): Json[] {
  const properties = (schema?.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema?.required ?? []) as string[]);
  return Object.entries(properties)
    .filter(([name]) => name !== '*')
    .map(([name, property]) => ({
      name,
      in: location,
      required: location === 'path' || required.has(name),
      schema: property,
    }));
}

function responsesOf(responses: Record<string, Json> | undefined): Json {
  const out: Json = {};
  for (const [status, schema] of Object.entries(responses ?? {})) {
    const key = status.replace(/xx$/, 'XX');
    const description = typeof schema.description === 'string' ? schema.description : `${key} response`;
    if (schema.type === 'null') {
      out[key] = { description };
      continue;
    }
    const mediaType = /^[45]/.test(key)
      ? 'application/problem+json'
      : schema.type === 'string'
        ? 'text/plain'
        : 'application/json';
    out[key] = { description, content: { [mediaType]: { schema } } };
  }
  return out;
}

function operationOf(route: CollectedRoute): Json {
  const { schema, doc } = route;
  const parameters = [
    ...parametersOf(schema.params as Json | undefined, 'path'),
    ...parametersOf(schema.querystring as Json | undefined, 'query'),
  ];
  return {
    ...(doc.summary ? { summary: doc.summary } : {}),
    ...(doc.description ? { description: doc.description } : {}),
    ...(doc.tags ? { tags: doc.tags } : {}),
    ...(doc.security ? { security: doc.security.map((name) => ({ [name]: [] })) } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(schema.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: schema.body } } } }
      : {}),
    responses: responsesOf(schema.response as Record<string, Json> | undefined),
  };
}

/**
 * Collects every route's JSON schemas as routes are added and serves them as an OpenAPI 3.1
 * document at `GET /openapi.json` (JSON Schema 2020-12 is OpenAPI 3.1's schema dialect, so
 * the route schemas are used as they are). Register before the routes.
 */
export const openApiPlugin = fp<{ title: string; version: string; serverUrl: string }>(
  async (app, info) => {
    const routes: CollectedRoute[] = [];
    app.addHook('onRoute', (route: RouteOptions) => {
      const doc = (route.config as { openapi?: RouteDoc } | undefined)?.openapi ?? {};
      for (const method of [route.method].flat()) {
        // `schema.hide` is the Fastify ecosystem's flag (@fastify/static sets it on its routes)
        if (method === 'HEAD' || doc.hide || (route.schema as { hide?: boolean } | undefined)?.hide) continue;
        routes.push({
          method: method.toLowerCase(),
          url: route.url,
          schema: (route.schema ?? {}) as Json,
          doc,
        });
      }
    });

    let document: Json | undefined;
    const build = (): Json => {
      const paths: Record<string, Json> = {};
      for (const route of routes) {
        const path = openApiPath(route.url);
        paths[path] = { ...paths[path], [route.method]: operationOf(route) };
      }
      return {
        openapi: '3.1.0',
        info: { title: info.title, version: info.version },
        servers: [{ url: info.serverUrl }],
        paths,
        components: { securitySchemes: SECURITY_SCHEMES },
      };
    };

    app.get(
      '/openapi.json',
      {
        config: { openapi: { summary: 'This OpenAPI 3.1 document', tags: ['operations'] } },
        schema: { response: { 200: { type: 'object', additionalProperties: true } } },
      },
      async () => (document ??= build()),
    );
  },
  { name: 'parley-openapi' },
);

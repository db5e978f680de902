import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as FastifyModule from 'fastify';
import type { FastifyServerOptions, RouteOptions } from 'fastify';
import { buildTestApp, type TestApp } from '../testing/build-test-app.ts';

/** Every route added to an app built in this file, seen by an `onRoute` hook added first. */
const registered = vi.hoisted(() => [] as RouteOptions[]);
vi.mock('fastify', async (importOriginal) => {
  const fastify = await importOriginal<typeof FastifyModule>();
  const recording = (options: FastifyServerOptions) => {
    const app = fastify.default(options);
    app.addHook('onRoute', (route) => void registered.push(route));
    return app;
  };
  return { ...fastify, default: recording };
});

let t: TestApp;
afterEach(async () => t?.app.close());

describe('operations endpoints', () => {
  it('GET /healthz → 200 {"status":"ok"}', async () => {
    t = await buildTestApp();
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz → 200 while storage answers, 503 problem when ping throws', async () => {
    t = await buildTestApp();
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ok' });
    t.stores.ping = async () => {
      throw new Error('connection refused');
    };
    const res = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.body).not.toContain('connection refused');
  });

  it('GET /metrics → Prometheus text with request counts by route and login outcomes by code', async () => {
    t = await buildTestApp();
    const idToken = await t.mint();
    await t.post('authenticate', { idToken });
    await t.post('authenticate', { idToken });
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toContain(
      'parley_http_requests_total{method="POST",route="/v1/accounts/:account/authenticate",status_code="200"} 1',
    );
    expect(res.body).toContain('parley_http_request_duration_seconds_bucket');
    expect(res.body).toContain('parley_logins_total{flow="implicit",outcome="success"} 1');
    expect(res.body).toContain('parley_logins_total{flow="implicit",outcome="TOKEN_REPLAYED"} 1');
    expect(res.body).not.toContain(idToken);
  });

  it('keeps one metrics registry per app', async () => {
    t = await buildTestApp();
    const other = await buildTestApp();
    await other.post('anonymous', {});
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.body).not.toContain('/v1/accounts/:account/anonymous');
    await other.app.close();
  });

  it('GET /openapi.json → an OpenAPI 3.1 document listing every path with schemas', async () => {
    t = await buildTestApp();
    const res = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/healthz',
        '/readyz',
        '/metrics',
        '/openapi.json',
        '/v1/accounts/{account}/.well-known/jwks.json',
        '/v1/accounts/{account}/anonymous',
        '/v1/accounts/{account}/authenticate',
        '/v1/accounts/{account}/logout',
        '/v1/admin/accounts/{account}/consumers/{consumerId}',
        '/v1/admin/accounts/{account}/consumers/{consumerId}/export',
      ]),
    );
    for (const path of Object.keys(doc.paths)) expect(path).not.toMatch(/[:*]/);
    const authenticate = doc.paths['/v1/accounts/{account}/authenticate'].post;
    expect(authenticate.parameters).toEqual([
      expect.objectContaining({ name: 'account', in: 'path', required: true }),
    ]);
    expect(authenticate.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
    expect(
      authenticate.responses['200'].content['application/json'].schema.properties.sessionToken,
    ).toBeDefined();
    expect(authenticate.responses['401'].content['application/problem+json'].schema.required).toContain(
      'code',
    );
    const admin = doc.paths['/v1/admin/accounts/{account}/consumers/{consumerId}'];
    expect(Object.keys(admin).sort()).toEqual(['delete', 'get']);
    expect(admin.get.security).toEqual([{ adminApiKey: [] }]);
    expect(doc.components.securitySchemes.adminApiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(JSON.stringify(doc)).not.toContain('"options"');
  });

  it('GET /openapi.json → documents every /v1/ route the app registers, but the CORS preflight', async () => {
    registered.length = 0;
    t = await buildTestApp();
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const operations = registered
      .filter((route) => route.url.startsWith('/v1/') && !route.config?.openapi?.hide)
      .flatMap((route) => [route.method].flat().map((method) => ({ method, url: route.url })))
      .filter(({ method }) => method !== 'HEAD')
      .map(({ method, url }) => `${method.toLowerCase()} ${url.replace(/:(\w+)/g, '{$1}')}`);
    expect(operations.length).toBeGreaterThan(20);
    const documented = Object.entries(doc.paths as Record<string, object>).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method} ${path}`),
    );
    expect(documented).toEqual(expect.arrayContaining(operations));
    expect(registered.some((route) => route.method === 'OPTIONS' && route.config?.openapi?.hide)).toBe(true);
  });
});

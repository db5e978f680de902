import { afterEach, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '@parley/protocol';
import { buildTestApp, type TestApp } from '../testing/build-test-app.ts';

let t: TestApp;
afterEach(async () => t?.app.close());

describe('problem+json error mapping', () => {
  it('answers every failing request with RFC 9457 problem+json carrying a catalogue code', async () => {
    t = await buildTestApp();
    const idToken = await t.mint();
    await t.post('authenticate', { idToken });
    const failures = [
      t.post('authenticate', { idToken }),
      t.post('authenticate', {}),
      t.post('authenticate', { idToken: 'not-a-jwt' }),
      t.post('authenticate', { idToken }, { account: 'nope' }),
      t.post('anonymous', {}, { account: 'locked' }),
      t.post('logout'),
      t.post('authenticate', { idToken: 'x'.repeat(70_000) }),
      t.app.inject({ method: 'GET', url: '/v1/admin/accounts/acme/consumers/x' }),
      t.app.inject({ method: 'GET', url: '/no/such/route' }),
      t.app.inject({ method: 'DELETE', url: '/healthz' }),
      t.app.inject({
        method: 'POST',
        url: '/v1/accounts/acme/authenticate',
        headers: { 'content-type': 'text/plain' },
        payload: 'hi',
      }),
    ];
    for (const res of await Promise.all(failures)) {
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const body = res.json();
      expect(Object.keys(body).sort()).toEqual(['code', 'detail', 'status', 'title', 'type']);
      expect(ERROR_CODES).toContain(body.code);
      expect(body.status).toBe(res.statusCode);
      expect(body.type).toBe(`https://parley.dev/errors/${body.code}`);
      expect(res.body).not.toContain(idToken);
    }
  });

  it('answers an unknown route with 404 NOT_FOUND without echoing the path', async () => {
    t = await buildTestApp();
    const res = await t.app.inject({ method: 'GET', url: '/v1/accounts/acme/secret-path-xyz?code=abc' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
    expect(res.body).not.toContain('secret-path-xyz');
    expect(res.body).not.toContain('abc');
  });

  it('answers an unexpected failure with a generic 500 problem', async () => {
    t = await buildTestApp();
    t.stores.consumers.createAnonymous = async () => {
      throw new Error('disk on fire: /var/lib/secret');
    };
    const res = await t.post('anonymous', {});
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      status: 500,
      code: 'INTERNAL_ERROR',
      detail: 'an unexpected error occurred',
    });
    expect(res.body).not.toContain('disk on fire');
  });

  it('answers a dependency that cannot be reached with 503 SERVICE_UNAVAILABLE and Retry-After', async () => {
    t = await buildTestApp();
    t.stores.consumers.createAnonymous = async () => {
      throw Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' });
    };
    const res = await t.post('anonymous', {});
    expect(res.statusCode).toBe(503);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.json()).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(res.body).not.toContain('10.0.0.5');
  });
});

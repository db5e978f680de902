import { afterEach, describe, expect, it } from 'vitest';
import { BRAND_ORIGIN, buildTestApp, type TestApp } from '../testing/build-test-app.ts';

let t: TestApp;
afterEach(async () => t?.app.close());

describe('CORS on /v1/accounts/:account/*', () => {
  it('answers a preflight from an allowed origin with that origin, methods and headers', async () => {
    t = await buildTestApp();
    const res = await t.app.inject({
      method: 'OPTIONS',
      url: '/v1/accounts/acme/authenticate',
      headers: { origin: BRAND_ORIGIN, 'access-control-request-method': 'POST' },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(BRAND_ORIGIN);
    expect(res.headers['access-control-allow-methods']).toContain('POST');
    expect(res.headers['access-control-allow-headers']).toContain('authorization');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('gives no CORS headers to another origin or another account', async () => {
    t = await buildTestApp();
    const foreign = await t.app.inject({
      method: 'OPTIONS',
      url: '/v1/accounts/acme/authenticate',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    const otherAccount = await t.post(
      'anonymous',
      {},
      { account: 'locked', headers: { origin: BRAND_ORIGIN } },
    );
    expect(otherAccount.headers['access-control-allow-origin']).toBeUndefined();
    // and the request itself is refused (docs/origins.md)
    expect(otherAccount.statusCode).toBe(403);
    expect(otherAccount.json().code).toBe('ORIGIN_NOT_ALLOWED');
  });

  it('sets the allowed origin on successes and on problem responses', async () => {
    t = await buildTestApp();
    const ok = await t.post('anonymous', {}, { headers: { origin: BRAND_ORIGIN } });
    expect(ok.statusCode).toBe(201);
    expect(ok.headers['access-control-allow-origin']).toBe(BRAND_ORIGIN);
    expect(ok.headers.vary).toContain('Origin');
    const refused = await t.post('authenticate', {}, { headers: { origin: BRAND_ORIGIN } });
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['access-control-allow-origin']).toBe(BRAND_ORIGIN);
  });

  it('never applies account CORS to the admin API', async () => {
    t = await buildTestApp();
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/admin/accounts/acme/consumers/x',
      headers: { origin: BRAND_ORIGIN },
    });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

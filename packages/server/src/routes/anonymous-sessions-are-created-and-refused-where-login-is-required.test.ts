import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../testing/build-test-app.ts';

let t: TestApp;
afterEach(async () => t?.app.close());

describe('POST /v1/accounts/:account/anonymous', () => {
  it('creates an anonymous consumer session (201) with an ISO expiry at sessionMaxSeconds', async () => {
    t = await buildTestApp();
    const res = await t.post('anonymous', {});
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toEqual({
      consumerId: expect.any(String),
      sessionToken: expect.any(String),
      expiresAt: new Date(t.clock.now() + 3600_000).toISOString(),
      authenticated: false,
    });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('accepts a request without any body', async () => {
    t = await buildTestApp();
    const res = await t.post('anonymous');
    expect(res.statusCode).toBe(201);
  });

  it('refuses unknown body members with 400 REQUEST_INVALID', async () => {
    t = await buildTestApp();
    const res = await t.post('anonymous', { sub: 'someone' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('REQUEST_INVALID');
  });

  it('refuses an account with requireAuthentication: 403 AUTHENTICATION_REQUIRED', async () => {
    t = await buildTestApp();
    const res = await t.post('anonymous', {}, { account: 'locked' });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 403, code: 'AUTHENTICATION_REQUIRED' });
  });

  it('answers 404 ACCOUNT_NOT_FOUND for an unknown account', async () => {
    t = await buildTestApp();
    const res = await t.post('anonymous', {}, { account: 'nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('ACCOUNT_NOT_FOUND');
  });
});

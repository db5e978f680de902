import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../testing/build-test-app.ts';

let t: TestApp;
afterEach(async () => t?.app.close());

describe('security.rateLimits', () => {
  it('refuses the request over the per-IP limit with 429 RATE_LIMITED and Retry-After, until the window ends', async () => {
    t = await buildTestApp({
      config: { security: { rateLimits: { perIpPerMinute: 2, perAccountPerMinute: 100 } } },
    });
    t.clock.set(Date.UTC(2030, 0, 1, 0, 0, 15));
    expect((await t.post('anonymous', {})).statusCode).toBe(201);
    expect((await t.post('authenticate', {})).statusCode).toBe(400);
    const limited = await t.post('anonymous', {});
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.json().code).toBe('RATE_LIMITED');
    expect(limited.headers['retry-after']).toBe('45');
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    t.clock.advanceSeconds(45);
    expect((await t.post('anonymous', {})).statusCode).toBe(201);
  });

  it('limits per account across client IPs', async () => {
    t = await buildTestApp({
      config: { security: { rateLimits: { perIpPerMinute: 100, perAccountPerMinute: 2 } } },
    });
    const from = (ip: string) =>
      t.app.inject({ method: 'POST', url: '/v1/accounts/acme/anonymous', remoteAddress: ip, payload: {} });
    expect((await from('192.0.2.1')).statusCode).toBe(201);
    expect((await from('192.0.2.2')).statusCode).toBe(201);
    const limited = await from('192.0.2.3');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const otherAccount = await t.app.inject({
      method: 'POST',
      url: '/v1/accounts/locked/anonymous',
      remoteAddress: '192.0.2.3',
      payload: {},
    });
    expect(otherAccount.statusCode).toBe(403);
  });

  it('does nothing when rateLimits is false', async () => {
    t = await buildTestApp();
    for (let i = 0; i < 20; i++) expect((await t.post('anonymous', {})).statusCode).toBe(201);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '@parley/core';
import { buildTestApp, type TestApp } from '../testing/build-test-app.ts';

let t: TestApp;
afterEach(async () => t?.app.close());

const LOAD_BALANCER = '10.0.0.5';
const limits = { rateLimits: { perIpPerMinute: 2, perAccountPerMinute: 1000 } };

/** POST /anonymous as the load balancer would forward it for `client`. */
const viaProxy = (client: string) =>
  t.app.inject({
    method: 'POST',
    url: '/v1/accounts/acme/anonymous',
    remoteAddress: LOAD_BALANCER,
    headers: { 'x-forwarded-for': client },
    payload: {},
  });

describe('server.trustProxy', () => {
  it('behind a trusted proxy, gives each X-Forwarded-For client its own per-IP bucket', async () => {
    t = await buildTestApp({ config: { server: { trustProxy: [LOAD_BALANCER] }, security: limits } });
    expect((await viaProxy('203.0.113.1')).statusCode).toBe(201);
    expect((await viaProxy('203.0.113.1')).statusCode).toBe(201);
    expect((await viaProxy('203.0.113.1')).statusCode).toBe(429);
    // another client behind the same balancer is not blocked by the first one
    expect((await viaProxy('203.0.113.2')).statusCode).toBe(201);
  });

  it('trusts a hop count too', async () => {
    t = await buildTestApp({ config: { server: { trustProxy: 1 }, security: limits } });
    await viaProxy('203.0.113.1');
    await viaProxy('203.0.113.1');
    expect((await viaProxy('203.0.113.1')).statusCode).toBe(429);
    expect((await viaProxy('203.0.113.2')).statusCode).toBe(201);
  });

  it('by default ignores X-Forwarded-For: a client cannot leave its bucket by forging the header', async () => {
    t = await buildTestApp({ config: { security: limits } });
    expect((await viaProxy('203.0.113.1')).statusCode).toBe(201);
    expect((await viaProxy('203.0.113.2')).statusCode).toBe(201);
    const forged = await viaProxy('203.0.113.3');
    expect(forged.statusCode).toBe(429);
    expect(forged.json().code).toBe('RATE_LIMITED');
  });

  it('ignores X-Forwarded-For from a peer that is not a listed proxy', async () => {
    t = await buildTestApp({ config: { server: { trustProxy: ['10.0.0.0/8'] }, security: limits } });
    const fromOutside = (client: string) =>
      t.app.inject({
        method: 'POST',
        url: '/v1/accounts/acme/anonymous',
        remoteAddress: '198.51.100.7',
        headers: { 'x-forwarded-for': client },
        payload: {},
      });
    await fromOutside('203.0.113.1');
    await fromOutside('203.0.113.2');
    expect((await fromOutside('203.0.113.3')).statusCode).toBe(429);
  });

  it('accepts false, a hop count or a list of addresses/CIDRs, and names the path otherwise', () => {
    expect(parseConfig({}).server.trustProxy).toBe(false);
    expect(
      parseConfig({ server: { trustProxy: ['10.0.0.0/8', '::1', 'loopback'] } }).server.trustProxy,
    ).toEqual(['10.0.0.0/8', '::1', 'loopback']);
    expect(() => parseConfig({ server: { trustProxy: true } })).toThrow(/server\.trustProxy/);
    expect(() => parseConfig({ server: { trustProxy: ['not-an-ip'] } })).toThrow(/server\.trustProxy/);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../testing/build-test-app.ts';

let t: TestApp;
afterEach(async () => t?.app.close());

describe('GET /v1/accounts/:account/.well-known/jwks.json', () => {
  it('publishes RSA-OAEP-256 and ECDH-ES encryption keys without any private member', async () => {
    t = await buildTestApp();
    const res = await t.app.inject({ method: 'GET', url: '/v1/accounts/acme/.well-known/jwks.json' });
    expect(res.statusCode).toBe(200);
    const { keys } = res.json();
    expect(keys.map((k: { alg: string }) => k.alg).sort()).toEqual(['ECDH-ES', 'RSA-OAEP-256']);
    for (const key of keys) {
      expect(key.use).toBe('enc');
      for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) expect(key).not.toHaveProperty(member);
    }
    expect(res.headers['cache-control']).toContain('max-age');
    const again = await t.app.inject({ method: 'GET', url: '/v1/accounts/acme/.well-known/jwks.json' });
    expect(again.json()).toEqual(res.json());
  });

  it('gives each account its own keys, and 404 ACCOUNT_NOT_FOUND for an unknown one', async () => {
    t = await buildTestApp();
    const acme = (
      await t.app.inject({ method: 'GET', url: '/v1/accounts/acme/.well-known/jwks.json' })
    ).json();
    const locked = (
      await t.app.inject({ method: 'GET', url: '/v1/accounts/locked/.well-known/jwks.json' })
    ).json();
    expect(acme.keys[0].kid).not.toBe(locked.keys[0].kid);
    const unknown = await t.app.inject({ method: 'GET', url: '/v1/accounts/nope/.well-known/jwks.json' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('ACCOUNT_NOT_FOUND');
  });
});

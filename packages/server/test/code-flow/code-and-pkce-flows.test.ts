import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import { s256Challenge } from '@parley/core';
import {
  CODE_IDP_BRAND_REDIRECT,
  CONNECTOR,
  buildCodeFlowApp,
  expectProblem,
  useWorld,
} from '../../src/testing/code-flow-fixture.ts';

const world = useWorld();

const VERIFIER = 'a'.repeat(20) + '-._~' + 'B9'.repeat(10);

describe('code flow against a real oidc-provider, every token endpoint auth method', () => {
  for (const method of ['client_secret_basic', 'client_secret_post', 'private_key_jwt'] as const) {
    it(`${method}: the code becomes a session, the same sub the same consumer`, async () => {
      const t = await buildCodeFlowApp(world);
      const { code, redirectUri } = await world.idp.obtainCode({ method, login: `alice-${method}` });
      const res = await t.post('authenticate', { code, redirectUri, connector: CONNECTOR[method] });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        authenticated: true,
        consumer: { displayName: `Consumer alice-${method}` },
      });
      const again = await world.idp.obtainCode({ method, login: `alice-${method}` });
      const second = await t.post('authenticate', { code: again.code, connector: CONNECTOR[method] }); // only one redirectUri registered
      expect(second.json().consumerId).toBe(res.json().consumerId);
    });
  }

  it('none (public client): PKCE mobile with the app-held verifier', async () => {
    const t = await buildCodeFlowApp(world);
    const { code, redirectUri } = await world.idp.obtainCode({
      method: 'none',
      codeChallenge: await s256Challenge(VERIFIER),
    });
    const res = await t.post('authenticate', {
      code,
      redirectUri,
      codeVerifier: VERIFIER,
      connector: 'public',
    });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('serves the public JWK of the private_key_jwt client key, and 404 for a connector without one', async () => {
    const t = await buildCodeFlowApp(world);
    const res = await t.app.inject({ method: 'GET', url: '/v1/accounts/acme/connectors/pkjwt/jwks.json' });
    expect(res.statusCode).toBe(200);
    const { keys } = res.json() as { keys: Record<string, unknown>[] };
    expect(keys).toEqual([world.clientJwk]);
    expect(keys[0]).not.toHaveProperty('d');
    const none = await t.app.inject({ method: 'GET', url: '/v1/accounts/acme/connectors/basic/jwks.json' });
    expectProblem(none, 404, 'CONNECTOR_NOT_FOUND');
  });

  it('steps up an anonymous consumer with a code', async () => {
    const t = await buildCodeFlowApp(world);
    const anon = (await t.post('anonymous', {})).json();
    const { code } = await world.idp.obtainCode({ method: 'client_secret_basic', login: 'stepper' });
    const res = await t.post('authenticate', {
      code,
      connector: 'basic',
      anonymousSessionToken: anon.sessionToken,
    });
    expect(res.statusCode).toBe(200);
    expect((await t.stores.consumers.get('acme', anon.consumerId))?.mergedInto).toBe(res.json().consumerId);
  });
});

describe('code flow refusals', () => {
  it('a replayed code → 401 CODE_REPLAYED without a second IdP call', async () => {
    const t = await buildCodeFlowApp(world);
    const { code } = await world.idp.obtainCode({ method: 'client_secret_basic' });
    expect((await t.post('authenticate', { code, connector: 'basic' })).statusCode).toBe(200);
    const calls = t.exchangerCalls.length;
    expectProblem(await t.post('authenticate', { code, connector: 'basic' }), 401, 'CODE_REPLAYED');
    expect(t.exchangerCalls.length).toBe(calls);
  });

  it('an unregistered redirectUri → 400 REQUEST_INVALID before any IdP request', async () => {
    const t = await buildCodeFlowApp(world);
    const before = world.idp.requests.length;
    const res = await t.post('authenticate', {
      code: 'whatever',
      redirectUri: 'https://evil.example/cb',
      connector: 'basic',
    });
    expectProblem(res, 400, 'REQUEST_INVALID');
    expect(world.idp.requests.length).toBe(before);
    expect(t.exchangerCalls).toEqual([]);
  });

  it('redirectUri is required when the connector registers several', async () => {
    const t = await buildCodeFlowApp(world, {
      connector: { redirectUris: [CODE_IDP_BRAND_REDIRECT, 'https://www.acme.example/other'] },
    });
    expectProblem(await t.post('authenticate', { code: 'x', connector: 'basic' }), 400, 'REQUEST_INVALID');
  });

  it('a code the IdP refuses (wrong client, invalid_grant) → 401 CODE_EXCHANGE_FAILED, no code in the body', async () => {
    const t = await buildCodeFlowApp(world);
    const { code } = await world.idp.obtainCode({ method: 'client_secret_post' });
    const res = await t.post('authenticate', { code, connector: 'basic' });
    expectProblem(res, 401, 'CODE_EXCHANGE_FAILED');
    expect(res.body).not.toContain(code);
  });

  it('a flow the connector does not enable → 403 FLOW_NOT_ENABLED', async () => {
    const t = await buildCodeFlowApp(world);
    expectProblem(await t.post('authenticate', { code: 'x', connector: 'public' }), 403, 'FLOW_NOT_ENABLED');
  });

  it('a PKCE code on a code-only connector → 403 FLOW_NOT_ENABLED before any IdP call; the code is not spent', async () => {
    const t = await buildCodeFlowApp(world, { connector: { flows: ['code'] } });
    const { code } = await world.idp.obtainCode({ method: 'client_secret_basic' });
    const before = world.idp.requests.length;
    const res = await t.post('authenticate', { code, codeVerifier: VERIFIER, connector: 'basic' });
    expectProblem(res, 403, 'FLOW_NOT_ENABLED');
    expect(t.exchangerCalls).toEqual([]);
    expect(world.idp.requests.length).toBe(before);
    // no code-replay record was written: the same code still logs in by the enabled flow
    expect((await t.post('authenticate', { code, connector: 'basic' })).statusCode).toBe(200);
  });

  it('an invalid anonymousSessionToken → 401 SESSION_INVALID and the code is not spent', async () => {
    const t = await buildCodeFlowApp(world);
    const { code } = await world.idp.obtainCode({ method: 'client_secret_basic' });
    expectProblem(
      await t.post('authenticate', { code, connector: 'basic', anonymousSessionToken: 'nope' }),
      401,
      'SESSION_INVALID',
    );
    expect(t.exchangerCalls).toEqual([]);
    expect((await t.post('authenticate', { code, connector: 'basic' })).statusCode).toBe(200);
  });

  it('an IdP that never answers → 502 IDP_UNAVAILABLE within idpTimeoutMs', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer(() => undefined);
    silent.on('connection', (s) => sockets.push(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const tokenEndpoint = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/token`;
      const t = await buildCodeFlowApp(world, { connector: { tokenEndpoint, idpTimeoutMs: 300 } });
      // the account's keys exist before the clock starts: this test times the IdP call only (the
      // cold-account case has its own test beside the other deadline cases)
      await t.app.inject({ method: 'GET', url: '/v1/accounts/acme/.well-known/jwks.json' });
      const started = Date.now();
      expectProblem(
        await t.post('authenticate', { code: 'abc', connector: 'basic' }),
        502,
        'IDP_UNAVAILABLE',
      );
      expect(Date.now() - started).toBeLessThan(2500);
    } finally {
      sockets.forEach((s) => s.destroy());
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe('PKCE web (Parley-held verifier)', () => {
  it('POST /pkce → 201 S256 challenge; the code made with it logs in once', async () => {
    const t = await buildCodeFlowApp(world);
    const created = await t.post('pkce', { connector: 'public' });
    expect(created.statusCode).toBe(201);
    const tx = created.json();
    expect(tx).toEqual({
      transaction: expect.any(String),
      codeChallenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      codeChallengeMethod: 'S256',
      expiresAt: expect.any(String),
    });
    expect(Date.parse(tx.expiresAt) - t.clock.now()).toBeGreaterThan(9.9 * 60_000);
    const { code } = await world.idp.obtainCode({ method: 'none', codeChallenge: tx.codeChallenge });
    const res = await t.post('authenticate', { code, pkceTransaction: tx.transaction, connector: 'public' });
    expect(res.statusCode, res.body).toBe(200);
    // the transaction is single use
    const other = await world.idp.obtainCode({ method: 'none', codeChallenge: tx.codeChallenge });
    expectProblem(
      await t.post('authenticate', {
        code: other.code,
        pkceTransaction: tx.transaction,
        connector: 'public',
      }),
      401,
      'PKCE_TRANSACTION_UNKNOWN',
    );
  });

  it('also works with a confidential client (code + PKCE), and with an empty /pkce body', async () => {
    const t = await buildCodeFlowApp(world);
    const tx = (await t.app.inject({ method: 'POST', url: '/v1/accounts/acme/pkce' })).json();
    const { code } = await world.idp.obtainCode({
      method: 'client_secret_basic',
      codeChallenge: tx.codeChallenge,
    });
    expect((await t.post('authenticate', { code, pkceTransaction: tx.transaction })).statusCode).toBe(200);
  });

  it('an unknown transaction → 401 PKCE_TRANSACTION_UNKNOWN; a late one → PKCE_TRANSACTION_EXPIRED', async () => {
    const t = await buildCodeFlowApp(world);
    expectProblem(
      await t.post('authenticate', { code: 'x', pkceTransaction: 'forged', connector: 'public' }),
      401,
      'PKCE_TRANSACTION_UNKNOWN',
    );
    const tx = (await t.post('pkce', { connector: 'public' })).json();
    t.clock.advanceSeconds(601);
    expectProblem(
      await t.post('authenticate', { code: 'x', pkceTransaction: tx.transaction, connector: 'public' }),
      401,
      'PKCE_TRANSACTION_EXPIRED',
    );
    expect(t.exchangerCalls).toEqual([]);
  });

  it('a verifier that does not match the challenge → the IdP refuses → 401 CODE_EXCHANGE_FAILED', async () => {
    const t = await buildCodeFlowApp(world);
    const { code } = await world.idp.obtainCode({
      method: 'none',
      codeChallenge: await s256Challenge(VERIFIER),
    });
    const res = await t.post('authenticate', { code, codeVerifier: 'z'.repeat(43), connector: 'public' });
    expectProblem(res, 401, 'CODE_EXCHANGE_FAILED');
  });

  it('codeVerifier of bad length or charset, or both PKCE inputs → 400 REQUEST_INVALID', async () => {
    const t = await buildCodeFlowApp(world);
    for (const codeVerifier of [
      'a'.repeat(42),
      'a'.repeat(129),
      'a'.repeat(42) + '!',
      'a'.repeat(42) + ' ',
      'é'.repeat(43),
    ]) {
      expectProblem(
        await t.post('authenticate', { code: 'x', codeVerifier, connector: 'public' }),
        400,
        'REQUEST_INVALID',
      );
    }
    expectProblem(
      await t.post('authenticate', {
        code: 'x',
        codeVerifier: VERIFIER,
        pkceTransaction: 't',
        connector: 'public',
      }),
      400,
      'REQUEST_INVALID',
    );
    expect(t.exchangerCalls).toEqual([]);
  });

  it('/pkce for a connector without pkce → 403 FLOW_NOT_ENABLED; unknown connector → 404', async () => {
    const t = await buildCodeFlowApp(world, { connector: { flows: ['code'] } });
    expectProblem(await t.post('pkce', { connector: 'basic' }), 403, 'FLOW_NOT_ENABLED');
    expectProblem(await t.post('pkce', { connector: 'nope' }), 404, 'CONNECTOR_NOT_FOUND');
  });
});

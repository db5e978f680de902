import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createFetchIdpHttp,
  generateSigningKey,
  idTokenClaims,
  mintToken,
  testConnector,
} from '../../src/testing/index.ts';
import { JWKS_URI, codeOf, setup } from './support.ts';

/** A brand whose IdP generated its key at start and regenerated it (same kid) on restart. */
async function restartedBrand(overrides: Record<string, unknown> = {}) {
  const before = await generateSigningKey('ES256', { kid: 'current' });
  const after = await generateSigningKey('ES256', { kid: 'current' });
  const ctx = setup([testConnector({ jwksUri: JWKS_URI, ...overrides })]);
  ctx.idpHttp.serve(JWKS_URI, { keys: [before.publicJwk] });
  await ctx.verifier.verify(await mintToken(before, idTokenClaims(ctx.now())));
  ctx.idpHttp.serve(JWKS_URI, { keys: [after.publicJwk] });
  const mintAfter = () => mintToken(after, idTokenClaims(ctx.now()));
  return { ...ctx, before, after, mintAfter };
}

describe('a brand key replaced under the same kid', () => {
  it('is refetched on a signature failure once the refresh cooldown allows, then verifies', async () => {
    const { verifier, idpHttp, clock, mintAfter } = await restartedBrand();
    expect(await codeOf(verifier.verify(await mintAfter()))).toBe('TOKEN_SIGNATURE_INVALID');
    expect(idpHttp.calls).toHaveLength(1); // within the cooldown of the first fetch
    clock.advanceSeconds(31);
    await expect(verifier.verify(await mintAfter())).resolves.toMatchObject({ subject: 'consumer-1' });
    expect(idpHttp.calls).toHaveLength(2);
  });

  it('fetches at most once per cooldown under a flood of forged tokens naming a known kid', async () => {
    const { verifier, idpHttp, clock, now } = await restartedBrand();
    clock.advanceSeconds(31);
    const forger = await generateSigningKey('ES256', { kid: 'current' });
    const forged = await Promise.all(
      Array.from({ length: 20 }, () => mintToken(forger, idTokenClaims(now()))),
    );
    const codes = await Promise.all(forged.map((token) => codeOf(verifier.verify(token))));
    expect(new Set(codes)).toEqual(new Set(['TOKEN_SIGNATURE_INVALID']));
    expect(idpHttp.calls).toHaveLength(2);
  });

  it('shares the cooldown with the unknown-kid refresh', async () => {
    const { verifier, idpHttp, clock, now, mintAfter } = await restartedBrand();
    clock.advanceSeconds(31);
    const stranger = await generateSigningKey('ES256', { kid: 'unknown' });
    expect(await codeOf(verifier.verify(await mintToken(stranger, idTokenClaims(now()))))).toBe(
      'TOKEN_KEY_NOT_FOUND',
    );
    expect(idpHttp.calls).toHaveLength(2); // that refresh already loaded the new key
    await expect(verifier.verify(await mintAfter())).resolves.toBeDefined();
    const third = await generateSigningKey('ES256', { kid: 'current' });
    idpHttp.serve(JWKS_URI, { keys: [third.publicJwk] }); // restarted again, within the cooldown
    expect(await codeOf(verifier.verify(await mintToken(third, idTokenClaims(now()))))).toBe(
      'TOKEN_SIGNATURE_INVALID',
    );
    expect(idpHttp.calls).toHaveLength(2);
  });

  it('never refetches for a kid of the configured publicKeys', async () => {
    const configured = await generateSigningKey('ES256', { kid: 'static' });
    const forger = await generateSigningKey('ES256', { kid: 'static' });
    const remote = await generateSigningKey('ES256', { kid: 'remote' });
    const { verifier, idpHttp, clock, now } = setup([
      testConnector({ jwksUri: JWKS_URI, publicKeys: [configured.publicJwk] }),
    ]);
    idpHttp.serve(JWKS_URI, { keys: [remote.publicJwk] });
    await verifier.verify(await mintToken(configured, idTokenClaims(now())));
    clock.advanceSeconds(31);
    expect(await codeOf(verifier.verify(await mintToken(forger, idTokenClaims(now()))))).toBe(
      'TOKEN_SIGNATURE_INVALID',
    );
    expect(idpHttp.calls).toHaveLength(1);
  });

  it('says in the error how long running servers cache the brand keys', async () => {
    const { verifier, mintAfter } = await restartedBrand({ jwksCacheSeconds: 300 });
    const err = await verifier.verify(await mintAfter()).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'TOKEN_SIGNATURE_INVALID',
      detail: expect.stringMatching(/connector "main".*cache the brand JWKS for 300 s \(jwksCacheSeconds\)/),
    });
  });
});

describe('a brand key replaced under the same kid, over real HTTP', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  /** A JWKS endpoint on loopback whose key set the test swaps, counting requests. */
  async function jwksServer(initial: JWK[]) {
    const state = { keys: initial, hits: 0 };
    server = createServer((_req, res) => {
      state.hits++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: state.keys }));
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return { state, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks` };
  }

  it('picks up the new key after the cooldown instead of failing for jwksCacheSeconds', async () => {
    const before = await generateSigningKey('RS256', { kid: 'boot' });
    const after = await generateSigningKey('RS256', { kid: 'boot' });
    const { state, url } = await jwksServer([before.publicJwk]);
    const { verifier, clock, now } = setup([testConnector({ jwksUri: url })], createFetchIdpHttp());
    await verifier.verify(await mintToken(before, idTokenClaims(now())));
    state.keys = [after.publicJwk];
    clock.advanceSeconds(31);
    await expect(verifier.verify(await mintToken(after, idTokenClaims(now())))).resolves.toBeDefined();
    expect(state.hits).toBe(2);
  });
});

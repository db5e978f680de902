import { describe, expect, it } from 'vitest';
import { idTokenClaims } from '../../src/testing/index.ts';
import { mintToken } from '../../src/testing/index.ts';
import { codeOf, setupWithKey } from './support.ts';

const EVENTS = { 'http://schemas.openid.net/event/backchannel-logout': {} };

/** A back-channel logout token as an IdP mints it (no nonce, an events claim, a jti). */
function logoutClaims(now: number, jti: string) {
  return idTokenClaims(now, { jti, events: EVENTS });
}

describe('back-channel logout tokens and id_tokens are kept apart', () => {
  it('refuses a logout token presented as an id_token (events claim, typ JWT)', async () => {
    const { verifier, key, now } = await setupWithKey('ES256');
    const token = await mintToken(key, logoutClaims(now(), 'l-1'));
    const err = await verifier.verify(token).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'TOKEN_MALFORMED', detail: expect.stringMatching(/"events"/) });
    await expect(verifier.verify(token, { expectedTyp: 'logout' })).resolves.toBeDefined();
  });

  it('refuses a logout token with typ logout+jwt presented as an id_token', async () => {
    const { verifier, key, now } = await setupWithKey('ES256');
    const token = await mintToken(key, logoutClaims(now(), 'l-2'), { typ: 'logout+jwt' });
    const err = await verifier.verify(token).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'TOKEN_MALFORMED',
      detail: expect.stringMatching(/JWT or application\/jwt/),
    });
  });

  it('a logout token jti cannot be spent again by an id_token (one replay namespace)', async () => {
    const { verifier, key, now } = await setupWithKey('ES256');
    await verifier.verify(await mintToken(key, logoutClaims(now(), 'shared')), { expectedTyp: 'logout' });
    expect(await codeOf(verifier.verify(await mintToken(key, idTokenClaims(now(), { jti: 'shared' }))))).toBe(
      'TOKEN_REPLAYED',
    );
  });

  it('an id_token jti cannot be spent again by a logout token (one replay namespace)', async () => {
    const { verifier, key, now, replayCache } = await setupWithKey('ES256');
    await verifier.verify(await mintToken(key, idTokenClaims(now(), { jti: 'shared' })));
    const logout = await mintToken(key, logoutClaims(now(), 'shared'), { typ: 'logout+jwt' });
    expect(await codeOf(verifier.verify(logout, { expectedTyp: 'logout' }))).toBe('TOKEN_REPLAYED');
    expect([...replayCache.keys.keys()]).toEqual(['idt:acme:main:jti:shared']);
  });
});

import { describe, expect, it } from 'vitest';
import { idTokenClaims, mintToken, rawToken } from '../../src/testing/index.ts';
import { codeOf, setupWithKey } from './support.ts';

async function fixture() {
  const ctx = await setupWithKey('RS256');
  return { ...ctx, valid: await ctx.mint() };
}

describe('malformed compact tokens', () => {
  it('refuses a token larger than 16 KB', async () => {
    const { key, verifier, now } = await fixture();
    const token = await mintToken(key, idTokenClaims(now(), { padding: 'x'.repeat(16 * 1024) }));
    expect(await codeOf(verifier.verify(token))).toBe('TOKEN_MALFORMED');
  });

  it.each([
    ['a leading space', (t: string) => ` ${t}`],
    ['a trailing newline', (t: string) => `${t}\n`],
    ['a space inside a segment', (t: string) => t.replace('.', '. ')],
    ['base64 padding', (t: string) => `${t}=`],
    ['standard base64 characters', (t: string) => `${t.slice(0, 5)}+${t.slice(6)}`],
    ['four segments', (t: string) => `${t}.AAAA`],
    ['two segments', (t: string) => t.split('.').slice(0, 2).join('.')],
  ])('refuses a token with %s', async (_name, mutate) => {
    const { verifier, valid } = await fixture();
    expect(await codeOf(verifier.verify(mutate(valid)))).toBe('TOKEN_MALFORMED');
  });

  it('refuses duplicate claim names', async () => {
    const { verifier, now } = await fixture();
    const payload = JSON.stringify(idTokenClaims(now())).replace('{', '{"sub":"admin",');
    expect(await codeOf(verifier.verify(rawToken('{"alg":"RS256"}', payload)))).toBe('TOKEN_MALFORMED');
  });

  it('refuses duplicate header names', async () => {
    const { verifier, now } = await fixture();
    const token = rawToken('{"alg":"RS256","alg":"HS256"}', JSON.stringify(idTokenClaims(now())));
    expect(await codeOf(verifier.verify(token))).toBe('TOKEN_MALFORMED');
  });

  it('refuses duplicate names inside a nested claim object', async () => {
    const { verifier, now } = await fixture();
    const payload = JSON.stringify(idTokenClaims(now(), { billing: { plan: 'x' } })).replace(
      '"plan"',
      '"plan":"gold","plan"',
    );
    expect(await codeOf(verifier.verify(rawToken('{"alg":"RS256"}', payload)))).toBe('TOKEN_MALFORMED');
  });

  it.each([
    ['a JSON array payload', '[1,2]'],
    ['a non-JSON payload', 'not json'],
    ['a JSON string payload', '"claims"'],
  ])('refuses %s', async (_name, payload) => {
    const { verifier } = await fixture();
    expect(await codeOf(verifier.verify(rawToken('{"alg":"RS256"}', payload)))).toBe('TOKEN_MALFORMED');
  });

  it('refuses a numeric kid', async () => {
    const { key, verifier, now } = await fixture();
    expect(await codeOf(verifier.verify(await mintToken(key, idTokenClaims(now()), { kid: 7 })))).toBe(
      'TOKEN_MALFORMED',
    );
  });

  it.each(['at+jwt', 'JWS', 'logout+jwt'])('refuses an id_token with typ %s', async (typ) => {
    const { key, verifier, now } = await fixture();
    expect(await codeOf(verifier.verify(await mintToken(key, idTokenClaims(now()), { typ })))).toBe(
      'TOKEN_MALFORMED',
    );
  });

  it.each(['JWT', 'jwt', 'application/jwt'])('accepts an id_token with typ %s', async (typ) => {
    const { key, verifier, now } = await fixture();
    await expect(verifier.verify(await mintToken(key, idTokenClaims(now()), { typ }))).resolves.toBeDefined();
  });

  it('accepts an id_token without typ', async () => {
    const { key, verifier, now } = await fixture();
    await expect(
      verifier.verify(await mintToken(key, idTokenClaims(now()), { typ: null })),
    ).resolves.toBeDefined();
  });

  it('accepts typ logout+jwt only when the caller verifies a logout token', async () => {
    const { key, verifier, now } = await fixture();
    const token = await mintToken(key, idTokenClaims(now()), { typ: 'logout+jwt' });
    await expect(verifier.verify(token, { expectedTyp: 'logout' })).resolves.toBeDefined();
  });

  it.each([
    ['iss', 42],
    ['aud', 42],
    ['aud', ['parley', 7]],
    ['jti', 1],
    ['sid', {}],
    ['sub', 12345],
    ['exp', '9999999999'],
    ['iat', null],
    ['nbf', 'now'],
  ])('refuses a wrong-typed %s claim', async (name, value) => {
    const { key, verifier, now } = await fixture();
    const token = await mintToken(key, idTokenClaims(now(), { [name]: value }));
    expect(await codeOf(verifier.verify(token))).toBe('TOKEN_MALFORMED');
  });

  it.each(['exp', 'iat'])('refuses a token without %s', async (name) => {
    const { key, verifier, now } = await fixture();
    const token = await mintToken(key, idTokenClaims(now(), { [name]: undefined }));
    expect(await codeOf(verifier.verify(token))).toBe('TOKEN_MALFORMED');
  });

  it('never puts the token or claim values in the error detail', async () => {
    const { key, verifier, now } = await fixture();
    const token = await mintToken(
      key,
      idTokenClaims(now(), { iss: 'https://secret-issuer.example', sub: 'secret-sub' }),
    );
    const err = await verifier.verify(token).catch((e: unknown) => e as Error);
    expect(String((err as Error).message)).not.toMatch(/secret|eyJ/);
  });
});

import { describe, expect, it } from 'vitest';
import { ensureAccountKeys } from '../../src/keys/ensure-account-keys.ts';
import { publicEncryptionJwks } from '../../src/keys/public-encryption-jwks.ts';
import { encryptToken, idTokenClaims, mintToken } from '../../src/testing/index.ts';
import { codeOf, setupWithKey } from './support.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Every other spelling of a base64url segment that a lenient decoder reads as the same bytes:
 * the last character's unused low bits (4 with one byte left over, 2 with two) changed.
 */
function otherSpellings(segment: string): string[] {
  const unusedBits = { 2: 4, 3: 2 }[(segment.length % 4) as 2 | 3];
  if (unusedBits === undefined) return [];
  const last = ALPHABET.indexOf(segment.at(-1)!);
  const base = last & ~((1 << unusedBits) - 1);
  return Array.from({ length: 1 << unusedBits }, (_, low) => ALPHABET[base | low]!)
    .filter((char) => char !== segment.at(-1))
    .map((char) => segment.slice(0, -1) + char);
}

const withSegment = (token: string, index: number, segment: string) =>
  token
    .split('.')
    .map((s, i) => (i === index ? segment : s))
    .join('.');

/** A segment index whose length leaves unused bits, in a token minted until it has one. */
async function tokenWithRespellable(mint: () => Promise<string>, index: number): Promise<string> {
  for (;;) {
    const token = await mint();
    if (otherSpellings(token.split('.')[index]!).length > 0) return token;
  }
}

describe('one token has one spelling (canonical base64url)', () => {
  it('accepts a jti-less ES256 token once and refuses its 15 other signature spellings as malformed', async () => {
    const { verifier, mint } = await setupWithKey('ES256');
    const token = await mint({ jti: undefined });
    const spellings = otherSpellings(token.split('.')[2]!).map((s) => withSegment(token, 2, s));
    expect(spellings).toHaveLength(15); // 64-byte signature: 86 characters, 4 unused bits
    await verifier.verify(token);
    const codes = await Promise.all(spellings.map((t) => codeOf(verifier.verify(t))));
    expect(new Set(codes)).toEqual(new Set(['TOKEN_MALFORMED']));
    expect(await codeOf(verifier.verify(token))).toBe('TOKEN_REPLAYED');
  });

  it('refuses a re-spelled signature even before the canonical one was seen', async () => {
    const { verifier, mint } = await setupWithKey('ES256');
    const token = await mint({ jti: undefined });
    const [respelled] = otherSpellings(token.split('.')[2]!);
    expect(await codeOf(verifier.verify(withSegment(token, 2, respelled!)))).toBe('TOKEN_MALFORMED');
    await expect(verifier.verify(token)).resolves.toBeDefined();
  });

  it.each([
    ['header', 0],
    ['payload', 1],
  ])('refuses a re-spelled %s segment', async (_name, index) => {
    const { verifier, key, now } = await setupWithKey('ES256');
    let n = 0;
    const token = await tokenWithRespellable(
      () => mintToken(key, idTokenClaims(now(), { pad: 'x'.repeat(n++) }), { pad: 'y'.repeat(n) }),
      index,
    );
    const [respelled] = otherSpellings(token.split('.')[index]!);
    expect(await codeOf(verifier.verify(withSegment(token, index, respelled!)))).toBe('TOKEN_MALFORMED');
    await expect(verifier.verify(token)).resolves.toBeDefined();
  });

  it('refuses a re-spelled segment of a JWE', async () => {
    const { verifier, keyStore, account, clock, key, now } = await setupWithKey('ES256');
    const jwks = publicEncryptionJwks(await ensureAccountKeys(keyStore, account.id, clock));
    const encKey = jwks.keys.find((k) => k.alg === 'ECDH-ES')!;
    const jwe = await tokenWithRespellable(
      async () => encryptToken(await mintToken(key, idTokenClaims(now())), encKey),
      4,
    );
    const [respelled] = otherSpellings(jwe.split('.')[4]!);
    expect(await codeOf(verifier.verify(withSegment(jwe, 4, respelled!)))).toBe('TOKEN_MALFORMED');
    await expect(verifier.verify(jwe)).resolves.toBeDefined();
  });
});

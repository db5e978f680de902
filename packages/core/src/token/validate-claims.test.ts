import { describe, expect, it } from 'vitest';
import { idTokenClaims, testConnector } from '../testing/index.ts';
import { validateClaims } from './validate-claims.ts';

const NOW = 2_000_000_000;
const connector = testConnector();
const codeOf = (claims: Record<string, unknown>, nonce?: string) => {
  try {
    validateClaims(claims, connector, { now: NOW, nonce });
    return 'ok';
  } catch (err) {
    return (err as { code: string }).code;
  }
};

describe('validateClaims', () => {
  it('returns subject, expiry and issue time of valid claims', () => {
    expect(validateClaims(idTokenClaims(NOW), connector, { now: NOW })).toEqual({
      subject: 'consumer-1',
      expiresAt: NOW + 600,
      issuedAt: NOW,
    });
  });

  it('checks types before the issuer, so a numeric iss is malformed', () => {
    expect(codeOf(idTokenClaims(NOW, { iss: 1 }))).toBe('TOKEN_MALFORMED');
  });

  it('refuses an empty aud array as naming no audience', () => {
    expect(codeOf(idTokenClaims(NOW, { aud: [] }))).toBe('TOKEN_AUDIENCE_MISMATCH');
  });

  it('refuses non-finite time claims', () => {
    expect(codeOf({ ...idTokenClaims(NOW), exp: Number.POSITIVE_INFINITY })).toBe('TOKEN_MALFORMED');
  });

  it('applies the lifetime cap before expiry, so exp far in the future is malformed', () => {
    expect(codeOf(idTokenClaims(NOW, { exp: NOW + 10 ** 9 }))).toBe('TOKEN_MALFORMED');
  });

  it('treats a duplicated audience value as one audience (no azp needed)', () => {
    expect(codeOf(idTokenClaims(NOW, { aud: ['parley', 'parley'] }))).toBe('ok');
  });

  it('refuses a nonce claim when the caller expects another one', () => {
    expect(codeOf(idTokenClaims(NOW, { nonce: 'a' }), 'b')).toBe('TOKEN_NONCE_MISMATCH');
  });

  it('ignores the token nonce when no nonce is expected', () => {
    expect(codeOf(idTokenClaims(NOW, { nonce: 'a' }))).toBe('ok');
  });

  it('reads the subject of a logout token from sub even when the connector keys consumers by another claim', () => {
    const byCustomerId = testConnector({ subjectClaim: 'customer_id' });
    const logout = { now: NOW, subjectOptional: true };
    expect(validateClaims(idTokenClaims(NOW, { sub: 'idp-7' }), byCustomerId, logout).subject).toBe('idp-7');
    expect(validateClaims(idTokenClaims(NOW, { sub: undefined }), byCustomerId, logout).subject).toBe('');
    expect(() => validateClaims(idTokenClaims(NOW, { sub: 'idp-7' }), byCustomerId, { now: NOW })).toThrow(
      expect.objectContaining({ code: 'TOKEN_SUBJECT_MISSING' }),
    );
  });
});

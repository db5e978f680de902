import { describe, expect, it } from 'vitest';
import { testConnector } from '../testing/index.ts';
import { assertJweAlgorithmAllowed, assertJwsAlgorithmAllowed } from './assert-algorithm-allowed.ts';

describe('assertJwsAlgorithmAllowed', () => {
  it.each(['none', 'None', 'NONE'])('never allows %s, even when listed nowhere', (alg) => {
    expect(() => assertJwsAlgorithmAllowed(alg, testConnector())).toThrow(
      expect.objectContaining({ code: 'TOKEN_ALG_NOT_ALLOWED' }),
    );
  });

  it('allows a listed asymmetric algorithm', () => {
    expect(() => assertJwsAlgorithmAllowed('ES256', testConnector())).not.toThrow();
  });

  it('refuses HS256 by default (not in the default allowedAlgorithms)', () => {
    expect(() => assertJwsAlgorithmAllowed('HS256', testConnector())).toThrow(
      expect.objectContaining({ code: 'TOKEN_ALG_NOT_ALLOWED' }),
    );
  });
});

describe('assertJweAlgorithmAllowed', () => {
  it.each([
    ['RSA-OAEP-256', 'A256GCM'],
    ['ECDH-ES', 'A128CBC-HS256'],
  ])('allows %s with %s', (alg, enc) => {
    expect(() => assertJweAlgorithmAllowed({ alg, enc })).not.toThrow();
  });

  it.each(['dir', 'RSA1_5', 'RSA-OAEP', 'PBES2-HS512+A256KW', 'A128KW', 'ECDH-ES+A128KW', 'A256GCMKW'])(
    'refuses %s',
    (alg) => {
      expect(() => assertJweAlgorithmAllowed({ alg, enc: 'A256GCM' })).toThrow(
        expect.objectContaining({ code: 'TOKEN_ALG_NOT_ALLOWED' }),
      );
    },
  );
});

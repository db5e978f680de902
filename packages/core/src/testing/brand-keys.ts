import { exportJWK, exportSPKI, generateKeyPair, type CryptoKey, type JWK } from 'jose';

/** A brand signing key pair for tests. */
export interface TestSigningKey {
  alg: string;
  kid: string;
  privateKey: CryptoKey;
  /** Public JWK with `kid`, `alg` and `use: "sig"`. */
  publicJwk: JWK;
  /** SPKI PEM of the public key. */
  publicPem: string;
}

let counter = 0;

/**
 * Generates a brand signing key for `alg` (RS*, PS*, ES*, EdDSA).
 *
 * @example
 * ```ts
 * const key = await generateSigningKey('ES256');
 * const connector = testConnector({ publicKeys: [key.publicJwk] });
 * ```
 */
export async function generateSigningKey(
  alg: string,
  options: { kid?: string } = {},
): Promise<TestSigningKey> {
  const pair = await generateKeyPair(alg, {
    extractable: true,
    ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}),
  });
  const kid = options.kid ?? `test-${alg.toLowerCase()}-${++counter}`;
  return {
    alg,
    kid,
    privateKey: pair.privateKey,
    publicJwk: { ...(await exportJWK(pair.publicKey)), kid, alg, use: 'sig' },
    publicPem: await exportSPKI(pair.publicKey),
  };
}

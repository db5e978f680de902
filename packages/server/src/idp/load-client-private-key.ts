import { calculateJwkThumbprint, exportJWK, importJWK, importPKCS8, type CryptoKey, type JWK } from 'jose';
import type { ConnectorConfig } from '@parley/core';

/** A connector's `privateKey`, ready for `private_key_jwt`, with its public half for the brand. */
export interface ClientPrivateKey {
  key: CryptoKey;
  kid: string;
  alg: string;
  /** Public JWK (`use:"sig"`, `kid`, `alg`) the brand registers for Parley's client. */
  publicJwk: JWK;
}

/** Default JWS alg per key type when the JWK does not name one. */
function defaultAlg(jwk: JWK): string {
  if (jwk.kty === 'EC') return jwk.crv === 'P-384' ? 'ES384' : jwk.crv === 'P-521' ? 'ES512' : 'ES256';
  if (jwk.kty === 'OKP') return 'EdDSA';
  return 'RS256';
}

/**
 * Loads `connector.privateKey` (a private JWK, or a PKCS#8 PEM) for `private_key_jwt` client
 * authentication. The `kid` is the JWK's own, else its RFC 7638 thumbprint; the alg is the
 * JWK's `alg`, else RS256 / ES256 / ES384 / ES512 / EdDSA by key type.
 *
 * @throws TypeError when the connector has no usable private key.
 */
export async function loadClientPrivateKey(connector: ConnectorConfig): Promise<ClientPrivateKey> {
  const input = connector.privateKey;
  if (input === undefined)
    throw new TypeError(`connector ${connector.id}: private_key_jwt needs "privateKey"`);
  let privateJwk: JWK;
  if (typeof input === 'string') {
    const probe = await importPKCS8(input, 'RS256', { extractable: true }).catch(() =>
      importPKCS8(input, 'ES256', { extractable: true }).catch(() =>
        importPKCS8(input, 'EdDSA', { extractable: true }),
      ),
    );
    privateJwk = await exportJWK(probe);
  } else {
    privateJwk = { ...(input as JWK) };
  }
  if (privateJwk.d === undefined)
    throw new TypeError(`connector ${connector.id}: "privateKey" is not a private key`);
  const alg = privateJwk.alg ?? defaultAlg(privateJwk);
  const {
    d: _d,
    p: _p,
    q: _q,
    dp: _dp,
    dq: _dq,
    qi: _qi,
    oth: _oth,
    key_ops: _ops,
    ext: _ext,
    ...publicPart
  } = privateJwk;
  const kid = privateJwk.kid ?? (await calculateJwkThumbprint(publicPart));
  const key = (await importJWK({ ...privateJwk, alg }, alg)) as CryptoKey;
  return { key, kid, alg, publicJwk: { ...publicPart, kid, alg, use: 'sig' } };
}

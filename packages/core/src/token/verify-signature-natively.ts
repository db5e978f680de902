import {
  KeyObject,
  constants,
  createHmac,
  timingSafeEqual,
  verify,
  type VerifyKeyObjectInput,
} from 'node:crypto';
import type { CryptoKey } from 'jose';

/** What WebCrypto algorithm a JWS `alg` needs, and how node:crypto verifies it. */
interface AlgorithmSpec {
  /** WebCrypto `algorithm.name` the imported key must carry. */
  keyAlgorithm: string;
  /** Digest (`null` for EdDSA), also the WebCrypto `algorithm.hash` for RS/PS/HS. */
  hash: string | null;
  kind: 'rsa' | 'pss' | 'ecdsa' | 'eddsa' | 'hmac';
  /** ECDSA: the curve the key must be on. */
  curve?: string;
}

const SPECS: Record<string, AlgorithmSpec> = {
  RS256: { keyAlgorithm: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', kind: 'rsa' },
  RS384: { keyAlgorithm: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384', kind: 'rsa' },
  RS512: { keyAlgorithm: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512', kind: 'rsa' },
  PS256: { keyAlgorithm: 'RSA-PSS', hash: 'SHA-256', kind: 'pss' },
  PS384: { keyAlgorithm: 'RSA-PSS', hash: 'SHA-384', kind: 'pss' },
  PS512: { keyAlgorithm: 'RSA-PSS', hash: 'SHA-512', kind: 'pss' },
  ES256: { keyAlgorithm: 'ECDSA', hash: 'SHA-256', kind: 'ecdsa', curve: 'P-256' },
  ES384: { keyAlgorithm: 'ECDSA', hash: 'SHA-384', kind: 'ecdsa', curve: 'P-384' },
  ES512: { keyAlgorithm: 'ECDSA', hash: 'SHA-512', kind: 'ecdsa', curve: 'P-521' },
  HS256: { keyAlgorithm: 'HMAC', hash: 'SHA-256', kind: 'hmac' },
  HS384: { keyAlgorithm: 'HMAC', hash: 'SHA-384', kind: 'hmac' },
  HS512: { keyAlgorithm: 'HMAC', hash: 'SHA-512', kind: 'hmac' },
};

/** RSA keys under 2048 bits are refused, as jose does (RFC 7518 §3.3). */
const MIN_RSA_BITS = 2048;
/** Base64url alphabet without padding; a length of 4n+1 characters cannot be base64. */
const BASE64URL = /^[A-Za-z0-9_-]*$/;

type Verifier = (input: Buffer, signature: Buffer) => boolean;
/** Per imported key and alg: a ready verifier, or null when the key does not fit the alg. */
const verifiers = new WeakMap<CryptoKey, Map<string, Verifier | null>>();

function specOf(alg: string, key: CryptoKey): AlgorithmSpec | undefined {
  if (alg === 'EdDSA') {
    const name = key.algorithm.name;
    return name === 'Ed25519' || name === 'Ed448'
      ? { keyAlgorithm: name, hash: null, kind: 'eddsa' }
      : undefined;
  }
  return SPECS[alg];
}

/** The same key checks jose applies before `crypto.subtle.verify` (algorithm, hash, curve, usage, RSA size). */
function keyFits(spec: AlgorithmSpec, key: CryptoKey): boolean {
  const algorithm = key.algorithm as {
    name: string;
    hash?: { name: string };
    namedCurve?: string;
    modulusLength?: number;
  };
  if (algorithm.name !== spec.keyAlgorithm || !key.usages.includes('verify')) return false;
  if (spec.kind !== 'eddsa' && spec.kind !== 'ecdsa' && algorithm.hash?.name !== spec.hash) return false;
  if (spec.curve !== undefined && algorithm.namedCurve !== spec.curve) return false;
  if (spec.kind === 'rsa' || spec.kind === 'pss') {
    if (typeof algorithm.modulusLength !== 'number' || algorithm.modulusLength < MIN_RSA_BITS) return false;
  }
  return true;
}

function buildVerifier(spec: AlgorithmSpec, key: CryptoKey): Verifier {
  const keyObject = KeyObject.from(key);
  const digest = spec.hash === null ? null : spec.hash.replace('SHA-', 'sha');
  switch (spec.kind) {
    case 'hmac':
      return (input, signature) => {
        const expected = createHmac(digest!, keyObject).update(input).digest();
        return expected.length === signature.length && timingSafeEqual(expected, signature);
      };
    case 'pss': {
      const options: VerifyKeyObjectInput = {
        key: keyObject,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: Number(spec.hash!.slice(4)) / 8, // RFC 7518 §3.5: salt = hash length
      };
      return (input, signature) => verify(digest, input, options, signature);
    }
    case 'ecdsa': {
      const options: VerifyKeyObjectInput = { key: keyObject, dsaEncoding: 'ieee-p1363' };
      return (input, signature) => verify(digest, input, options, signature);
    }
    default:
      return (input, signature) => verify(digest, input, keyObject, signature);
  }
}

/**
 * Verifies a compact JWS signature with node:crypto, synchronously, on a KeyObject derived once
 * from the already imported CryptoKey (cached per key and alg): the same result as jose's
 * `compactVerify` for the algorithms of {@link SPECS} and EdDSA, with the same key checks
 * (WebCrypto algorithm, hash, curve, `verify` usage, RSA ≥ 2048 bits), but without WebCrypto's
 * per-call job, promise and thread-pool hop. Parsing, `crit` and the alg policy are the
 * caller's (`parseCompact`, `assertJwsAlgorithmAllowed`).
 *
 * Returns true (valid), false (invalid signature, or a key that does not fit `alg`), or
 * undefined when the algorithm is not handled here (the caller falls back to jose).
 */
export function verifySignatureNatively(
  alg: string,
  signingInput: string,
  signatureSegment: string,
  key: CryptoKey,
): boolean | undefined {
  let perKey = verifiers.get(key);
  if (perKey === undefined) {
    perKey = new Map();
    verifiers.set(key, perKey);
  }
  let verifier = perKey.get(alg);
  if (verifier === undefined) {
    const spec = specOf(alg, key);
    if (spec === undefined) return alg === 'EdDSA' ? false : undefined;
    verifier = keyFits(spec, key) ? buildVerifier(spec, key) : null;
    perKey.set(alg, verifier);
  }
  if (verifier === null) return false;
  if (signatureSegment.length % 4 === 1 || !BASE64URL.test(signatureSegment)) return false;
  try {
    return verifier(Buffer.from(signingInput, 'latin1'), Buffer.from(signatureSegment, 'base64url'));
  } catch {
    return false;
  }
}

import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { toBrandPublicJwk } from './to-brand-public-jwk.ts';

const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const spki = publicKey.export({ type: 'spki', format: 'pem' }) as string;
const expected = publicKey.export({ format: 'jwk' });
// A self-signed P-256 test certificate and its private key (openssl req -x509, test fixture only).
const CERT = `-----BEGIN CERTIFICATE-----
MIIBgTCCASegAwIBAgIUdtpl/HTAnsfWfIS18jm/PXcX/+gwCgYIKoZIzj0EAwIw
FTETMBEGA1UEAwwKYnJhbmQtdGVzdDAgFw0yNjExMjUxNDIxNDJaGA8yMTI2MTEw
MTE0MjE0MlowFTETMBEGA1UEAwwKYnJhbmQtdGVzdDBZMBMGByqGSM49AgEGCCqG
SM49AwEHA0IABGj+W7C9hpysZ7Y09oSw6go1KjZ8B2NfvPyvKapTRzCyiLiY18qk
OXYsqo9GlISoRelBuLbAYIGIcEVyX4pr1aijUzBRMB0GA1UdDgQWBBT1ZmGKYO/b
u5Jp03w3QD/DmSJNPDAfBgNVHSMEGDAWgBT1ZmGKYO/bu5Jp03w3QD/DmSJNPDAP
BgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIHTRToqmZn4uWRqS5Duz
6KVdig3E4ejLvmt8P6Wy4W8iAiEA564n09OfVN0cPElnZvyXlQMyxIME0FvOOn/y
Exg1L1s=
-----END CERTIFICATE-----`;
const CERT_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgLIQB6FcSdrB1RxS7
hJ3C1QL3bgvU0ZsL8n/exR8Nfr+hRANCAARo/luwvYacrGe2NPaEsOoKNSo2fAdj
X7z8rymqU0cwsoi4mNfKpDl2LKqPRpSEqEXpQbi2wGCBiHBFcl+Ka9Wo
-----END PRIVATE KEY-----`;

describe('toBrandPublicJwk', () => {
  it('converts an SPKI PEM', () => {
    expect(toBrandPublicJwk(spki)).toEqual(expected);
  });

  it.each([
    ['surrounding whitespace', `\n  ${spki}  \n`],
    ['CRLF line ends', spki.replace(/\n/g, '\r\n')],
    ['literal \\n escapes', spki.replace(/\n/g, '\\n')],
    ['no final newline', spki.trimEnd()],
    [
      'a body on one line',
      spki.replace(/\n(?!-----END)/g, '\n').replace(/([A-Za-z0-9+/=])\n(?=[A-Za-z0-9+/])/g, '$1'),
    ],
  ])('tolerates %s', (_name, pem) => {
    expect(toBrandPublicJwk(pem)).toEqual(expected);
  });

  it('converts an X.509 certificate PEM to its public key, with literal \\n escapes too', () => {
    const fromKey = createPublicKey(createPrivateKey(CERT_KEY)).export({ format: 'jwk' });
    expect(toBrandPublicJwk(CERT)).toEqual(fromKey);
    expect(toBrandPublicJwk(CERT.replace(/\n/g, '\\n'))).toEqual(fromKey);
  });

  it('refuses a private key PEM', () => {
    expect(toBrandPublicJwk(privateKey.export({ type: 'pkcs8', format: 'pem' }))).toBeUndefined();
  });

  it('refuses garbage and a broken certificate', () => {
    expect(toBrandPublicJwk('not a key')).toBeUndefined();
    expect(toBrandPublicJwk(CERT.replace('MIIB', 'XXXX'))).toBeUndefined();
  });

  it('drops private members of a JWK and refuses symmetric keys', () => {
    const jwk = privateKey.export({ format: 'jwk' });
    expect(toBrandPublicJwk({ ...jwk, kid: 'k' })).toEqual({ ...expected, kid: 'k' });
    expect(toBrandPublicJwk({ kty: 'oct', k: 'c2VjcmV0' })).toBeUndefined();
  });
});

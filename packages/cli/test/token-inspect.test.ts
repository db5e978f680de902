import { encryptToken, generateSigningKey, idTokenClaims, mintToken, rawToken } from '@parley/core/testing';
import { generateKeyPair, exportJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { inspectToken } from '../src/token-inspect.ts';
import { parley } from './run-parley.ts';

const NOW_S = 1_800_000_000;
const NOW_MS = NOW_S * 1000;

describe('parley token inspect (the real bin)', () => {
  it('prints header, claims and ISO dates of a JWS from stdin, and says it verified nothing', async () => {
    const key = await generateSigningKey('ES256');
    const now = Math.floor(Date.now() / 1000);
    const token = await mintToken(key, idTokenClaims(now, { sub: 'c-42' }));
    const run = await parley(['token', 'inspect'], { stdin: `${token}\n` });
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({
      kind: 'JWS',
      signatureVerified: false,
      header: { alg: 'ES256', typ: 'JWT', kid: key.kid },
      claims: { sub: 'c-42', iat: now, exp: now + 600 },
      dates: { iat: new Date(now * 1000).toISOString(), exp: new Date((now + 600) * 1000).toISOString() },
      warnings: [],
    });
    expect(run.stderr).toContain('NOT VERIFIED');
  });

  it('refuses a token on the command line without echoing it', async () => {
    const run = await parley(['token', 'inspect', 'eyJhbGciOiJub25lIn0.e30.']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toContain('eyJhbGciOiJub25lIn0');
  });

  it('answers malformed input with TOKEN_MALFORMED and exit 1, without echoing the input', async () => {
    const run = await parley(['token', 'inspect'], { stdin: 'not-a-token-secret-value' });
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toMatch(/^TOKEN_MALFORMED: /);
    expect(run.stderr).not.toContain('secret-value');
    const duplicate = await parley(['token', 'inspect'], {
      stdin: rawToken('{"alg":"RS256","alg":"none"}', '{"sub":"x"}'),
    });
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('TOKEN_MALFORMED: token header has a duplicate member "alg"');
  });
});

describe('inspectToken warnings', () => {
  const claims = idTokenClaims(NOW_S);
  const warningsOf = (token: string) => inspectToken(token, NOW_MS).warnings.join('\n');

  it('warns about alg none and HS* algorithms', () => {
    expect(warningsOf(rawToken('{"alg":"none"}', JSON.stringify(claims)))).toContain('alg "none"');
    expect(warningsOf(rawToken('{"alg":"HS256"}', JSON.stringify(claims)))).toMatch(
      /alg HS256: .*sharedSecret/,
    );
  });

  it('warns about jku, x5u, jwk and x5c headers, which Parley ignores', () => {
    const header = { alg: 'RS256', jku: 'https://evil.example/jwks', x5u: 'https://x', jwk: {}, x5c: [] };
    const warnings = warningsOf(rawToken(JSON.stringify(header), JSON.stringify(claims)));
    for (const name of ['jku', 'x5u', 'jwk', 'x5c'])
      expect(warnings).toContain(`header "${name}" is present`);
  });

  it('warns about crit with the code core would refuse it with', () => {
    const warnings = warningsOf(
      rawToken('{"alg":"RS256","crit":["b64"],"b64":false}', JSON.stringify(claims)),
    );
    expect(warnings).toContain('header "crit" is present');
    expect(warnings).toContain('TOKEN_ALG_NOT_ALLOWED');
  });

  it('warns about missing exp and iat, expired, not yet valid and iat in the future', () => {
    const bare = warningsOf(rawToken('{"alg":"RS256"}', '{"sub":"x"}'));
    expect(bare).toContain('claim "exp" is missing');
    expect(bare).toContain('claim "iat" is missing');
    const expired = idTokenClaims(NOW_S - 3600);
    expect(warningsOf(rawToken('{"alg":"RS256"}', JSON.stringify(expired)))).toContain('expired');
    const future = idTokenClaims(NOW_S + 3600, { nbf: NOW_S + 3600 });
    const warnings = warningsOf(rawToken('{"alg":"RS256"}', JSON.stringify(future)));
    expect(warnings).toContain('not yet valid');
    expect(warnings).toContain('"iat" is in the future');
  });

  it('warns about a token over 16 KB but still decodes it', () => {
    const big = rawToken('{"alg":"RS256"}', JSON.stringify({ ...claims, pad: 'x'.repeat(17 * 1024) }));
    const inspection = inspectToken(big, NOW_MS);
    expect(inspection.claims?.sub).toBe('consumer-1');
    expect(inspection.warnings.join('\n')).toMatch(/over Parley's limit of 16384/);
  });

  it('a clean token has no warnings', () => {
    expect(
      inspectToken(rawToken('{"alg":"RS256","typ":"JWT"}', JSON.stringify(claims)), NOW_MS).warnings,
    ).toEqual([]);
  });

  it('shows only the header of a JWE, and says it is not decrypted', async () => {
    const pair = await generateKeyPair('RSA-OAEP-256', { extractable: true });
    const jwe = await encryptToken(rawToken('{"alg":"RS256"}', JSON.stringify(claims)), {
      ...(await exportJWK(pair.publicKey)),
      kid: 'enc-1',
    });
    const inspection = inspectToken(jwe, NOW_MS);
    expect(inspection).toMatchObject({
      kind: 'JWE',
      header: { alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'enc-1' },
    });
    expect(inspection.claims).toBeUndefined();
    expect(inspection.warnings.join('\n')).toContain('not decrypted');
  });
});

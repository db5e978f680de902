import { describe, expect, it } from 'vitest';
import { TEST_CLIENT_ID, TEST_ISSUER } from '../../src/testing/index.ts';
import { setupWithKey } from './support.ts';

/** The token's own values, each of which must never appear in an error detail. */
const OWN = {
  iss: 'https://own-issuer.example',
  aud: 'own-audience',
  sub: 'own-subject',
  jti: 'own-jti',
  nonce: 'own-nonce',
};

async function detailOf(claims: Record<string, unknown>, overrides: Record<string, unknown> = {}) {
  const { verifier, mint } = await setupWithKey('ES256', { id: 'brand-sso', ...overrides });
  const token = await mint({ sub: OWN.sub, jti: OWN.jti, nonce: OWN.nonce, ...claims });
  const err = (await verifier.verify(token).catch((e: unknown) => e)) as { code: string; detail: string };
  for (const value of [...Object.values(OWN), token, token.split('.')[1]!, token.split('.')[2]!]) {
    expect(err.detail).not.toContain(value);
  }
  return err;
}

describe('token errors say how to fix them, with no token or claim value', () => {
  it('an issuer mismatch names the connector and the expected iss', async () => {
    const err = await detailOf({ iss: OWN.iss });
    expect(err.code).toBe('TOKEN_ISSUER_MISMATCH');
    expect(err.detail).toContain(`connector "brand-sso" (expected "${TEST_ISSUER}")`);
  });

  it('an audience mismatch names the connector and the expected clientId', async () => {
    const err = await detailOf({ aud: OWN.aud });
    expect(err.code).toBe('TOKEN_AUDIENCE_MISMATCH');
    expect(err.detail).toContain(`connector "brand-sso" (expected "${TEST_CLIENT_ID}")`);
  });

  it('an azp mismatch names the expected clientId', async () => {
    const err = await detailOf({ aud: [TEST_CLIENT_ID, OWN.aud], azp: OWN.aud });
    expect(err.code).toBe('TOKEN_AZP_MISMATCH');
    expect(err.detail).toContain(`"${TEST_CLIENT_ID}"`);
  });

  it('an expired token gives the server time and how many seconds past exp', async () => {
    const { verifier, mint, now } = await setupWithKey('ES256');
    const token = await mint({ iat: now() - 1000, exp: now() - 125 });
    const err = (await verifier.verify(token).catch((e: unknown) => e)) as { code: string; detail: string };
    expect(err.code).toBe('TOKEN_EXPIRED');
    expect(err.detail).toContain('"exp" passed 125 s ago');
    expect(err.detail).toContain(`server time ${new Date(now() * 1000).toISOString()}`);
    expect(err.detail).not.toContain(String(now() - 125));
  });

  it('a token not yet valid gives how many seconds before nbf', async () => {
    const { verifier, mint, now } = await setupWithKey('ES256');
    const err = (await verifier.verify(await mint({ nbf: now() + 90 })).catch((e: unknown) => e)) as {
      code: string;
      detail: string;
    };
    expect(err.code).toBe('TOKEN_NOT_YET_VALID');
    expect(err.detail).toMatch(/"nbf" is 90 s in the future \(server time \S+Z, clockToleranceSeconds 30\)/);
  });
});

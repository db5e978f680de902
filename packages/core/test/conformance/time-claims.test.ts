import { describe, expect, it } from 'vitest';
import { codeOf, setupWithKey } from './support.ts';

const fixture = (overrides: Record<string, unknown> = {}) => setupWithKey('ES256', overrides);

describe('time claims with a frozen clock (tolerance 30 s)', () => {
  it('accepts a token that expired within the clock tolerance', async () => {
    const { verifier, now, mint } = await fixture();
    await expect(verifier.verify(await mint({ iat: now() - 100, exp: now() - 29 }))).resolves.toBeDefined();
  });

  it('refuses a token expired beyond the clock tolerance', async () => {
    const { verifier, now, mint } = await fixture();
    expect(await codeOf(verifier.verify(await mint({ iat: now() - 100, exp: now() - 30 })))).toBe(
      'TOKEN_EXPIRED',
    );
  });

  it('refuses a token once the clock moves past exp', async () => {
    const { verifier, clock, mint } = await fixture({ replayProtection: false });
    const token = await mint({});
    await verifier.verify(token);
    clock.advanceSeconds(600 + 30);
    expect(await codeOf(verifier.verify(token))).toBe('TOKEN_EXPIRED');
  });

  it('refuses nbf in the future beyond the tolerance and accepts it within', async () => {
    const { verifier, now, mint } = await fixture();
    expect(await codeOf(verifier.verify(await mint({ nbf: now() + 31 })))).toBe('TOKEN_NOT_YET_VALID');
    await expect(verifier.verify(await mint({ nbf: now() + 30 }))).resolves.toBeDefined();
  });

  it('refuses iat in the future beyond the tolerance even without a max age rule hit', async () => {
    const { verifier, now, mint } = await fixture();
    expect(await codeOf(verifier.verify(await mint({ iat: now() + 31, exp: now() + 600 })))).toBe(
      'TOKEN_ISSUED_IN_FUTURE',
    );
    await expect(verifier.verify(await mint({ iat: now() + 30 }))).resolves.toBeDefined();
  });

  it('refuses a token issued longer ago than maxTokenAgeSeconds plus tolerance', async () => {
    const { verifier, now, mint } = await fixture({ maxTokenAgeSeconds: 300 });
    expect(await codeOf(verifier.verify(await mint({ iat: now() - 331, exp: now() + 600 })))).toBe(
      'TOKEN_TOO_OLD',
    );
    await expect(verifier.verify(await mint({ iat: now() - 330, exp: now() + 600 }))).resolves.toBeDefined();
  });

  it('refuses a token valid until the year 5000 as malformed (lifetime cap)', async () => {
    const { verifier, now, mint } = await fixture();
    expect(await codeOf(verifier.verify(await mint({ exp: 95_617_584_000 })))).toBe('TOKEN_MALFORMED');
    expect(await codeOf(verifier.verify(await mint({ exp: now() + 86_401 })))).toBe('TOKEN_MALFORMED');
    await expect(verifier.verify(await mint({ exp: now() + 86_400 }))).resolves.toBeDefined();
  });

  it('reports the token expiry as expiresAt', async () => {
    const { verifier, now, mint } = await fixture();
    expect((await verifier.verify(await mint({ exp: now() + 120 }))).expiresAt).toBe(now() + 120);
  });
});

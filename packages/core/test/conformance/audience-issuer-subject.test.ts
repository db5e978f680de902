import { describe, expect, it } from 'vitest';
import { TEST_CLIENT_ID } from '../../src/testing/index.ts';
import { codeOf, setupWithKey } from './support.ts';

const fixture = (overrides: Record<string, unknown> = {}) => setupWithKey('ES256', overrides);

describe('issuer, audience, azp, subject and nonce', () => {
  it.each([
    ['from another issuer', { iss: 'https://login.brand.example/' }, 'TOKEN_ISSUER_MISMATCH'],
    ['without iss', { iss: undefined }, 'TOKEN_ISSUER_MISMATCH'],
    ['for another audience', { aud: 'someone-else' }, 'TOKEN_AUDIENCE_MISMATCH'],
    ['without aud', { aud: undefined }, 'TOKEN_AUDIENCE_MISMATCH'],
  ] as const)('refuses a token %s', async (_name, claims, code) => {
    const { verifier, mint } = await fixture();
    expect(await codeOf(verifier.verify(await mint(claims)))).toBe(code);
  });

  it('accepts aud as an array with the client id as the only audience', async () => {
    const { verifier, mint } = await fixture();
    await expect(verifier.verify(await mint({ aud: [TEST_CLIENT_ID] }))).resolves.toBeDefined();
  });

  it('accepts several audiences when azp is the client id', async () => {
    const { verifier, mint } = await fixture();
    await expect(
      verifier.verify(await mint({ aud: [TEST_CLIENT_ID, 'api'], azp: TEST_CLIENT_ID })),
    ).resolves.toBeDefined();
  });

  it('refuses several audiences without azp', async () => {
    const { verifier, mint } = await fixture();
    expect(await codeOf(verifier.verify(await mint({ aud: [TEST_CLIENT_ID, 'api'] })))).toBe(
      'TOKEN_AZP_MISMATCH',
    );
  });

  it('refuses an azp that is not the client id, with one audience too', async () => {
    const { verifier, mint } = await fixture();
    expect(await codeOf(verifier.verify(await mint({ azp: 'other' })))).toBe('TOKEN_AZP_MISMATCH');
    expect(await codeOf(verifier.verify(await mint({ aud: [TEST_CLIENT_ID, 'api'], azp: 'api' })))).toBe(
      'TOKEN_AZP_MISMATCH',
    );
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['blank', '   '],
  ])('refuses a %s subject', async (_name, sub) => {
    const { verifier, mint } = await fixture();
    expect(await codeOf(verifier.verify(await mint({ sub })))).toBe('TOKEN_SUBJECT_MISSING');
  });

  it('reads the subject from a dotted subjectClaim path', async () => {
    const { verifier, mint } = await fixture({ subjectClaim: 'customer.id' });
    expect((await verifier.verify(await mint({ customer: { id: 'C-9' } }))).subject).toBe('C-9');
  });

  it('stringifies a numeric custom subject claim', async () => {
    const { verifier, mint } = await fixture({ subjectClaim: 'customer_number' });
    expect((await verifier.verify(await mint({ customer_number: 4711 }))).subject).toBe('4711');
  });

  it('refuses a custom subject claim that is an object or absent', async () => {
    const { verifier, mint } = await fixture({ subjectClaim: 'customer.id' });
    expect(await codeOf(verifier.verify(await mint({ customer: { id: { x: 1 } } })))).toBe(
      'TOKEN_SUBJECT_MISSING',
    );
    expect(await codeOf(verifier.verify(await mint({})))).toBe('TOKEN_SUBJECT_MISSING');
  });

  it('checks the expected nonce', async () => {
    const { verifier, mint } = await fixture();
    await expect(verifier.verify(await mint({ nonce: 'n-1' }), { nonce: 'n-1' })).resolves.toBeDefined();
    expect(await codeOf(verifier.verify(await mint({ nonce: 'n-2' }), { nonce: 'n-1' }))).toBe(
      'TOKEN_NONCE_MISMATCH',
    );
    expect(await codeOf(verifier.verify(await mint({}), { nonce: 'n-1' }))).toBe('TOKEN_NONCE_MISMATCH');
  });
});

import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoClaims } from './demo-customers.ts';
import { startBrandDemo, type BrandDemo } from './start-brand-demo.ts';

const PARLEY = 'http://127.0.0.1:9';
const CALLBACK = `${PARLEY}/v1/accounts/demo/callback`;
let brand: BrandDemo;

beforeAll(async () => {
  brand = await startBrandDemo({
    port: 0,
    redirectUri: CALLBACK,
    parley: { url: PARLEY, account: 'demo', connector: 'demo' },
  });
});
afterAll(async () => brand?.close());

function authorizeUrl(params: Record<string, string>): string {
  const verifier = randomBytes(32).toString('base64url');
  const query = new URLSearchParams({
    client_id: brand.clientId,
    response_type: 'code',
    scope: 'openid',
    redirect_uri: CALLBACK,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    ...params,
  });
  for (const [key, value] of Object.entries(params)) if (value === '') query.delete(key);
  return `${brand.issuer}/auth?${query}`;
}

describe('the demo brand', () => {
  it('publishes a discovery document for code + PKCE S256 with ES256 id_tokens', async () => {
    const doc = (await (await fetch(brand.discoveryUrl)).json()) as Record<string, unknown>;
    expect(doc.issuer).toBe(brand.issuer);
    expect(doc.response_types_supported).toContain('code');
    expect(doc.code_challenge_methods_supported).toContain('S256');
    expect(doc.id_token_signing_alg_values_supported).toContain('ES256');
  });

  it('sends authorization codes only to Parley’s callback', async () => {
    const res = await fetch(authorizeUrl({ redirect_uri: 'https://attacker.example/cb' }), {
      redirect: 'manual',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('redirect_uri');
  });

  it('refuses an authorization request without PKCE', async () => {
    const res = await fetch(authorizeUrl({ code_challenge: '', code_challenge_method: '' }), {
      redirect: 'manual',
    });
    const location = new URL(String(res.headers.get('location')));
    expect(location.href.startsWith(CALLBACK)).toBe(true);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('code')).toBeNull();
  });

  it('serves the website with a CSP that lets it talk only to itself and Parley', async () => {
    const res = await fetch(brand.siteUrl);
    expect(res.status).toBe(200);
    const csp = String(res.headers.get('content-security-policy'));
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ${PARLEY} ws://127.0.0.1:9`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('gives every login name a customer, with full profiles for alice and bob', () => {
    expect(demoClaims('alice')).toMatchObject({ sub: 'alice', name: 'Alice Martin' });
    expect(demoClaims('Zed')).toMatchObject({ sub: 'Zed', name: 'Zed Demo' });
    expect(demoClaims('zed').account_number).toBe(demoClaims('zed').account_number);
  });
});

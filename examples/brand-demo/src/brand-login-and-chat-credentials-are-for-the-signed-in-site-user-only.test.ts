import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrandDemo, type BrandDemo } from './start-brand-demo.ts';

let brand: BrandDemo;
let origin: string;
beforeAll(async () => {
  brand = await startBrandDemo({
    port: 0,
    redirectUri: 'http://127.0.0.1:9/v1/accounts/demo/callback',
    parley: { url: 'http://127.0.0.1:9', account: 'demo', connector: 'demo' },
  });
  origin = new URL(brand.siteUrl).origin;
});
afterAll(async () => brand?.close());

async function login(user: string): Promise<string> {
  const res = await fetch(`${origin}/login`, {
    method: 'POST',
    body: new URLSearchParams({ user, return: '/code.html?x=1' }),
    redirect: 'manual',
  });
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/code.html?x=1');
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

const post = (path: string, cookie: string | null, headers: Record<string, string> = {}) =>
  fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}), ...headers },
    body: '{}',
  });

describe('the demo brand site’s login and chat credentials', () => {
  it('signs an id_token for the logged-in site user, with the IdP’s issuer and key', async () => {
    const cookie = await login('alice');
    const res = await post('/api/chat-id-token', cookie);
    expect(res.status).toBe(200);
    const { idToken } = (await res.json()) as { idToken: string };
    expect(decodeJwt(idToken)).toMatchObject({ iss: brand.issuer, sub: 'alice', aud: brand.clientId });
    expect(decodeProtectedHeader(idToken)).toMatchObject({ alg: 'ES256', typ: 'JWT' });
  });

  it('mints a code for the pages’ registered redirect URI', async () => {
    const res = await post('/api/chat-code', await login('bob'));
    expect(await res.json()).toEqual({ code: expect.any(String), redirectUri: brand.codeRedirectUri });
  });

  it('refuses without a login, with a forged cookie, and from another origin', async () => {
    expect((await post('/api/chat-id-token', null)).status).toBe(401);
    const cookie = await login('alice');
    const forged = cookie.replace('alice.', 'mallory.');
    expect((await post('/api/chat-id-token', forged)).status).toBe(401);
    expect((await post('/api/chat-code', cookie, { origin: 'https://evil.example' })).status).toBe(403);
  });

  it('never redirects a login to another site', async () => {
    const res = await fetch(`${origin}/login`, {
      method: 'POST',
      body: new URLSearchParams({ user: 'alice', return: '//evil.example/x' }),
      redirect: 'manual',
    });
    expect(res.headers.get('location')).toBe('/');
  });
});

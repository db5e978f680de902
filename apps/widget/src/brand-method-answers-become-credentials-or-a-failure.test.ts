import { describe, expect, it } from 'vitest';
import { BrandMethodError, initProvider, pageMethodProvider, toCredential } from './brand-method.ts';

const JWS = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln';
const JWE = 'eyJhbGciOiJSU0EtT0FFUC0yNTYifQ.a2V5.aXY.Y2lwaGVy.dGFn';
const start = { reason: 'start' as const, accountId: 'acme' };

describe('the brand page method (LivePerson-compatible callback)', () => {
  it('callback(jwt) is an id_token, callback(code) a code, callback({ ssoKey, redirect_uri }) a code with its URI', () => {
    expect(toCredential(JWS)).toEqual({ idToken: JWS });
    expect(toCredential(JWE)).toEqual({ idToken: JWE });
    expect(toCredential('SplxlOBeZQQYbYS6WxSbIA')).toEqual({ code: 'SplxlOBeZQQYbYS6WxSbIA' });
    expect(toCredential({ ssoKey: 'abc', redirect_uri: 'https://brand/cb' })).toEqual({
      code: 'abc',
      redirectUri: 'https://brand/cb',
    });
  });

  it('an empty or unusable answer is a failure that never carries the value', () => {
    for (const bad of ['', null, undefined, { ssoKey: 42 }, { redirect_uri: 'x' }]) {
      expect(() => toCredential(bad as never)).toThrow(BrandMethodError);
    }
    try {
      toCredential({ ssoKey: '' });
    } catch (err) {
      expect(String(err)).not.toContain('ssoKey:');
    }
  });

  it('calls context[method](callback) without a 2nd argument, and with the code_challenge string for PKCE', async () => {
    const calls: unknown[][] = [];
    const page = {
      lpGetAuthenticationToken(callback: (t: string) => void, ...rest: unknown[]) {
        calls.push(rest);
        callback(rest.length > 0 ? 'code-for-the-challenge' : JWS);
      },
    };
    const provider = pageMethodProvider(page, 'lpGetAuthenticationToken');
    await expect(provider(start)).resolves.toEqual({ idToken: JWS });
    await expect(
      provider({ ...start, codeChallenge: 'E9Melhoa', codeChallengeMethod: 'S256' }),
    ).resolves.toEqual({ code: 'code-for-the-challenge' });
    expect(calls).toEqual([[], ['E9Melhoa']]);
  });

  it('callback(anything, error) rejects, as do a missing or throwing method', async () => {
    const failing = { m: (callback: (t: unknown, e?: unknown) => void) => callback(JWS, 'not logged in') };
    await expect(pageMethodProvider(failing, 'm')(start)).rejects.toThrow(BrandMethodError);
    await expect(pageMethodProvider({}, 'm')(start)).rejects.toThrow(BrandMethodError);
    const throwing = {
      m: () => {
        throw new Error('boom');
      },
    };
    await expect(pageMethodProvider(throwing, 'm')(start)).rejects.toThrow(BrandMethodError);
  });

  it('Parley.init getToken answers { idToken } or { code, redirectUri }; anything else fails', async () => {
    await expect(initProvider(async () => ({ idToken: JWS }))(start)).resolves.toEqual({ idToken: JWS });
    await expect(
      initProvider(async () => ({ code: 'c', redirectUri: 'https://b/cb' }))(start),
    ).resolves.toEqual({
      code: 'c',
      redirectUri: 'https://b/cb',
    });
    await expect(initProvider(async () => ({ token: JWS }))(start)).rejects.toThrow(BrandMethodError);
  });
});

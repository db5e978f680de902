import { describe, expect, it } from 'vitest';
import { popupCookie } from './popup-cookie.ts';

describe('the popup cookie', () => {
  it('over https: __Host-parley-popup, Secure, Path=/, HttpOnly, SameSite=Lax, no Domain', () => {
    expect(popupCookie('https://chat.acme.example/v1/accounts/acme/callback', 'acme')).toEqual({
      name: '__Host-parley-popup',
      options: { httpOnly: true, sameSite: 'lax', maxAge: 600, secure: true, path: '/' },
    });
  });

  it('over loopback http (browsers refuse Secure there): parley-popup, scoped to the account path', () => {
    expect(popupCookie('http://127.0.0.1:8080/v1/accounts/acme%2Fx/callback', 'acme/x')).toEqual({
      name: 'parley-popup',
      options: {
        httpOnly: true,
        sameSite: 'lax',
        maxAge: 600,
        secure: false,
        path: '/v1/accounts/acme%2Fx/',
      },
    });
  });
});

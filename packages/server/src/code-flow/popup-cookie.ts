import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CookieSerializeOptions } from '@fastify/cookie';
import { randomToken } from '@parley/core';

/** Lives as long as a popup state (10 min): the cookie is useless without one. */
const MAX_AGE_SECONDS = 600;
const VALUE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Where the popup cookie lives for one account, derived from Parley's callback URL. */
export interface PopupCookie {
  name: string;
  options: CookieSerializeOptions;
}

/**
 * The popup cookie that binds a popup state to the browser that started it. Over https it is
 * `__Host-parley-popup` (Secure, `Path=/`, no Domain: no sibling host can set or overwrite
 * it); over loopback http (development) browsers refuse `Secure`, so it is `parley-popup`
 * scoped to the account's path. Always `HttpOnly` (page scripts never need it) and
 * `SameSite=Lax`: the IdP's redirect back to `/callback` is a cross-site top-level GET, which
 * Lax still sends, while cross-site subrequests do not carry it.
 */
export function popupCookie(callbackUrl: string, accountId: string): PopupCookie {
  const secure = new URL(callbackUrl).protocol === 'https:';
  const common = { httpOnly: true, sameSite: 'lax', maxAge: MAX_AGE_SECONDS } as const;
  return secure
    ? { name: '__Host-parley-popup', options: { ...common, secure: true, path: '/' } }
    : {
        name: 'parley-popup',
        options: { ...common, secure: false, path: `/v1/accounts/${encodeURIComponent(accountId)}/` },
      };
}

/** The browser's current binding value, if it sent a well-formed one. */
export function presentedBinding(request: FastifyRequest, cookie: PopupCookie): string | undefined {
  const value = request.cookies[cookie.name];
  return value !== undefined && VALUE_PATTERN.test(value) ? value : undefined;
}

/**
 * The binding value for a new popup: the browser's current one if well-formed, so two popups
 * opened one after the other in one browser both finish; else 32 fresh random bytes.
 */
export function bindingFor(request: FastifyRequest, cookie: PopupCookie): string {
  return presentedBinding(request, cookie) ?? randomToken(32);
}

/** Sets (or refreshes) the popup cookie to `value`. */
export function setBinding(reply: FastifyReply, cookie: PopupCookie, value: string): FastifyReply {
  return reply.setCookie(cookie.name, value, cookie.options);
}
